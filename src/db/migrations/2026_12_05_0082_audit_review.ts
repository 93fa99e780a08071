import { type Kysely, sql } from 'kysely';

/**
 * Audit history (corrections) and what the review pages need (docs/audit.md#review).
 *
 * The Audits page filters by texter, campaign, auditor, result and failed rubric item, sorted by
 * date or score, paged by keyset, and must stay fast at millions of audits. So:
 * - each audit keeps the texter and campaign it was scored for (copied from the conversation
 *   when saved), and each filter column has one index per sort, (filter, sort key, id), that a
 *   page walks in order from its cursor;
 * - the items an audit failed are rows of `audit_failed_items` with the audit's date and score:
 *   "item X failed" walks (item, date or score, audit) in order. A score sort over `audits` would
 *   skip every high score before reaching a failed item (they are correlated), so the item's own
 *   index is the only fast path.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table audits
      add column texter_id integer references texters (id) on delete set null,
      add column campaign_id integer references campaigns (id) on delete cascade,
      add column updated_at timestamptz`.execute(db);
  await sql`
    update audits a set texter_id = c.texter_id, campaign_id = c.campaign_id
      from conversations c where c.id = a.conversation_id`.execute(db);
  await sql`alter table audits alter column campaign_id set not null`.execute(db);

  await sql`drop index audits_auditor_idx`.execute(db);
  for (const column of ['auditor_id', 'texter_id', 'campaign_id', 'passed']) {
    await sql`create index ${sql.raw(`audits_${column}_created_idx`)} on audits (${sql.ref(column)}, created_at, id)`.execute(
      db,
    );
    await sql`create index ${sql.raw(`audits_${column}_score_idx`)} on audits (${sql.ref(column)}, score, id)`.execute(
      db,
    );
  }
  await sql`create index audits_created_idx on audits (created_at, id)`.execute(db);
  await sql`create index audits_score_idx on audits (score, id)`.execute(db);
  await sql`create index audits_batch_idx on audits (batch_id) where batch_id is not null`.execute(db);

  await sql`
    create table audit_failed_items (
      audit_id bigint not null references audits (id) on delete cascade,
      item text not null,
      -- Copies of the audit's, kept with it: the sort keys of the item's pages.
      created_at timestamptz not null,
      score real not null,
      primary key (audit_id, item)
    )`.execute(db);
  await sql`create index audit_failed_items_created_idx on audit_failed_items (item, created_at, audit_id)`.execute(
    db,
  );
  await sql`create index audit_failed_items_score_idx on audit_failed_items (item, score, audit_id)`.execute(
    db,
  );
  await sql`
    insert into audit_failed_items (audit_id, item, created_at, score)
    select a.id, s.key, a.created_at, a.score
      from audits a cross join lateral jsonb_each(a.scores) s
     where s.value = 'false'::jsonb`.execute(db);

  // Every correction keeps what the audit was before it.
  await sql`
    create table audit_history (
      id bigint generated always as identity primary key,
      audit_id bigint not null references audits (id) on delete cascade,
      changed_at timestamptz not null,
      changed_by integer not null references users (id),
      scores jsonb not null,
      passed boolean not null,
      score real not null,
      note text not null
    )`.execute(db);
  await sql`create index audit_history_audit_idx on audit_history (audit_id, changed_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists audit_history, audit_failed_items`.execute(db);
  await sql`drop index if exists audits_created_idx, audits_score_idx, audits_batch_idx`.execute(db);
  for (const column of ['auditor_id', 'texter_id', 'campaign_id', 'passed']) {
    await sql`drop index if exists ${sql.raw(`audits_${column}_created_idx`)}, ${sql.raw(`audits_${column}_score_idx`)}`.execute(
      db,
    );
  }
  await sql`alter table audits drop column texter_id, drop column campaign_id, drop column updated_at`.execute(
    db,
  );
  await sql`create index audits_auditor_idx on audits (auditor_id, created_at desc)`.execute(db);
}
