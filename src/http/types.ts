/**
 * The contract between the HTTP server (server/) and each domain's routes.ts: the typed Fastify
 * instance, what handlers receive, the signed-in actor and the per-route access declaration.
 * It imports no domain and nothing of server/, so both sides depend on it and not on each other.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Access } from '../../common/roles.js';
import type { Config } from '../config.js';
import type { Db } from '../db/index.js';
import type { Notifications } from '../db/listener.js';
import type { UserRow } from '../db/rows.js';

/** The Fastify instance every domain registers its routes on (TypeBox-typed schemas). */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** The signed-in staff member making a request. */
export type Actor = UserRow;

/**
 * What the HTTP layer needs of staff sessions. The users domain provides it
 * (`users/session-service.ts`); the auth plugin only calls `resolve`.
 */
export interface SessionService {
  /** The user behind a session token, or null when it is unknown, expired or its user disabled. */
  resolve(token: string, now: Date): Promise<Actor | null>;
  /** Ends one session. */
  revoke(token: string): Promise<void>;
  /** Forgets at once what this process remembers of a user's sessions (role, password, status changed). */
  forgetUser(userId: number): void;
  /** Lookups answered from memory and from the database, and whether changes are heard; null without a cache. */
  stats(): { hits: number; misses: number; listening: boolean } | null;
}

/** What route handlers may use. Passed explicitly; nothing is looked up from decorators. */
export interface AppDeps {
  config: Config;
  db: Db;
  /** The clock, injectable for tests. */
  now: () => Date;
  sessions: SessionService;
  /**
   * Where reports on Parley's own data run (`DatabaseHandle.reportsUrl`: the embedded cluster's
   * `parley_reports` login, or DATABASE_URL); reports open their own small pool on it.
   */
  databaseUrl?: string;
  /**
   * The process's LISTEN connection (src/db/listener.ts); without it (some tests) whatever waits
   * for a notification polls instead.
   */
  notifications?: Notifications;
}

export interface RouteRecord {
  method: string;
  url: string;
  access: Access;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route; required on every route (checked when routes are registered). */
    access?: Access;
    /** A secret a machine caller may send as `Authorization: Bearer …` instead of a session. */
    serviceToken?: string | null;
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | null;
    /** The body as received, where a route must check a signature over it (channel webhooks). */
    rawBody?: Buffer;
  }
}
