import { type ErrorCode, isErrorCode } from '../../common/api/error-codes.js';
import { DomainError, type ErrorKind } from '../errors.js';

/** The HTTP status of each kind of domain error (src/errors.ts). */
const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  too_many: 429,
  rejected: 422,
  unavailable: 502,
};

/** An error only the HTTP layer raises (rate limits); domains throw DomainError instead. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ErrorReply {
  status: number;
  body: { error: { code: ErrorCode; message: string; details?: unknown } };
}

/** The one error shape, its code from the list the web UI translates (common/api/error-codes.ts). */
export function errorBody(code: ErrorCode, message: string, details?: unknown): ErrorReply['body'] {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Our code for a client error raised by Fastify or a plugin (`FST_ERR_CTP_INVALID_MEDIA_TYPE`…). */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
};

/** Otherwise by status, so every reply carries a code the web UI knows. */
const STATUS_CODES: Record<number, ErrorCode> = {
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'body_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

export function clientErrorCode(error: { code?: string; statusCode?: number; name?: string }): ErrorCode {
  const lowered = error.code?.toLowerCase();
  if (error.code && FASTIFY_CODES[error.code]) return FASTIFY_CODES[error.code] as ErrorCode;
  if (isErrorCode(lowered)) return lowered;
  // JSON.parse's own error (a body that is not JSON), raised through the content-type parser.
  if (error.name === 'SyntaxError') return 'invalid_json';
  return STATUS_CODES[error.statusCode ?? 400] ?? 'bad_request';
}

/** The reply for a domain or HTTP error; null for anything else (a bug, answered as 500). */
export function replyForError(error: unknown): ErrorReply | null {
  if (error instanceof DomainError) {
    return { status: STATUS_OF_KIND[error.kind], body: errorBody(error.code, error.message, error.details) };
  }
  if (error instanceof HttpError) return { status: error.status, body: errorBody(error.code, error.message) };
  if (isDatabaseOverloaded(error)) {
    return { status: 503, body: errorBody('database_busy', 'The database is busy right now; try again.') };
  }
  return null;
}

/** PostgreSQL codes of a server that refuses more work for now (too many connections, starting up). */
const OVERLOADED_CODES = new Set(['53300', '57P03']);

/**
 * The database could not take the request in time: every connection of the pool stayed busy past
 * its wait (node-postgres says so only in words) or the server refused a connection. A client
 * should retry later (503), not report a bug (500).
 */
function isDatabaseOverloaded(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && OVERLOADED_CODES.has(code)) return true;
  return typeof message === 'string' && message.startsWith('timeout exceeded when trying to connect');
}
