import type { ChatMessages } from '../../../../common/api/channels.js';
import type { Db } from '../../../db/index.js';
import { render } from '../../delivery/loop.js';
import type { OutgoingMessage } from '../../engine/index.js';

/** The most messages one read returns; the widget asks again from the last one. */
export const READ_PAGE = 100;

/**
 * What a web chat visitor (known by the user key of their token) may see of one bot: the messages
 * the delivery loop has marked sent, after the last one they have, in id order. A read stops
 * before the first message not yet delivered, so the visitor's cursor never moves past one that
 * is sent later. `ended` once their newest conversation has ended and all of it was read.
 */
export async function readMessages(
  db: Db,
  botId: number,
  userKey: string,
  after: number,
): Promise<ChatMessages> {
  const visitor = db
    .selectFrom('bot_outbox as o')
    .innerJoin('bot_conversations as c', 'c.id', 'o.conversation_id')
    .where('o.channel', '=', 'web')
    .where('o.user_key', '=', userKey)
    .where('c.bot_id', '=', botId)
    .where('o.id', '>', after);
  const pending = await visitor
    .select((eb) => eb.fn.min('o.id').as('id'))
    .where('o.sent_at', 'is', null)
    .where('o.failed_at', 'is', null)
    .executeTakeFirst();
  const firstPending = pending?.id ?? null;
  let sent = visitor
    .innerJoin('bots as b', 'b.id', 'c.bot_id')
    .select(['o.id', 'o.message', 'o.part', 'o.parts', 'b.number_messages'])
    .where('o.sent_at', 'is not', null);
  if (firstPending !== null) sent = sent.where('o.id', '<', firstPending);
  const rows = await sent.orderBy('o.id').limit(READ_PAGE).execute();
  const newest = await db
    .selectFrom('bot_conversations')
    .select('ended_at')
    .where('bot_id', '=', botId)
    .where('channel', '=', 'web')
    .where('user_key', '=', userKey)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return {
    // As the loop renders it for every channel (PenhaS's " [i/n]" when the bot numbers messages).
    messages: rows.map((row) => render({ ...row, message: row.message as OutgoingMessage })),
    ended: Boolean(newest?.ended_at) && firstPending === null && rows.length < READ_PAGE,
  };
}
