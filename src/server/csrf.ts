import type { IncomingHttpHeaders } from 'node:http';
import { Forbidden } from '../errors.js';
import type { App } from '../http/types.js';
import { hasServiceToken } from './auth.js';

/** Methods that never change state: a page of any site may send them. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The origins of this site's own pages: PUBLIC_URL's. On a loopback address the other loopback
 * names with the same port are the same server (the default PUBLIC_URL says `localhost` while the
 * server listens on 127.0.0.1), so they count too.
 */
function siteOrigins(publicUrl: string): Set<string> {
  const url = new URL(publicUrl);
  const origins = new Set([url.origin]);
  if (LOOPBACK_HOSTS.includes(url.hostname)) {
    for (const host of LOOPBACK_HOSTS) {
      const alias = new URL(url.origin);
      alias.hostname = host;
      origins.add(alias.origin);
    }
  }
  return origins;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function originOf(value: string): string {
  try {
    return new URL(value).origin;
  } catch {
    return 'null';
  }
}

/**
 * Why a state-changing request must be refused as cross-site, or null when it may go on. Browsers
 * say where a request comes from (`Sec-Fetch-Site`, `Origin`; `Referer` when an old one sends no
 * Origin); a request with none of them is not a browser's (curl, scripts) and carries no ambient
 * credentials a page could abuse.
 */
function crossSiteReason(
  method: string,
  headers: IncomingHttpHeaders,
  origins: ReadonlySet<string>,
): string | null {
  if (SAFE_METHODS.has(method)) return null;
  const fetchSite = first(headers['sec-fetch-site']);
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') return `Sec-Fetch-Site is ${fetchSite}`;
  const origin = first(headers.origin);
  if (origin !== undefined) return origins.has(originOf(origin)) ? null : `Origin is ${origin}`;
  const referer = first(headers.referer);
  if (referer !== undefined && !origins.has(originOf(referer))) return `Referer is ${originOf(referer)}`;
  return null;
}

/**
 * Refuses state-changing requests that a page of another site made a browser send (with the
 * session cookie it holds): 403 `cross_site_request` before authentication, parsing or the
 * handler, so nothing changes. Machine callers authenticated by a route's service token pass.
 * Fastify's text/plain parser goes too: it is a body any page may send without asking (no
 * preflight) and no route reads it, so such requests get 415.
 */
export function registerCsrfGuard(app: App, publicUrl: string): void {
  app.removeContentTypeParser('text/plain');
  const origins = siteOrigins(publicUrl);
  const site = new URL(publicUrl).origin;
  app.addHook('onRequest', async (request) => {
    const reason = crossSiteReason(request.method, request.headers, origins);
    if (reason === null || hasServiceToken(request)) return;
    throw new Forbidden(
      `Refused a request from another site (${reason}, this site is ${site}). ` +
        'If this is Parley’s own page, set PUBLIC_URL to the address shown in the browser.',
      'cross_site_request',
    );
  });
}
