import { sql } from 'kysely';
import { benchDatabase } from './_support.js';
import { runRules } from '../src/moderation/rules/run.js';
import { runRulesOnNewMessages } from '../src/moderation/index.js';
const bench = await benchDatabase(4);
const db = bench.db;
try {
  const src = await db.insertInto('sources').values({ name: 'p' }).returning('id').executeTakeFirstOrThrow();
  await sql`insert into campaigns (source_id, spoke_key, title) values (${src.id}, '1', 'C')`.execute(db);
  await sql`insert into contacts (source_id, cell) select ${src.id}, 'c'||n from generate_series(1,10000) n`.execute(db);
  await sql`insert into conversations (source_id, spoke_key, campaign_id, contact_id, opted_out) select ${src.id}, n::text, 1, n, n%50=0 from generate_series(1,10000) n`.execute(db);
  await sql`insert into messages (conversation_id, spoke_key, from_contact, text, sent_at)
    select 1 + (n*10000/50000), n::text, n%2=1, case when n%10=3 then 'STOP' when n%2=1 then 'Yes, I will vote' else 'Hi Contact, this is Texter with the campaign. Can we count on you to vote on Tuesday?' end, now() from generate_series(0,49999) n`.execute(db);
  await sql`analyze`.execute(db);
  const rules = await db.selectFrom('moderation_rules').selectAll().execute();
  let t = performance.now();
  const r1 = await runRules(db, rules, { afterMessageId: 0, throughMessageId: 1e9 }, { flag: false, now: new Date() });
  console.log('scan+match (no flag)', performance.now() - t, r1.matched);
  t = performance.now();
  const r0 = await runRules(db, [], { afterMessageId: 0, throughMessageId: 1e9 }, { flag: false, now: new Date() });
  t = performance.now();
  const { rows } = await sql`select count(*) from (select m.id from messages m join conversations c on c.id = m.conversation_id) x`.execute(db);
  console.log('count', performance.now() - t);
  t = performance.now();
  const r2 = await runRulesOnNewMessages(db, new Date());
  console.log('full with flags', performance.now() - t, r2.flagged);
} finally {
  await bench.drop();
}
