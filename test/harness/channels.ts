import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiCallbackBody } from '../../common/api/channels.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../common/api/channels.js';
import { sign, verify } from '../../src/chatbot/channels/api/signature.js';
import { createChannel } from '../../src/chatbot/channels/manage.js';
import { boxesOf } from '../../src/chatbot/channels/runtime-deps.js';
import type { Db } from '../../src/db/index.js';

/** One reply as the fake callback receiver got it. */
export interface Received {
  readonly body: ApiCallbackBody;
  readonly signatureOk: boolean;
  readonly at: number;
}

/**
 * A system on the other side of an HTTP API channel, as a real HTTP server on 127.0.0.1: it
 * checks each reply's signature and records it the moment its body has arrived. `answers` scripts
 * the status codes it gives (consumed one per request; 200 once empty); `delayMs` makes it take
 * its time before answering (which keeps the sender's deliveries in flight: where a crash can make
 * one arrive twice). A request cut off by a dying sender is ignored.
 */
export class FakeCallback {
  readonly received: Received[] = [];
  readonly answers: number[] = [];
  secret = '';
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly server: Server,
    private readonly delayMs: number,
  ) {}

  static async start(options: { delayMs?: number } = {}): Promise<FakeCallback> {
    let fake: FakeCallback | null = null;
    const server = createServer((request, response) => {
      fake?.handle(request, response).catch(() => response.destroy());
    });
    server.keepAliveTimeout = 60_000;
    fake = new FakeCallback(server, options.delayMs ?? 0);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/parley`;
  }

  private async handle(
    request: IncomingMessage,
    response: import('node:http').ServerResponse,
  ): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const status = this.answers.shift() ?? 200;
    if (status === 200) {
      const verdict = verify(
        this.secret,
        {
          timestamp: request.headers[TIMESTAMP_HEADER] as string | undefined,
          signature: request.headers[SIGNATURE_HEADER] as string | undefined,
        },
        raw,
        new Date(),
      );
      this.received.push({
        body: JSON.parse(raw.toString('utf8')),
        signatureOk: verdict === 'ok',
        at: Date.now(),
      });
      for (const wake of this.waiters.splice(0)) wake();
    }
    if (this.delayMs > 0) await sleep(this.delayMs);
    response.writeHead(status, { 'content-type': 'application/json' }).end('{}');
  }

  /** Waits until `count` replies have arrived (or fails after `timeoutMs`). */
  async waitFor(count: number, timeoutMs = 10_000): Promise<Received[]> {
    const until = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > until) throw new Error(`only ${this.received.length} of ${count} replies arrived`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return this.received;
  }

  textsFor(user: string): string[] {
    return this.received.filter((r) => r.body.user === user).map((r) => r.body.message.text);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Adds an HTTP API channel to a bot; returns its id and secret (the only time it is shown). */
export async function addApiChannel(
  db: Db,
  secret: string,
  botId: number,
  callbackUrl: string,
): Promise<{ id: number; secret: string }> {
  const created = await createChannel(db, boxesOf(secret).channelSecrets, {
    botId,
    kind: 'api',
    settings: { callback_url: callbackUrl },
  });
  return { id: created.channel.id, secret: created.secret ?? '' };
}

/** The headers and body of a signed inbound request. */
export function signedInbound(
  channelSecret: string,
  body: unknown,
  at = new Date(),
): { headers: Record<string, string>; payload: string } {
  const payload = JSON.stringify(body);
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    headers: {
      'content-type': 'application/json',
      [TIMESTAMP_HEADER]: String(timestamp),
      [SIGNATURE_HEADER]: sign(channelSecret, timestamp, payload),
    },
    payload,
  };
}
