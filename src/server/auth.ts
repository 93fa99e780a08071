import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { roleAllows } from '../../common/roles.js';
import { resolveSession } from '../users/sessions.js';
import { Forbidden, Unauthorized } from './errors.js';
import type { Actor, App, AppDeps } from './types.js';

export const SESSION_COOKIE = 'parley_session';

/**
 * Turns the session cookie into `request.actor` and enforces the route's declared `access`
 * before validation or the handler run: an anonymous request to a non-public route gets 401, a
 * signed-in user whose role is not allowed gets 403.
 */
export function registerAuth(app: App, deps: AppDeps): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionToken', null);

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access;
    if (access === undefined || access === 'public') return;
    if (hasServiceToken(request)) return;
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const user = await resolveSession(deps.db, token, deps.config.session, deps.now(), deps.sessions);
      if (user) {
        request.actor = user;
        request.sessionToken = token;
      }
    }
    if (!request.actor) throw new Unauthorized();
    if (!roleAllows(access, request.actor.role)) throw new Forbidden();
  });
}

function hasServiceToken(request: FastifyRequest): boolean {
  const expected = request.routeOptions.config?.serviceToken;
  const header = request.headers.authorization;
  if (!expected || !header?.startsWith('Bearer ')) return false;
  const given = createHash('sha256').update(header.slice(7)).digest();
  return timingSafeEqual(given, createHash('sha256').update(expected).digest());
}

/** The signed-in actor of a route that is not public (the onRequest hook guarantees one). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new Unauthorized();
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
