import { PassThrough, type Readable } from 'node:stream';
import type { ChatMessages } from '../../../../common/api/channels.js';
import type { Notifications } from '../../../db/listener.js';
import { SENT_CHANNEL } from '../../delivery/adapter.js';
import { READ_PAGE } from './messages.js';

/**
 * Wakes the streams of a visitor when the delivery loop notifies `parley_bot_sent` with their user
 * key: one subscription for the process, whatever the number of streams. `live` is false without a
 * LISTEN connection (some tests) or while it is broken: streams poll then.
 */
export interface SentHub {
  watch(userKey: string, wake: () => void): () => void;
  readonly live: boolean;
}

export function sentHub(notifications: Notifications | undefined): SentHub {
  const watchers = new Map<string, Set<() => void>>();
  let subscribed = false;
  const subscribe = (n: Notifications) => {
    subscribed = true;
    n.subscribe(SENT_CHANNEL, (payload) => {
      for (const key of payload.split(/[\s,]+/)) for (const wake of watchers.get(key) ?? []) wake();
    });
    // Notifications sent while the connection was down are lost: everyone looks again.
    n.onReconnect(() => {
      for (const set of watchers.values()) for (const wake of set) wake();
    });
  };
  return {
    watch(userKey, wake) {
      if (notifications && !subscribed) subscribe(notifications);
      let set = watchers.get(userKey);
      if (!set) {
        set = new Set();
        watchers.set(userKey, set);
      }
      set.add(wake);
      return () => {
        set.delete(wake);
        if (set.size === 0) watchers.delete(userKey);
      };
    },
    get live() {
      return notifications?.listening ?? false;
    },
  };
}

export interface StreamOptions {
  /** The visitor's messages after a cursor (messages.ts). */
  readonly read: (after: number) => Promise<ChatMessages>;
  readonly after: number;
  readonly userKey: string;
  readonly hub: SentHub;
  /** Called once the stream has stopped, whatever stopped it. */
  readonly onStop: () => void;
  readonly onError: (error: unknown) => void;
  /** Timings, shortened by tests. */
  readonly pollMs?: number;
  readonly heartbeatMs?: number;
}

export interface ChatStream {
  readonly body: Readable;
  stop(): void;
}

/**
 * A server-sent event stream of one visitor's messages: an event at once (so the widget learns
 * `ended`), then one whenever new messages are readable or `ended` changes, read when the hub
 * wakes it or, without notifications, every second. A comment line every 15 s keeps proxies from
 * closing it. An error ends it; the widget reconnects from its last message.
 */
export function chatStream(options: StreamOptions): ChatStream {
  const body = new PassThrough();
  let cursor = options.after;
  let lastEnded: boolean | null = null;
  let running = false;
  let again = false;
  let stopped = false;
  const pump = async (): Promise<void> => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const page = await options.read(cursor);
        if (stopped) return;
        if (page.messages.length === 0 && page.ended === lastEnded) continue;
        cursor = page.messages.at(-1)?.id ?? cursor;
        lastEnded = page.ended;
        body.write(`id: ${cursor}\ndata: ${JSON.stringify(page)}\n\n`);
        if (page.messages.length === READ_PAGE) again = true;
      } while (again && !stopped);
    } catch (error) {
      options.onError(error);
      stop();
    } finally {
      running = false;
    }
  };
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  let lastBeat = Date.now();
  const timer = setInterval(() => {
    const beat = Date.now() - lastBeat >= heartbeatMs;
    if (beat) {
      lastBeat = Date.now();
      body.write(': keep-alive\n\n');
    }
    if (beat || !options.hub.live) void pump();
  }, options.pollMs ?? 1000);
  const unwatch = options.hub.watch(options.userKey, () => void pump());
  const stop = () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    unwatch();
    if (!body.destroyed) body.end();
    options.onStop();
  };
  // Fastify destroys the body when the client goes away.
  body.on('close', stop);
  void pump();
  return { body, stop };
}
