import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import { NotFound } from '../../errors.js';
import { texterOfStopToken } from './stop-link.js';

export interface OptOutRow {
  texter_id: number;
  first_name: string;
  last_name: string;
  email: string | null;
  opted_out_at: Date;
  via: 'link' | 'admin';
}

/** Texters who get no feedback e-mails, the most recent first. */
export async function listOptOuts(db: Db): Promise<OptOutRow[]> {
  const { rows } = await sql<OptOutRow>`
    select o.texter_id, t.first_name, t.last_name, coalesce(t.email_override, t.email) as email, o.opted_out_at, o.via
      from texter_feedback_optouts o join texters t on t.id = o.texter_id
     order by o.opted_out_at desc, o.texter_id`.execute(db);
  return rows;
}

/** Stops feedback e-mails to a texter (kept as first recorded when it already was). */
export async function optOut(
  db: Db,
  input: { texterId: number; via: 'link' | 'admin'; by: number | null; now: Date },
): Promise<void> {
  const { rows } = await sql<{ id: number }>`
    with t as (select id from texters where id = ${input.texterId}),
         ins as (insert into texter_feedback_optouts (texter_id, opted_out_at, via, by_user)
                 select id, ${input.now}, ${input.via}, ${input.by} from t
                 on conflict (texter_id) do nothing)
    select id from t`.execute(db);
  if (rows.length === 0) throw new NotFound('Texter');
}

/** An admin lets feedback e-mails reach a texter again. */
export async function optIn(db: Db, texterId: number): Promise<void> {
  const result = await db
    .deleteFrom('texter_feedback_optouts')
    .where('texter_id', '=', texterId)
    .executeTakeFirst();
  if (result.numDeletedRows === 0n) throw new NotFound('Opted-out texter');
}

/** The texter of a stop link, or NotFound when the link is not ours or its texter is gone. */
async function texterOfLink(db: Db, secret: string, token: string): Promise<number> {
  const texterId = texterOfStopToken(secret, token);
  const texter =
    texterId === null
      ? undefined
      : await db.selectFrom('texters').select('id').where('id', '=', texterId).executeTakeFirst();
  if (!texter) throw new NotFound('Feedback link', 'feedback_link_invalid');
  return texter.id;
}

/** Whether the texter of a stop link already stopped feedback e-mails. */
export async function stopLinkState(db: Db, secret: string, token: string): Promise<{ stopped: boolean }> {
  const texterId = await texterOfLink(db, secret, token);
  const row = await db
    .selectFrom('texter_feedback_optouts')
    .select('texter_id')
    .where('texter_id', '=', texterId)
    .executeTakeFirst();
  return { stopped: row !== undefined };
}

/** The texter confirmed on the stop page. */
export async function stopByLink(
  db: Db,
  secret: string,
  token: string,
  now: Date,
): Promise<{ stopped: true }> {
  const texterId = await texterOfLink(db, secret, token);
  await optOut(db, { texterId, via: 'link', by: null, now });
  return { stopped: true };
}
