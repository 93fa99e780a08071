import type { TwitterChannelSettings, TwitterCredentials } from '../../../../common/api/channels.js';
import { TWITTER_API_URL } from '../../../../common/api/channels.js';
import { postJson, type RemoteAnswer } from '../remote-http.js';
import { authorizationHeader } from './oauth1.js';

/** A v1.1 API call signed with OAuth 1.0a user context (the bot account's tokens). */
export async function callTwitter(
  settings: Pick<TwitterChannelSettings, 'api_base_url'>,
  credentials: TwitterCredentials,
  path: string,
  body: unknown,
  options: { timeoutMs?: number } = {},
): Promise<RemoteAnswer> {
  const url = `${(settings.api_base_url ?? TWITTER_API_URL).replace(/\/+$/, '')}${path}`;
  const authorization = authorizationHeader(
    {
      consumerKey: credentials.consumer_key,
      consumerSecret: credentials.consumer_secret,
      token: credentials.access_token,
      tokenSecret: credentials.access_token_secret,
    },
    'POST',
    url,
  );
  return postJson(url, body === undefined ? '' : JSON.stringify(body), {
    headers: { authorization },
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
}

/** Twitter's error text (`errors[0].code` and `message`), for logs and the failures page. */
export function twitterError(answer: RemoteAnswer): string {
  const json = (typeof answer.json === 'object' && answer.json !== null ? answer.json : {}) as {
    errors?: { code?: unknown; message?: unknown }[];
    detail?: unknown;
  };
  const first = json.errors?.[0];
  const code = typeof first?.code === 'number' ? ` (#${first.code})` : '';
  const message =
    typeof first?.message === 'string'
      ? first.message
      : typeof json.detail === 'string'
        ? json.detail
        : answer.statusText;
  return `Twitter answered ${answer.status}${code}: ${message.slice(0, 300)}`.trim();
}
