import type { IfMatch } from '../http/etag.js';

/**
 * Domain errors carry a code; one filter (all-exceptions.filter.ts) maps every code to the
 * contract's status code. Adding a code without mapping it fails to compile (assertUnreachable).
 */
export type DomainErrorCode =
  | 'invalid_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'invalid_state'
  | 'duplicate'
  | 'stale_version'
  | 'version_required'
  | 'idempotency_mismatch'
  | 'payload_too_large'
  | 'rate_limited';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function assertUnreachable(x: never): never {
  throw new Error(`Unhandled case: ${String(x)}`);
}

export function statusOf(code: DomainErrorCode): { status: number; error: string } {
  switch (code) {
    case 'invalid_input':
      return { status: 400, error: 'Bad Request' };
    case 'unauthenticated':
      return { status: 401, error: 'Unauthorized' };
    case 'forbidden':
      return { status: 403, error: 'Forbidden' };
    case 'not_found':
      return { status: 404, error: 'Not Found' };
    case 'invalid_state':
    case 'duplicate':
      return { status: 409, error: 'Conflict' };
    case 'stale_version':
      return { status: 412, error: 'Precondition Failed' };
    case 'payload_too_large':
      return { status: 413, error: 'Payload Too Large' };
    case 'idempotency_mismatch':
      return { status: 422, error: 'Unprocessable Entity' };
    case 'version_required':
      return { status: 428, error: 'Precondition Required' };
    case 'rate_limited':
      return { status: 429, error: 'Too Many Requests' };
    default:
      return assertUnreachable(code);
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what} not found`);
export const forbidden = (message: string) => new DomainError('forbidden', message);
export const invalidState = (message: string, details?: Record<string, unknown>) =>
  new DomainError('invalid_state', message, details);
export const invalidInput = (message: string) => new DomainError('invalid_input', message);

/**
 * The one "changed meanwhile" error (412): `what` was read at another version than the current
 * one (`current`, when known) or moved on between reading and writing.
 */
export const staleVersion = (what: string, current?: number) =>
  new DomainError('stale_version', current === undefined ? `the ${what} was changed meanwhile; reload it` : `the ${what} was changed meanwhile: current version is ${current}`);

/**
 * 412 unless If-Match admits the version of the record read (`*`, or one of its strong tags;
 * etag.ts): returns that version, the one the change is then written against.
 */
export function assertVersion(what: string, record: { version: number }, expected: number | IfMatch): number {
  const ok = typeof expected === 'number' ? expected === record.version : expected.any || expected.versions.includes(record.version);
  if (!ok) throw staleVersion(what, record.version);
  return record.version;
}
