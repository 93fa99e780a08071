/**
 * The HTTP server the `assign` benchmark drives: the real app (`buildApp`) plus one extra route
 * for the naive baseline, listening on PORT against DATABASE_URL. Run as its own process so the
 * load generator does not share its event loop.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Type } from 'typebox';
import { buildParleyApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createPool, type Db } from '../src/db/index.js';
import type { Database } from '../src/db/rows.js';
import { actorOf } from '../src/http/request.js';
import type { App } from '../src/http/types.js';
import { SessionCache, sessionService } from '../src/users/index.js';

const config = loadConfig();
const pool = createPool(
  config.databaseUrl!,
  // The pool size `parley serve` uses (openDatabase).
  Number(process.env.BENCH_POOL_SIZE ?? 10),
  'parley-bench-server',
);
const db: Db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });

/** Newest free conversations of the whole pool, ignoring campaigns: what a first attempt would do. */
function naiveRoute(app: App) {
  app.post(
    '/api/bench/naive-batch',
    {
      config: { access: ['auditor'] },
      schema: { hide: true, body: Type.Object({ size: Type.Optional(Type.Integer()) }) },
    },
    async (request, reply) => {
      const size = request.body.size ?? 20;
      const { rows } = await sql<{ conversation_id: number; campaign_id: number }>`
        with picked as (
          select conversation_id from audit_pool
           where assigned_to is null and audited_at is null
           order by last_message_at desc
           limit ${size}
             for update skip locked
        )
        update audit_pool p set assigned_to = ${actorOf(request).id}, assigned_at = now()
          from picked where p.conversation_id = picked.conversation_id
        returning p.conversation_id, p.campaign_id`.execute(db);
      return reply.code(201).send({
        items: rows.map((r) => ({ conversation_id: r.conversation_id, campaign: { id: r.campaign_id } })),
      });
    },
  );
}

// As `parley serve` runs it: session lookups cached, invalidated by notification.
const sessions = await SessionCache.start(config.databaseUrl!);
const { app } = await buildParleyApp(
  { config, db, now: () => new Date(), sessions: sessionService(db, config.session, sessions) },
  { web: false, extraRoutes: naiveRoute },
);
await app.listen({ port: config.port, host: '127.0.0.1' });
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  app
    .close()
    .then(() => sessions.stop())
    .then(() => db.destroy())
    .then(() => process.exit(0));
});
