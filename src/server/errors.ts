import { DomainError, type ErrorKind } from '../errors.js';

/** The HTTP status of each kind of domain error (src/errors.ts). */
export const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rejected: 422,
  unavailable: 502,
};

/** An error only the HTTP layer raises (rate limits); domains throw DomainError instead. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ErrorReply {
  status: number;
  body: { error: { code: string; message: string; details?: unknown } };
}

/** The reply for a domain or HTTP error; null for anything else (a bug, answered as 500). */
export function replyForError(error: unknown): ErrorReply | null {
  if (error instanceof DomainError) {
    return {
      status: STATUS_OF_KIND[error.kind],
      body: { error: { code: error.code, message: error.message, details: error.details } },
    };
  }
  if (error instanceof HttpError) {
    return { status: error.status, body: { error: { code: error.code, message: error.message } } };
  }
  return null;
}
