import pg from 'pg';
import type { UserRow } from '../db/rows.js';

/** The channel the `sessions` and `users` triggers notify at commit (foundation migration). */
export const SESSIONS_CHANNEL = 'parley_sessions';

/** A session as its lookup read it: the user and the session's own times. */
export interface SessionRecord extends UserRow {
  session_created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

export interface SessionCacheOptions {
  /** How long a lookup is trusted without a notification saying otherwise (a backstop). */
  ttlMs?: number;
  maxEntries?: number;
  /** Delay before the listening connection is opened again after it broke. */
  retryMs?: number;
}

/**
 * Session lookups kept in memory for a few seconds, so that most requests skip the session query
 * (each round trip to PostgreSQL is most of a small request's cost). Correct across processes:
 * triggers on `sessions` (delete) and `users` (update) notify SESSIONS_CHANNEL when their
 * transaction commits, and every process drops what changed. The process that makes a change
 * forgets at once (`forgetToken`, `forgetUser`) instead of waiting for its own notification.
 * While the listening connection is down the cache holds nothing; a lookup that was under way
 * when a notification arrived is not kept (its result may predate the change).
 */
export class SessionCache {
  private readonly entries = new Map<string, { record: SessionRecord; storedAt: number }>();
  private generation = 0;
  private client: pg.Client | null = null;
  private listening = false;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly retryMs: number;
  /** Lookups answered from memory, and those that went to the database (for /metrics). */
  hits = 0;
  misses = 0;

  private constructor(
    private readonly connectionString: string,
    options: SessionCacheOptions,
  ) {
    this.ttlMs = options.ttlMs ?? 10_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.retryMs = options.retryMs ?? 1_000;
  }

  /** Starts listening; the cache is usable (and empty) even while the connection cannot open. */
  static async start(connectionString: string, options: SessionCacheOptions = {}): Promise<SessionCache> {
    const cache = new SessionCache(connectionString, options);
    await cache.listen();
    return cache;
  }

  /** Whether notifications are arriving, i.e. whether lookups are kept. */
  get active(): boolean {
    return this.listening;
  }

  /** Marks the start of a lookup; give it back to `store` with the lookup's result. */
  ticket(): number {
    return this.generation;
  }

  get(tokenHash: string): SessionRecord | undefined {
    const entry = this.entries.get(tokenHash);
    if (entry && performance.now() - entry.storedAt <= this.ttlMs) {
      this.hits++;
      return entry.record;
    }
    if (entry) this.entries.delete(tokenHash);
    this.misses++;
    return undefined;
  }

  store(tokenHash: string, record: SessionRecord, ticket: number): void {
    if (!this.listening || ticket !== this.generation) return;
    // A crude bound: sessions in use within the last seconds rarely come near it.
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(tokenHash, { record, storedAt: performance.now() });
  }

  forgetToken(tokenHash: string): void {
    this.generation++;
    this.entries.delete(tokenHash);
  }

  forgetUser(userId: number): void {
    this.generation++;
    for (const [key, entry] of this.entries) if (entry.record.id === userId) this.entries.delete(key);
  }

  private forgetAll(): void {
    this.generation++;
    this.entries.clear();
  }

  private onNotification(payload: string): void {
    if (payload.startsWith('t:')) this.forgetToken(payload.slice(2));
    else if (payload.startsWith('u:')) this.forgetUser(Number(payload.slice(2)));
    else this.forgetAll();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: 'parley-sessions',
      keepAlive: true,
    });
    const broken = () => {
      if (this.client !== client) return;
      this.client = null;
      this.listening = false;
      this.forgetAll();
      client.end().catch(() => undefined);
      if (!this.stopped) this.retry = setTimeout(() => void this.listen(), this.retryMs);
    };
    client.on('error', broken);
    client.on('end', broken);
    client.on('notification', (message) => this.onNotification(message.payload ?? ''));
    this.client = client;
    try {
      await client.connect();
      await client.query(`listen ${SESSIONS_CHANNEL}`);
      // Whatever changed before the listening began is not in the (empty) cache.
      if (this.client === client) this.listening = true;
    } catch {
      broken();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    this.listening = false;
    this.entries.clear();
    await client?.end().catch(() => undefined);
  }
}
