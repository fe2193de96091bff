export { IsogateError, isIsogateError, errorDocs, README_PATH, ISOGATE_ERROR_CODES } from './IsogateError.js';
export type { IsogateErrorCode, IsogateErrorOptions } from './IsogateError.js';
export { redactSecrets, redactUrl } from './redactSecrets.js';
