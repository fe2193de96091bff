import { describe, expect, it } from 'vitest';
import { isogateConfigSchema } from '../../src/config/index.js';
import { moduleTargetSchema } from '../../src/targets/index.js';

const store = { kind: 'module', module: './store.ts' } as const;

describe('target config', () => {
  it('accepts a versioned target name such as lib-1.2.2', () => {
    const parsed = isogateConfigSchema.parse({ targets: { 'lib-1.2.2': store } });
    expect(Object.keys(parsed.targets)).toEqual(['lib-1.2.2']);
  });
  it('refuses a bad target name saying which names are allowed', () => {
    const result = isogateConfigSchema.safeParse({ targets: { 'my store/v2': store } });
    expect(result.success).toBe(false);
    const text = result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n') ?? '';
    expect(text).toContain('my store/v2');
    expect(text).toMatch(/letters, digits, '_', '-' and '\.'/);
    expect(text).not.toMatch(/Invalid key in record/);
  });
  it('takes a namespace separator (default ":") and a value pattern', () => {
    expect(moduleTargetSchema.parse(store).separator).toBe(':');
    const t = moduleTargetSchema.parse({ ...store, separator: '|', value: '^[a-z0-9]+$' });
    expect(t.separator).toBe('|');
    expect(t.value?.test('abc123')).toBe(true);
    expect(moduleTargetSchema.safeParse({ ...store, separator: 'x' }).success).toBe(false);
  });
  it('takes a weight (1 to 10) on a relation the target adds', () => {
    const rule = { name: 'dots', from: '\\.', to: '_' };
    expect(moduleTargetSchema.parse({ ...store, relations: [{ ...rule, weight: 3 }] }).relations?.[0]?.weight).toBe(3);
    expect(moduleTargetSchema.parse({ ...store, relations: [rule] }).relations?.[0]?.weight).toBeUndefined();
    expect(moduleTargetSchema.safeParse({ ...store, relations: [{ ...rule, weight: 0 }] }).success).toBe(false);
  });
});
