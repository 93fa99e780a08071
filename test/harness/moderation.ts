import { sql } from 'kysely';
import type { Db } from '../../src/db/index.js';

/**
 * Two messages per stored conversation (texter, then contact), their texts taken in turn from
 * `texts`; answers the messages in the order written.
 */
export async function seedMessages(db: Db, texts: readonly string[]) {
  const { rows } = await sql<{ id: number; conversation_id: number }>`
    insert into messages (conversation_id, spoke_key, from_contact, texter_id, text, sent_at)
    select c.id, 'm' || n, n = 2, case when n = 1 then c.texter_id end,
           (${texts}::text[])[1 + ((row_number() over (order by c.id, n))::int - 1) % ${texts.length}],
           c.first_message_at + make_interval(secs => n)
      from conversations c cross join generate_series(1, 2) n
     order by c.id, n
    returning id, conversation_id`.execute(db);
  return rows;
}
