/**
 * The HTTP server the `assign` benchmark drives: the real app (`buildApp`) plus two extra routes
 * for the naive baseline, listening on PORT against DATABASE_URL. Run as its own process so the
 * load generator does not share its event loop.
 *
 * - `/api/bench/naive-batch`: the newest free conversations of the whole pool, ids only.
 * - `/api/bench/naive-full-batch`: the same choice, but stored as a batch and answered like the real
 *   route (the batch read back with `audit_batch_items`, the same presenter and response schema):
 *   the work the rule's route does besides choosing, so the two differ only in the choice.
 */
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Type } from 'typebox';
import { BatchView } from '../common/api/audit.js';
import { buildParleyApp } from '../src/app.js';
import type { BatchItemRow } from '../src/audit/batches.js';
import { presentBatch } from '../src/audit/presenters.js';
import { loadConfig } from '../src/config.js';
import { createPool, type Db } from '../src/db/index.js';
import type { Database } from '../src/db/rows.js';
import { Conflict } from '../src/errors.js';
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

/** The naive choice, as a stored batch read back in one round trip like `audit_take_batch`. */
await sql`
  create or replace function bench_naive_take_batch(p_auditor integer, p_size integer, p_now timestamptz)
  returns table (batch_id bigint, created_at timestamptz, expires_at timestamptz, conversation_id bigint,
                 campaign_id integer, campaign_title text, texter_id integer, texter_first_name text,
                 texter_last_name text, texter_email text, texter_audit_date timestamptz,
                 last_message_at timestamptz, message_count integer, calibration boolean, audited_at timestamptz)
  language plpgsql as $fn$
  declare
    v_batch bigint := nextval(pg_get_serial_sequence('audit_batches', 'id'));
    v_taken integer;
  begin
    with picked as (
      select p.conversation_id from audit_pool p
       where p.assigned_to is null and p.audited_at is null
       order by p.last_message_at desc limit p_size for update skip locked
    )
    update audit_pool p set assigned_to = p_auditor, assigned_at = p_now, batch_id = v_batch
      from picked where p.conversation_id = picked.conversation_id;
    get diagnostics v_taken = row_count;
    if v_taken = 0 then
      return;
    end if;
    insert into audit_batches (id, auditor_id, size, created_at, expires_at) overriding system value
    values (v_batch, p_auditor, v_taken, p_now, p_now + interval '1 day');
    return query
      select b.id, b.created_at, b.expires_at, i.*
        from audit_batches b cross join audit_batch_items(v_batch) i where b.id = v_batch;
  end
  $fn$`.execute(db);

type TakenRow = BatchItemRow & { batch_id: number; created_at: Date; expires_at: Date };

function naiveFullRoute(app: App) {
  app.post(
    '/api/bench/naive-full-batch',
    {
      config: { access: ['auditor'] },
      schema: {
        hide: true,
        body: Type.Object({ size: Type.Optional(Type.Integer()) }),
        response: { 201: BatchView },
      },
    },
    async (request, reply) => {
      const { rows } = await sql<TakenRow>`
        select * from bench_naive_take_batch(${actorOf(request).id}, ${request.body.size ?? 20}::int, ${new Date()}::timestamptz)`.execute(
        db,
      );
      const first = rows[0];
      if (!first) throw new Conflict('No conversation is waiting for an audit right now.', 'pool_empty');
      const batch = {
        id: first.batch_id,
        auditor_id: actorOf(request).id,
        created_at: first.created_at,
        expires_at: first.expires_at,
        finished_at: null,
        expired_at: null,
      };
      const items = rows.map(({ batch_id: _b, created_at: _c, expires_at: _e, ...item }) => item);
      return reply.code(201).send(presentBatch({ batch, items }));
    },
  );
}

// As `parley serve` runs it: session lookups cached, invalidated by notification.
const sessions = await SessionCache.start(config.databaseUrl!);
const { app } = await buildParleyApp(
  { config, db, now: () => new Date(), sessions: sessionService(db, config.session, sessions) },
  {
    web: false,
    extraRoutes: (app) => {
      naiveRoute(app);
      naiveFullRoute(app);
    },
  },
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
