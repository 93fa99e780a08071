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
import type { UserRow } from '../db/types.js';
import type { SessionCache } from '../users/session-cache.js';

/** The Fastify instance every domain registers its routes on (TypeBox-typed schemas). */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** What route handlers may use. Passed explicitly; nothing is looked up from decorators. */
export interface AppDeps {
  config: Config;
  db: Db;
  /** The clock, injectable for tests. */
  now: () => Date;
  /** Session lookups kept in memory (serve); without it every request reads its session. */
  sessions?: SessionCache | null;
}

/** The signed-in staff member making a request. */
export type Actor = UserRow;

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
  }
}
