import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createChannel } from '../../src/chatbot/channels/manage.js';
import { boxesOf } from '../../src/chatbot/channels/runtime-deps.js';
import type { Db } from '../../src/db/index.js';

/** One Bot API call as the fake Telegram got it. */
export interface TelegramCall {
  readonly method: string;
  readonly token: string;
  readonly body: Record<string, unknown>;
}

/** A scripted answer: an HTTP status, with Telegram's `retry_after` for a 429. */
export interface ScriptedAnswer {
  readonly status: number;
  readonly retryAfter?: number;
  readonly description?: string;
}

export const FAKE_BOT_TOKEN = '123456789:AAHfakefakefakefakefakefakefakefake';

/**
 * Telegram's Bot API as a real HTTP server on 127.0.0.1 (a channel's `api_base_url`):
 * `POST /bot<token>/<method>` with a JSON body. A wrong token is 401 as Telegram answers it;
 * `answers` scripts the next answers (consumed one per call; `{ok: true}` once empty). Every call
 * with the right token is recorded, answered or not.
 */
export class FakeTelegram {
  readonly calls: TelegramCall[] = [];
  readonly answers: ScriptedAnswer[] = [];
  token = FAKE_BOT_TOKEN;
  private nextMessageId = 1;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeTelegram> {
    let fake: FakeTelegram | null = null;
    const server = createServer((request, response) => {
      fake?.handle(request, response).catch(() => response.destroy());
    });
    fake = new FakeTelegram(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(request.url ?? '');
    const send = (status: number, body: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (!match || request.method !== 'POST')
      return send(404, { ok: false, error_code: 404, description: 'Not Found' });
    if (match[1] !== this.token)
      return send(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' });
    }
    this.calls.push({ method: match[2] as string, token: match[1] as string, body });
    const scripted = this.answers.shift();
    if (scripted && scripted.status !== 200)
      return send(scripted.status, {
        ok: false,
        error_code: scripted.status,
        description: scripted.description ?? `Error ${scripted.status}`,
        ...(scripted.retryAfter === undefined ? {} : { parameters: { retry_after: scripted.retryAfter } }),
      });
    if (match[2] === 'setWebhook')
      return send(200, { ok: true, result: true, description: 'Webhook was set' });
    return send(200, { ok: true, result: { message_id: this.nextMessageId++, chat: { id: body.chat_id } } });
  }

  /** The sendMessage calls to one chat, in order. */
  sentTo(chatId: string): Record<string, unknown>[] {
    return this.calls
      .filter((c) => c.method === 'sendMessage' && c.body.chat_id === chatId)
      .map((c) => c.body);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Adds a Telegram channel whose Bot API is `apiBaseUrl`; returns its id and webhook secret. */
export async function addTelegramChannel(
  db: Db,
  secret: string,
  botId: number,
  apiBaseUrl: string,
  token = FAKE_BOT_TOKEN,
): Promise<{ id: number; secret: string }> {
  const created = await createChannel(db, boxesOf(secret).channelSecrets, {
    botId,
    kind: 'telegram',
    settings: { api_base_url: apiBaseUrl },
    credentials: { bot_token: token },
  });
  return { id: created.channel.id, secret: created.secret ?? '' };
}

let updateIds = 1000;

/** A text message update from a person in a private chat (their user id is the chat id). */
export function textUpdate(userId: number, text: string, updateId = updateIds++): Record<string, unknown> {
  return {
    update_id: updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      from: { id: userId, is_bot: false, first_name: 'Ana' },
      chat: { id: userId, type: 'private', first_name: 'Ana' },
      text,
    },
  };
}

/** An inline keyboard button pressed. */
export function callbackUpdate(
  userId: number,
  data: string,
  updateId = updateIds++,
): Record<string, unknown> {
  return {
    update_id: updateId,
    callback_query: {
      id: `cq-${updateId}`,
      from: { id: userId, is_bot: false, first_name: 'Ana' },
      message: { message_id: 1, date: 0, chat: { id: userId, type: 'private' } },
      chat_instance: '42',
      data,
    },
  };
}
