import type { FastifyReply, FastifyRequest } from 'fastify';
import { CHANNEL_LIMITS } from '../../../../common/limits.js';
import { TooManyAttempts } from '../../../errors.js';
import type { App } from '../../../http/types.js';

/** Checks one request against one limit; throws `rate_limited` (429) once it is over. */
export type LimitCheck = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export interface ChatLimits {
  /** Messages sent: per network address, then per visitor token (both before the body is read). */
  readonly sendsPerAddress: LimitCheck;
  readonly sendsPerToken: LimitCheck;
  /** Stream openings and polls. */
  readonly readsPerAddress: LimitCheck;
  readonly readsPerToken: LimitCheck;
}

const MINUTE = 60_000;

/**
 * The web chat's flood limits, one counter per minute each (@fastify/rate-limit's store, in this
 * process's memory). `createRateLimit` rather than the `rateLimit` hook: the hook marks the request
 * as limited once, so a second limit on the same route would never be checked. The address is
 * `request.ip`, which follows TRUST_PROXY; the token's counter is keyed by its user key, so the
 * token itself is not kept even in memory.
 */
export function chatLimits(app: App, userKeyOfRequest: (request: FastifyRequest) => string): ChatLimits {
  const perAddress = (max: number, what: string) =>
    check(app.createRateLimit({ max, timeWindow: MINUTE }), what);
  const perToken = (max: number, what: string) =>
    check(app.createRateLimit({ max, timeWindow: MINUTE, keyGenerator: userKeyOfRequest }), what);
  return {
    sendsPerAddress: perAddress(CHANNEL_LIMITS.webPerAddressPerMinute, 'messages from this network address'),
    sendsPerToken: perToken(CHANNEL_LIMITS.webPerTokenPerMinute, 'messages'),
    readsPerAddress: perAddress(
      CHANNEL_LIMITS.webReadsPerAddressPerMinute,
      'requests from this network address',
    ),
    readsPerToken: perToken(CHANNEL_LIMITS.webReadsPerTokenPerMinute, 'requests'),
  };
}

type Limiter = ReturnType<App['createRateLimit']>;

function check(limiter: Limiter, what: string): LimitCheck {
  return async (request, reply) => {
    const result = await limiter(request);
    if (result.isAllowed || !result.isExceeded) return;
    reply.header('retry-after', String(result.ttlInSeconds));
    throw new TooManyAttempts(
      `Too many ${what} in a minute: try again in ${result.ttlInSeconds} s.`,
      'rate_limited',
    );
  };
}
