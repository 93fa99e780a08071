/**
 * Domain errors: what went wrong, in the domain's words, with a stable `code` a client can act on
 * and optional `details` (the fields, lines or JSON paths at fault). Nothing here knows HTTP:
 * `server/errors.ts` maps each kind to a status, the CLI prints the message as one line.
 */
import type { ErrorCode } from '../common/api/error-codes.js';

export type { ErrorCode };

export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'too_many'
  | 'rejected'
  | 'unavailable';

export abstract class DomainError extends Error {
  abstract readonly kind: ErrorKind;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input is malformed or out of range. */
export class Invalid extends DomainError {
  readonly kind = 'invalid';
  constructor(message: string, details?: unknown, code: ErrorCode = 'bad_request') {
    super(code, message, details);
  }
}

/** No signed-in user (or the session ended). */
export class Unauthenticated extends DomainError {
  readonly kind = 'unauthenticated';
  constructor(message = 'Sign in to continue.', code: ErrorCode = 'unauthorized') {
    super(code, message);
  }
}

/** The actor is known but may not do this. */
export class Forbidden extends DomainError {
  readonly kind = 'forbidden';
  constructor(message = 'Your role does not allow this.', code: ErrorCode = 'forbidden') {
    super(code, message);
  }
}

export class NotFound extends DomainError {
  readonly kind = 'not_found';
  constructor(what = 'Resource', code: ErrorCode = 'not_found') {
    super(code, `${what} not found.`);
  }
}

/** The request is fine but the current state refuses it (a duplicate, a stale revision…). */
export class Conflict extends DomainError {
  readonly kind = 'conflict';
  constructor(message: string, code: ErrorCode = 'conflict', details?: unknown) {
    super(code, message, details);
  }
}

/** Over a size limit. */
export class TooLarge extends DomainError {
  readonly kind = 'too_large';
  constructor(message: string, code: ErrorCode = 'too_large', details?: unknown) {
    super(code, message, details);
  }
}

/** Too many attempts in a while (failed sign-ins on one account): the caller must wait. */
export class TooManyAttempts extends DomainError {
  readonly kind = 'too_many';
  constructor(message: string, code: ErrorCode = 'too_many_attempts') {
    super(code, message);
  }
}

/** Understood, but refused whole: an import or a config with problems; `details` lists every one. */
export class Rejected extends DomainError {
  readonly kind = 'rejected';
}

/** A system Parley reads from (a Spoke database, a remote API) did not answer. */
export class Unavailable extends DomainError {
  readonly kind = 'unavailable';
}

/** PostgreSQL unique_violation, for turning a duplicate into a Conflict. */
/** A row refers to one that does not exist (PostgreSQL 23503). */
export function isForeignKeyViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23503';
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}
