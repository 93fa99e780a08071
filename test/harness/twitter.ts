import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TWITTER_SIGNATURE_HEADER } from '../../common/api/channels.js';
import { createChannel } from '../../src/chatbot/channels/manage.js';
import { boxesOf } from '../../src/chatbot/channels/runtime-deps.js';
import { twitterSignature } from '../../src/chatbot/channels/twitter/events.js';
import { hmacSha1, percentEncode, signatureBaseString } from '../../src/chatbot/channels/twitter/oauth1.js';
import type { Db } from '../../src/db/index.js';

export const FAKE_TWITTER_KEYS = {
  consumer_key: 'xvz1evFS4wEEPTGEFPHBog',
  consumer_secret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
  access_token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
  access_token_secret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
};
export const FAKE_ACCOUNT_ID = '370773112';
export const FAKE_ENV = 'dev';

export interface TwitterCall {
  readonly path: string;
  readonly body: Record<string, unknown> | null;
  /** The OAuth 1.0a signature checked with the fake's keys. */
  readonly signatureOk: boolean;
}

export interface TwitterAnswer {
  readonly status: number;
  readonly code?: number;
  readonly message?: string;
  /** `x-rate-limit-reset` (Unix seconds) of a 429. */
  readonly reset?: number;
}

/**
 * Twitter/X's v1.1 API as a real HTTP server on 127.0.0.1 (a channel's `api_base_url`): sending a
 * DM (`/1.1/direct_messages/events/new.json`), registering a webhook and subscribing
 * (`/1.1/account_activity/all/<env>/…`). Every request's OAuth 1.0a signature is recomputed with
 * the fake's keys: a bad one is 401 (#32) as Twitter answers it. `answers` scripts the next answers.
 */
export class FakeTwitter {
  readonly calls: TwitterCall[] = [];
  readonly answers: TwitterAnswer[] = [];
  private next = 1;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeTwitter> {
    let fake: FakeTwitter | null = null;
    const server = createServer((request, response) => {
      fake?.handle(request, response).catch(() => response.destroy());
    });
    fake = new FakeTwitter(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private signatureOk(request: IncomingMessage): boolean {
    const header = request.headers.authorization ?? '';
    if (!header.startsWith('OAuth ')) return false;
    const fields = new Map(
      [...header.slice(6).matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [
        m[1] as string,
        decodeURIComponent(m[2] as string),
      ]),
    );
    const given = fields.get('oauth_signature');
    fields.delete('oauth_signature');
    if (fields.get('oauth_consumer_key') !== FAKE_TWITTER_KEYS.consumer_key) return false;
    if (fields.get('oauth_token') !== FAKE_TWITTER_KEYS.access_token) return false;
    const base = signatureBaseString(request.method ?? 'POST', `${this.url}${request.url}`, [
      ...fields.entries(),
    ]);
    const expected = hmacSha1(
      {
        consumerSecret: FAKE_TWITTER_KEYS.consumer_secret,
        tokenSecret: FAKE_TWITTER_KEYS.access_token_secret,
      },
      base,
    );
    return given === expected && percentEncode(given) !== '';
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      response
        .writeHead(status, { 'content-type': 'application/json', ...headers })
        .end(body === null ? '' : JSON.stringify(body));
    };
    const path = (request.url ?? '').split('?')[0] ?? '';
    const signatureOk = this.signatureOk(request);
    this.calls.push({ path, body: text === '' ? null : JSON.parse(text), signatureOk });
    if (!signatureOk) return send(401, { errors: [{ code: 32, message: 'Could not authenticate you.' }] });
    const scripted = this.answers.shift();
    if (scripted && scripted.status >= 300)
      return send(
        scripted.status,
        {
          errors: [
            {
              code: scripted.code ?? scripted.status,
              message: scripted.message ?? `Error ${scripted.status}`,
            },
          ],
        },
        scripted.reset === undefined ? {} : { 'x-rate-limit-reset': String(scripted.reset) },
      );
    if (path === '/1.1/direct_messages/events/new.json')
      return send(200, { event: { type: 'message_create', id: String(this.next++) } });
    if (/^\/1\.1\/account_activity\/all\/[^/]+\/webhooks\.json$/.test(path))
      return send(200, {
        id: '1234567890',
        url: new URL(request.url ?? '', this.url).searchParams.get('url'),
        valid: true,
      });
    if (/^\/1\.1\/account_activity\/all\/[^/]+\/subscriptions\.json$/.test(path)) return send(204, null);
    send(404, { errors: [{ code: 34, message: 'Sorry, that page does not exist.' }] });
  }

  /** The DMs sent to one user, in order (their message_data). */
  sentTo(recipientId: string): Record<string, unknown>[] {
    return this.calls
      .filter((c) => c.path === '/1.1/direct_messages/events/new.json' && c.signatureOk)
      .map(
        (c) =>
          (
            c.body as {
              event: {
                message_create: { target: { recipient_id: string }; message_data: Record<string, unknown> };
              };
            }
          ).event.message_create,
      )
      .filter((m) => m.target.recipient_id === recipientId)
      .map((m) => m.message_data);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export async function addTwitterChannel(
  db: Db,
  secret: string,
  botId: number,
  apiBaseUrl: string,
): Promise<number> {
  const created = await createChannel(db, boxesOf(secret).channelSecrets, {
    botId,
    kind: 'twitter',
    settings: { account_id: FAKE_ACCOUNT_ID, env_name: FAKE_ENV, api_base_url: apiBaseUrl },
    credentials: FAKE_TWITTER_KEYS,
  });
  return created.channel.id;
}

let ids = 900_000;

/** An Account Activity payload with one DM to the bot: text, or a quick reply's metadata. */
export function dmEvent(
  senderId: string,
  message: { text: string } | { metadata: string },
  extra: { id?: string; sourceAppId?: string } = {},
): Record<string, unknown> {
  const data =
    'text' in message
      ? { text: message.text, entities: {} }
      : { text: 'x', quick_reply_response: { type: 'options', metadata: message.metadata } };
  return {
    for_user_id: FAKE_ACCOUNT_ID,
    direct_message_events: [
      {
        type: 'message_create',
        id: extra.id ?? String(ids++),
        created_timestamp: String(Date.now()),
        message_create: {
          target: { recipient_id: FAKE_ACCOUNT_ID },
          sender_id: senderId,
          ...(extra.sourceAppId ? { source_app_id: extra.sourceAppId } : {}),
          message_data: data,
        },
      },
    ],
  };
}

/** Headers and body of a webhook POST signed as Twitter signs it. */
export function signedTwitter(
  body: unknown,
  consumerSecret = FAKE_TWITTER_KEYS.consumer_secret,
): { headers: Record<string, string>; payload: string } {
  const payload = JSON.stringify(body);
  return {
    headers: {
      'content-type': 'application/json',
      [TWITTER_SIGNATURE_HEADER]: twitterSignature(consumerSecret, payload),
    },
    payload,
  };
}
