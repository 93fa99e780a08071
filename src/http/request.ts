import type { FastifyReply, FastifyRequest } from 'fastify';
import { Unauthenticated } from '../errors.js';
import type { Actor, AppDeps } from './types.js';

export const SESSION_COOKIE = 'parley_session';

/** The signed-in actor of a route that is not public (the auth hook guarantees one). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Unauthenticated();
  return request.actor;
}

export function setSessionCookie(reply: FastifyReply, token: string, deps: AppDeps): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.publicUrl.startsWith('https:'),
    maxAge: deps.config.session.maxDays * 86_400,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
