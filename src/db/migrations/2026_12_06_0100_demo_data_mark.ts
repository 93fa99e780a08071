import { type Kysely, sql } from 'kysely';

/**
 * The demo's data is now marked done (`demo_data` in `app_meta`) when it is all in, and a first
 * start that stopped before that finishes it at the next start (src/demo/index.ts). Instances
 * initialised with the demo before this had it all in: marked done here, so that an upgrade does
 * not load again what their users have since deleted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    insert into app_meta (key, value)
    select 'demo_data', jsonb_build_object('at', now(), 'how', 'marked by migration')
      from app_meta where key = 'initialised' and value ->> 'how' = 'demo'
    on conflict (key) do nothing`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from app_meta where key = 'demo_data'`.execute(db);
}
