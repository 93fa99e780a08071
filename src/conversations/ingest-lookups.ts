import { sql } from 'kysely';
import { copyRows } from './copy.js';
import type { Session } from './session.js';

/**
 * What a source resolving its rows itself (the ingest writer's fast path) asks the store: what of
 * a source is stored already, ids for new rows, and the ids of named things after mergeNamed.
 */

type Db = Session['db'];

/** Whether anything of the source is stored yet, by table. */
export async function sourceHolds(
  db: Db,
  sourceId: number,
): Promise<{ conversations: boolean; contacts: boolean; optOuts: boolean }> {
  const { rows } = await sql<{ conversations: boolean; contacts: boolean; opt_outs: boolean }>`
    select exists (select 1 from conversations where source_id = ${sourceId}) as conversations,
           exists (select 1 from contacts where source_id = ${sourceId}) as contacts,
           exists (select 1 from opt_outs where source_id = ${sourceId}) as opt_outs`.execute(db);
  const row = rows[0];
  return {
    conversations: row?.conversations ?? false,
    contacts: row?.contacts ?? false,
    optOuts: row?.opt_outs ?? false,
  };
}

/**
 * Reserves `n` ids from the sequence of `table.id`, ascending. They are consecutive unless another
 * session drew from the sequence meanwhile; only then are they all sent.
 */
export async function reserveIds(db: Db, table: 'conversations' | 'contacts', n: number): Promise<number[]> {
  if (n === 0) return [];
  // The sequence named as a constant: evaluated per row, the lookup costs more than nextval.
  const named = await sql<{ seq: string }>`select pg_get_serial_sequence(${table}, 'id') as seq`.execute(db);
  const seq = sql.lit(named.rows[0]?.seq ?? '');
  const { rows } = await sql<{ low: string; high: string; ids: string | null }>`
    select min(id) as low, max(id) as high,
           case when max(id) - min(id) + 1 <> ${n}::integer then string_agg(id::text, ',') end as ids
      from (select nextval(${seq}::regclass) as id from generate_series(1, ${n}::integer)) v`.execute(db);
  const row = rows[0];
  const low = Number(row?.low);
  if (row?.ids) {
    return row.ids
      .split(',')
      .map(Number)
      .sort((a, b) => a - b);
  }
  return Array.from({ length: n }, (_, i) => low + i);
}

/** A temporary table of one key column holding `keys`, to match them against the store in one join. */
async function keyTable(
  session: Session,
  table: string,
  column: string,
  keys: readonly string[],
): Promise<void> {
  await sql`create temporary table ${sql.table(table)} (${sql.ref(column)} text collate "C" not null) on commit drop`.execute(
    session.db,
  );
  await copyRows(
    session.client,
    table,
    [column],
    keys.map((k) => [k]),
  );
}

/** Which of `keys` name conversations of the source already stored. */
export async function storedConversationKeys(
  session: Session,
  sourceId: number,
  keys: readonly string[],
): Promise<string[]> {
  await keyTable(session, 'imp_keys', 'spoke_key', keys);
  const found = await sql<{ spoke_key: string }>`
    select k.spoke_key from imp_keys k
     where exists (select 1 from conversations c where c.source_id = ${sourceId} and c.spoke_key = k.spoke_key)`.execute(
    session.db,
  );
  return found.rows.map((row) => row.spoke_key);
}

/** The stored contacts and opt-outs (organisation key and cell) of the source among `cells`. */
export async function storedByCell(
  session: Session,
  sourceId: number,
  cells: readonly string[],
  want: { contacts: boolean; optOuts: boolean },
): Promise<{
  contacts: { cell: string; id: number }[];
  optOuts: { organizationKey: string; cell: string }[];
}> {
  const out = {
    contacts: [] as { cell: string; id: number }[],
    optOuts: [] as { organizationKey: string; cell: string }[],
  };
  if (cells.length === 0 || !(want.contacts || want.optOuts)) return out;
  await keyTable(session, 'imp_cells', 'cell', cells);
  if (want.contacts) {
    const found = await sql<{ cell: string; id: string }>`
      select p.cell, p.id from imp_cells c join contacts p on p.source_id = ${sourceId} and p.cell = c.cell`.execute(
      session.db,
    );
    out.contacts = found.rows.map((row) => ({ cell: row.cell, id: Number(row.id) }));
  }
  if (want.optOuts) {
    const found = await sql<{ organization_key: string; cell: string }>`
      select o.organization_key, o.cell from opt_outs o join imp_cells c on c.cell = o.cell
       where o.source_id = ${sourceId}`.execute(session.db);
    out.optOuts = found.rows.map((row) => ({ organizationKey: row.organization_key, cell: row.cell }));
  }
  return out;
}

/**
 * The ids of the contacts of a source's first import, which wrote exactly `cells` in this order
 * with ids from the sequence: consecutive unless another import took some meanwhile (then they
 * are looked up).
 */
export async function firstContactIds(
  db: Db,
  sourceId: number,
  cells: readonly string[],
  indexOf: (cell: string) => number,
): Promise<Float64Array> {
  const ids = new Float64Array(cells.length);
  const range = await sql<{ low: string | null; high: string | null }>`
    select min(id) as low, max(id) as high from contacts where source_id = ${sourceId}`.execute(db);
  const low = Number(range.rows[0]?.low ?? 0);
  const high = Number(range.rows[0]?.high ?? -1);
  if (high - low + 1 === cells.length) {
    for (let c = 0; c < cells.length; c++) ids[c] = low + c;
    return ids;
  }
  const found = await sql<{ cell: string; id: string }>`
    select cell, id from contacts where source_id = ${sourceId}`.execute(db);
  for (const row of found.rows) ids[indexOf(row.cell)] = Number(row.id);
  return ids;
}

/** Contacts of the source renamed by the latest rows naming them (empty names are ''). */
export async function renameContacts(
  session: Session,
  sourceId: number,
  names: readonly (readonly [cell: string, first: string | null, last: string | null, zip: string | null])[],
): Promise<void> {
  if (names.length === 0) return;
  await copyRows(session.client, 'imp_contacts', ['cell', 'first_name', 'last_name', 'zip'], names);
  await sql`
    update contacts t set first_name = coalesce(s.first_name, ''), last_name = coalesce(s.last_name, ''), zip = s.zip
      from imp_contacts s where t.source_id = ${sourceId} and t.cell = s.cell`.execute(session.db);
  await sql`truncate imp_contacts`.execute(session.db);
}

/** The ids of the source's named things (after mergeNamed), by key. */
export interface NamedIds {
  /** Campaign id and organisation key (for opt-outs), by campaign key. */
  campaigns: Map<string, { id: number; org: string }>;
  texters: Map<string, number>;
  tags: Map<string, number>;
  /** By `<campaign key>␟<question key>`. */
  questions: Map<string, number>;
}

export async function namedIds(
  db: Db,
  sourceId: number,
  keys: { campaigns: readonly string[]; texters: readonly string[]; tags: readonly string[] },
): Promise<NamedIds> {
  const ids: NamedIds = { campaigns: new Map(), texters: new Map(), tags: new Map(), questions: new Map() };
  const campaigns = await sql<{ spoke_key: string; id: number; org: string }>`
    select spoke_key, id, coalesce(organization_key, '') as org from campaigns
     where source_id = ${sourceId} and spoke_key = any(${keys.campaigns}::text[])`.execute(db);
  for (const row of campaigns.rows) ids.campaigns.set(row.spoke_key, { id: row.id, org: row.org });
  const texters = await sql<{ spoke_key: string; id: number }>`
    select spoke_key, id from texters where source_id = ${sourceId} and spoke_key = any(${keys.texters}::text[])`.execute(
    db,
  );
  for (const row of texters.rows) ids.texters.set(row.spoke_key, row.id);
  const tags = await sql<{ spoke_key: string; id: number }>`
    select spoke_key, id from tags where source_id = ${sourceId} and spoke_key = any(${keys.tags}::text[])`.execute(
    db,
  );
  for (const row of tags.rows) ids.tags.set(row.spoke_key, row.id);
  const questions = await sql<{ campaign: string; spoke_key: string; id: number }>`
    select k.spoke_key as campaign, q.spoke_key, q.id from survey_questions q join campaigns k on k.id = q.campaign_id
     where k.source_id = ${sourceId} and k.spoke_key = any(${keys.campaigns}::text[])`.execute(db);
  for (const row of questions.rows) ids.questions.set(`${row.campaign}\u001f${row.spoke_key}`, row.id);
  return ids;
}

/** Conversations written without an assignee, for refreshConversations to give their latest sender. */
export async function markTouched(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`insert into imp_touched (id) select unnest(${ids}::bigint[]) on conflict do nothing`.execute(db);
}
