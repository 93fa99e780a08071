import { createHmac, randomBytes } from 'node:crypto';

/**
 * OAuth 1.0a (RFC 5849) HMAC-SHA1 signing of a user-context request, as Twitter/X's v1.1 API wants
 * it: the signature base string is the method, the URL without its query, and every query and
 * oauth_ parameter, percent-encoded (RFC 3986) and sorted. A JSON body is not signed (only
 * form-encoded bodies are). Tested with the example of Twitter's "Creating a signature".
 */
export interface OAuthKeys {
  readonly consumerKey: string;
  readonly consumerSecret: string;
  readonly token: string;
  readonly tokenSecret: string;
}

/** RFC 3986 percent-encoding: everything but unreserved characters. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

export function signatureBaseString(
  method: string,
  url: string,
  params: readonly [string, string][],
): string {
  const target = new URL(url);
  const base = `${target.protocol}//${target.host}${target.pathname}`;
  const all = [...params, ...[...target.searchParams.entries()]]
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : av > bv ? 1 : 0) : ak < bk ? -1 : 1));
  const joined = all.map(([k, v]) => `${k}=${v}`).join('&');
  return `${method.toUpperCase()}&${percentEncode(base)}&${percentEncode(joined)}`;
}

export function hmacSha1(keys: Pick<OAuthKeys, 'consumerSecret' | 'tokenSecret'>, base: string): string {
  const key = `${percentEncode(keys.consumerSecret)}&${percentEncode(keys.tokenSecret)}`;
  return createHmac('sha1', key).update(base).digest('base64');
}

/**
 * The `Authorization: OAuth …` header of a request. `extra` holds form-body parameters, when the
 * body is form-encoded (they are signed too); `nonce` and `timestamp` are for tests.
 */
export function authorizationHeader(
  keys: OAuthKeys,
  method: string,
  url: string,
  options: { extra?: readonly [string, string][]; nonce?: string; timestamp?: number } = {},
): string {
  const oauth: [string, string][] = [
    ['oauth_consumer_key', keys.consumerKey],
    ['oauth_nonce', options.nonce ?? randomBytes(16).toString('hex')],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', String(options.timestamp ?? Math.floor(Date.now() / 1000))],
    ['oauth_token', keys.token],
    ['oauth_version', '1.0'],
  ];
  const signature = hmacSha1(keys, signatureBaseString(method, url, [...oauth, ...(options.extra ?? [])]));
  const fields = [...oauth, ['oauth_signature', signature] as [string, string]].sort(([a], [b]) =>
    a < b ? -1 : 1,
  );
  return `OAuth ${fields.map(([k, v]) => `${percentEncode(k)}="${percentEncode(v)}"`).join(', ')}`;
}
