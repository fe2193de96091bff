/**
 * Secrets never reach a log, an error or a report. Redis URLs keep their
 * host and port so a reader can still tell which server was meant.
 */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^@\s/]*)@/gi;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/g;
const PASSWORD_FIELD = /("?(?:password|passwd|secret|token|authorization)"?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,}]+)/gi;

export function redactUrl(url: string): string {
  return url.replace(URL_CREDENTIALS, (_m, scheme: string) => `${scheme}***@`);
}

export function redactSecrets(text: string): string {
  return redactUrl(text).replace(BEARER, '$1***').replace(PASSWORD_FIELD, '$1***');
}
