import { describe, expect, it } from 'vitest';
import { IsogateError, redactSecrets, redactUrl } from '../../src/errors/index.js';

describe('redaction', () => {
  it('removes a Redis password but keeps host and port', () => {
    expect(redactUrl('rediss://default:s3cr3t@cache.example:6380/0')).toBe('rediss://***@cache.example:6380/0');
    expect(redactUrl('redis://:s3cr3t@10.0.0.1')).toBe('redis://***@10.0.0.1');
  });

  it('removes bearer tokens and password fields from free text', () => {
    const text = 'GET /kv Authorization: Bearer tok-acme.abc123 {"password":"pw1","token":"t0k"} password=plain';
    const out = redactSecrets(text);
    for (const secret of ['tok-acme.abc123', 'pw1', 't0k', 'plain']) expect(out).not.toContain(secret);
  });

  it('leaves a URL without credentials as it is', () => {
    expect(redactSecrets('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });
});

describe('IsogateError', () => {
  it('describes itself with its code, a next step and the docs, without a stack', () => {
    const error = new IsogateError('ISOGATE_REDIS_UNAVAILABLE', 'expected a Redis, found none', { hint: 'install redis-server' });
    const text = error.describe();
    expect(text).toMatch(/^ISOGATE_REDIS_UNAVAILABLE: expected a Redis, found none/);
    expect(text).toContain('next: install redis-server');
    expect(text).not.toContain('at ');
    expect(error.exitCode).toBe(3);
  });
});
