/** Tenants are named A, B, C… in stories; their real ids are listed once at the top. */
export function tenantLabel(index: number): string {
  return index < 26 ? String.fromCharCode(65 + index) : `T${index}`;
}
