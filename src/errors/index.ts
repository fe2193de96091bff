export { IsogateError, isIsogateError, DOCS_URL } from './IsogateError.js';
export type { IsogateErrorCode, IsogateErrorOptions } from './IsogateError.js';
export { redactSecrets, redactUrl } from './redactSecrets.js';
