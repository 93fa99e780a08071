import { sql } from 'kysely';
import type { Db } from '../../src/db/index.js';

export interface CampaignSpec {
  title?: string;
  conversations: number;
  /** Time of the campaign's newest conversation; the others are one minute apart, older. */
  newest: Date;
  /** Texters the conversations are spread over (round robin); default 3. */
  texters?: number;
  /** Conversations where the contact never replied (not eligible by the default pool rule). */
  silent?: number;
}

let sourceSeq = 0;

/**
 * Inserts campaigns with conversations (two messages each: texter then contact) straight into the
 * conversation store with set-based SQL, for tests and benchmarks of the audit pool.
 */
export async function seedCampaigns(db: Db, specs: readonly CampaignSpec[]): Promise<number[]> {
  const source = await db
    .insertInto('sources')
    .values({ name: `test-${process.pid}-${++sourceSeq}-${Date.now() % 100000}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  const campaignIds: number[] = [];
  for (const [index, spec] of specs.entries()) {
    const campaign = await db
      .insertInto('campaigns')
      .values({
        source_id: source.id,
        spoke_key: String(index + 1),
        title: spec.title ?? `Campaign ${index + 1}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    campaignIds.push(campaign.id);
    const texters = spec.texters ?? 3;
    await sql`
      insert into texters (source_id, spoke_key, first_name, last_name, email)
      select ${source.id}, ${`c${campaign.id}-t`} || n, 'Texter', ${`${campaign.id}-`} || n, ${`t${campaign.id}-`} || n || '@example.org'
        from generate_series(1, ${texters}) n
      on conflict do nothing`.execute(db);
    const total = spec.conversations + (spec.silent ?? 0);
    await sql`
      with texter_ids as (
        select array_agg(id order by id) ids from texters where spoke_key like ${`c${campaign.id}-t%`}
      ), contacts_in as (
        insert into contacts (source_id, cell)
        select ${source.id}, '+1' || (2000000000::bigint + ${campaign.id}::bigint * 1000000 + n)::text
          from generate_series(1, ${total}) n
        on conflict (source_id, cell) do update set cell = excluded.cell
        returning id, cell
      )
      insert into conversations (source_id, spoke_key, campaign_id, contact_id, texter_id, message_count,
                                 contact_replied, first_message_at, last_message_at)
      select ${source.id}, ${`${campaign.id}-`} || n.rn, ${campaign.id}, n.id,
             (select ids[1 + (n.rn % ${texters})] from texter_ids),
             2, n.rn <= ${spec.conversations},
             ${spec.newest}::timestamptz - make_interval(mins => n.rn::int),
             ${spec.newest}::timestamptz - make_interval(mins => n.rn::int - 1)
        from (select c.id, row_number() over (order by c.id) as rn from contacts_in c) n`.execute(db);
  }
  return campaignIds;
}
