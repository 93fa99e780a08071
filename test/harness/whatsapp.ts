import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WHATSAPP_SIGNATURE_HEADER } from '../../common/api/channels.js';
import { createChannel } from '../../src/chatbot/channels/manage.js';
import { boxesOf } from '../../src/chatbot/channels/runtime-deps.js';
import { hubSignature } from '../../src/chatbot/channels/whatsapp/signature.js';
import type { Db } from '../../src/db/index.js';

export const FAKE_ACCESS_TOKEN = 'EAAGfakefakefakefakefakefakefake';
export const FAKE_APP_SECRET = '0123456789abcdef0123456789abcdef';
export const FAKE_PHONE_NUMBER_ID = '106540352242922';
export const FAKE_DISPLAY_NUMBER = '15550783881';

/** One message the fake Graph API got. */
export interface GraphCall {
  readonly phoneNumberId: string;
  readonly body: Record<string, unknown>;
}

/** A scripted answer: an HTTP status with a Graph API error code. */
export interface GraphAnswer {
  readonly status: number;
  readonly code?: number;
  readonly message?: string;
}

/**
 * Meta's Graph API (WhatsApp Cloud API) as a real HTTP server on 127.0.0.1 (a channel's
 * `api_base_url`): `POST /<version>/<phone number id>/messages` with `Authorization: Bearer`.
 * A wrong token is 401 (code 190) as Meta answers it; `answers` scripts the next answers; a message
 * accepted gets an id `wamid.fake<n>`.
 */
export class FakeWhatsApp {
  readonly calls: GraphCall[] = [];
  readonly answers: GraphAnswer[] = [];
  token = FAKE_ACCESS_TOKEN;
  private next = 1;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeWhatsApp> {
    let fake: FakeWhatsApp | null = null;
    const server = createServer((request, response) => {
      fake?.handle(request, response).catch(() => response.destroy());
    });
    fake = new FakeWhatsApp(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const send = (status: number, body: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const error = (status: number, code: number, message: string) =>
      send(status, { error: { message, type: 'OAuthException', code, fbtrace_id: 'Afake' } });
    const match = /^\/v\d+\.\d+\/(\d+)\/messages$/.exec(request.url ?? '');
    if (!match || request.method !== 'POST') return error(404, 803, 'Unknown path');
    if (request.headers.authorization !== `Bearer ${this.token}`)
      return error(401, 190, 'Invalid OAuth access token.');
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    this.calls.push({ phoneNumberId: match[1] as string, body });
    const scripted = this.answers.shift();
    if (scripted && scripted.status !== 200)
      return error(
        scripted.status,
        scripted.code ?? scripted.status,
        scripted.message ?? `Error ${scripted.status}`,
      );
    send(200, {
      messaging_product: 'whatsapp',
      contacts: [{ input: body.to, wa_id: body.to }],
      messages: [{ id: `wamid.fake${this.next++}` }],
    });
  }

  /** The messages sent to one person, in order. */
  sentTo(to: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.body.to === to).map((c) => c.body);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Adds a WhatsApp channel whose Graph API is `apiBaseUrl`; returns its id and verify token. */
export async function addWhatsAppChannel(
  db: Db,
  secret: string,
  botId: number,
  apiBaseUrl: string,
): Promise<{ id: number; verifyToken: string }> {
  const created = await createChannel(db, boxesOf(secret).channelSecrets, {
    botId,
    kind: 'whatsapp',
    settings: { phone_number_id: FAKE_PHONE_NUMBER_ID, api_base_url: apiBaseUrl },
    credentials: { access_token: FAKE_ACCESS_TOKEN, app_secret: FAKE_APP_SECRET },
  });
  return { id: created.channel.id, verifyToken: created.secret ?? '' };
}

let ids = 1;

/** A webhook payload carrying `value` (messages or statuses) for the fake business number. */
export function webhookPayload(value: Record<string, unknown>): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: FAKE_DISPLAY_NUMBER, phone_number_id: FAKE_PHONE_NUMBER_ID },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

/** A person's text message. */
export function textMessage(from: string, body: string, id = `wamid.in${ids++}`): Record<string, unknown> {
  return webhookPayload({
    contacts: [{ profile: { name: 'Ana' }, wa_id: from }],
    messages: [{ from, id, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body } }],
  });
}

/** A reply button or list row pressed. */
export function interactiveReply(
  from: string,
  replyId: string,
  kind: 'button_reply' | 'list_reply' = 'button_reply',
  id = `wamid.in${ids++}`,
): Record<string, unknown> {
  return webhookPayload({
    contacts: [{ profile: { name: 'Ana' }, wa_id: from }],
    messages: [
      {
        from,
        id,
        timestamp: String(Math.floor(Date.now() / 1000)),
        type: 'interactive',
        interactive: { type: kind, [kind]: { id: replyId, title: 'x' } },
      },
    ],
  });
}

/** Status reports of messages Parley sent. */
export function statusPayload(
  statuses: { id: string; status: string; errors?: { code: number; title: string }[] }[],
): Record<string, unknown> {
  return webhookPayload({
    statuses: statuses.map((s) => ({
      ...s,
      timestamp: String(Math.floor(Date.now() / 1000)),
      recipient_id: '5511999990000',
    })),
  });
}

/** Headers and body of a webhook POST signed as Meta signs it. */
export function signedWebhook(
  body: unknown,
  appSecret = FAKE_APP_SECRET,
): { headers: Record<string, string>; payload: string } {
  const payload = JSON.stringify(body);
  return {
    headers: {
      'content-type': 'application/json',
      [WHATSAPP_SIGNATURE_HEADER]: hubSignature(appSecret, payload),
    },
    payload,
  };
}
