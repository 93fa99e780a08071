import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { roleAllows } from '../../common/roles.js';
import { Forbidden, Unauthenticated } from '../errors.js';
import { SESSION_COOKIE } from '../http/request.js';
import type { App, AppDeps } from '../http/types.js';

/**
 * Turns the session cookie into `request.actor` and enforces the route's declared `access`
 * before validation or the handler run: an anonymous request to a non-public route gets 401, a
 * signed-in user whose role is not allowed gets 403. Sessions are looked up through
 * `deps.sessions`, which the users domain provides.
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
      const user = await deps.sessions.resolve(token, deps.now());
      if (user) {
        request.actor = user;
        request.sessionToken = token;
      }
    }
    if (!request.actor) throw new Unauthenticated();
    if (!roleAllows(access, request.actor.role)) throw new Forbidden();
  });
}

/** Whether the request carries the route's service token (`Authorization: Bearer …`). */
export function hasServiceToken(request: FastifyRequest): boolean {
  const expected = request.routeOptions.config?.serviceToken;
  const header = request.headers.authorization;
  if (!expected || !header?.startsWith('Bearer ')) return false;
  const given = createHash('sha256').update(header.slice(7)).digest();
  return timingSafeEqual(given, createHash('sha256').update(expected).digest());
}
