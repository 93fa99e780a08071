import pg from 'pg';

/**
 * One LISTEN connection per process, shared by whatever waits for PostgreSQL notifications (the
 * delivery loop, the web chat's streams). Reconnects after a break; since notifications sent while
 * it was down are lost, `onReconnect` handlers are called so listeners can look for themselves.
 */
export interface Notifications {
  /** Calls `handler` with the payload of each notification on `channel`; returns the unsubscribe. */
  subscribe(channel: string, handler: (payload: string) => void): () => void;
  /** Called each time the connection is listening again after a break. */
  onReconnect(handler: () => void): () => void;
  readonly listening: boolean;
  stop(): Promise<void>;
}

export interface ListenerOptions {
  applicationName?: string;
  /** Delay before the connection is opened again after it broke. */
  retryMs?: number;
}

/** Only names of this shape are listened to (they go into the LISTEN statement). */
const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export async function startListener(
  connectionString: string,
  options: ListenerOptions = {},
): Promise<Notifications> {
  const handlers = new Map<string, Set<(payload: string) => void>>();
  const reconnected = new Set<() => void>();
  let client: pg.Client | null = null;
  let listening = false;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;
  let everListened = false;

  const listenTo = async (c: pg.Client, channel: string) => {
    await c.query(`listen ${channel}`);
  };

  const connect = async (): Promise<void> => {
    const c = new pg.Client({
      connectionString,
      application_name: options.applicationName ?? 'parley-listen',
      keepAlive: true,
    });
    const broken = () => {
      if (client !== c) return;
      client = null;
      listening = false;
      c.end().catch(() => undefined);
      if (!stopped) retry = setTimeout(() => void connect(), options.retryMs ?? 1000);
    };
    c.on('error', broken);
    c.on('end', broken);
    c.on('notification', (message) => {
      for (const handler of handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    client = c;
    try {
      await c.connect();
      for (const channel of handlers.keys()) await listenTo(c, channel);
      if (client !== c) return;
      listening = true;
      if (everListened) for (const handler of reconnected) handler();
      everListened = true;
    } catch {
      broken();
    }
  };

  await connect();
  return {
    subscribe(channel, handler) {
      if (!CHANNEL_NAME.test(channel)) throw new Error(`not a channel name: ${channel}`);
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        if (client && listening) listenTo(client, channel).catch(() => client?.end().catch(() => undefined));
      }
      set.add(handler);
      return () => {
        set.delete(handler);
      };
    },
    onReconnect(handler) {
      reconnected.add(handler);
      return () => {
        reconnected.delete(handler);
      };
    },
    get listening() {
      return listening;
    },
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      listening = false;
      await c?.end().catch(() => undefined);
    },
  };
}
