import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { Database, Db } from '../db/index.js';
import type { BotConversationRow, BotRevisionRow, BotRow } from '../db/rows.js';

export async function findBotById(db: Db, id: number): Promise<BotRow | undefined> {
  return db.selectFrom('bots').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findBotByName(db: Db, name: string): Promise<BotRow | undefined> {
  return db
    .selectFrom('bots')
    .selectAll()
    .where(sql<string>`lower(name)`, '=', name.trim().toLowerCase())
    .executeTakeFirst();
}

/** A bot named on the command line: its name (any case) or its id. */
export async function findBotByRef(db: Db, ref: string): Promise<BotRow | undefined> {
  const byName = await findBotByName(db, ref);
  if (byName || !/^\d+$/.test(ref.trim())) return byName;
  return findBotById(db, Number(ref.trim()));
}

export interface BotListRow extends BotRow {
  current_number: number | null;
  revision_count: number;
  conversation_count: number;
}

export async function listBots(db: Db): Promise<BotListRow[]> {
  return db
    .selectFrom('bots')
    .leftJoin('bot_revisions as current', 'current.id', 'bots.current_revision_id')
    .selectAll('bots')
    .select((eb) => [
      'current.number as current_number',
      eb
        .selectFrom('bot_revisions')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('bot_revisions.bot_id', '=', 'bots.id')
        .as('revision_count'),
      eb
        .selectFrom('bot_conversations')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('bot_conversations.bot_id', '=', 'bots.id')
        .as('conversation_count'),
    ])
    .orderBy(sql`lower(bots.name)`)
    .execute() as Promise<BotListRow[]>;
}

export interface RevisionListRow extends BotRevisionRow {
  created_by_name: string | null;
}

/** A bot's revisions, each with its author's name (or e-mail when the name is empty). */
function revisionsWithAuthor(db: Db, botId: number) {
  return db
    .selectFrom('bot_revisions')
    .leftJoin('users', 'users.id', 'bot_revisions.created_by')
    .selectAll('bot_revisions')
    .select(sql<string | null>`coalesce(nullif(users.name, ''), users.email)`.as('created_by_name'))
    .where('bot_revisions.bot_id', '=', botId);
}

export async function listRevisions(db: Db, botId: number): Promise<RevisionListRow[]> {
  return revisionsWithAuthor(db, botId).orderBy('bot_revisions.number', 'desc').execute();
}

export async function findRevision(
  db: Db,
  botId: number,
  number: number,
): Promise<RevisionListRow | undefined> {
  return revisionsWithAuthor(db, botId).where('bot_revisions.number', '=', number).executeTakeFirst();
}

/** Locks the bot row: revisions of one bot are numbered one at a time. */
export async function lockBot(trx: Kysely<Database>, botId: number): Promise<BotRow | undefined> {
  return trx.selectFrom('bots').selectAll().where('id', '=', botId).forUpdate().executeTakeFirst();
}

/**
 * The user's newest conversation row, locked (the timeout sweep skips it meanwhile), and whether
 * an inbound event id was seen before: one round trip.
 */
export async function latestConversation(
  trx: Kysely<Database>,
  key: { botId: number; channel: string; userKey: string },
  eventId: string | null,
): Promise<{ row: BotConversationRow | undefined; seen: boolean }> {
  const { rows } = await trx.executeQuery<BotConversationRow & { seen: boolean }>(
    CompiledQuery.raw(LATEST_CONVERSATION, [key.botId, key.channel, key.userKey, eventId]),
  );
  const row = rows[0];
  if (!row) return { row: undefined, seen: eventId !== null && (await eventSeen(trx, key, eventId)) };
  const { seen, ...conversation } = row;
  return { row: conversation, seen: Boolean(seen) };
}

/** latestConversation's statement, prepared once (on every turn: no query builder). */
const LATEST_CONVERSATION = `
  select c.*, exists (select 1 from bot_inbound i where i.bot_id = $1 and i.channel = $2 and i.event_id = $4) as seen
    from bot_conversations c
   where c.bot_id = $1 and c.channel = $2 and c.user_key = $3
   order by c.seq desc
   limit 1
     for update`;

/** Whether the bot got this event id on this channel before (from any user). */
async function eventSeen(
  trx: Kysely<Database>,
  key: { botId: number; channel: string },
  eventId: string,
): Promise<boolean> {
  const found = await trx
    .selectFrom('bot_inbound')
    .select('id')
    .where('bot_id', '=', key.botId)
    .where('channel', '=', key.channel)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return found !== undefined;
}

export async function newestSeq(
  trx: Kysely<Database>,
  key: { botId: number; channel: string; userKey: string },
): Promise<number | null> {
  const row = await trx
    .selectFrom('bot_conversations')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('bot_id', '=', key.botId)
    .where('channel', '=', key.channel)
    .where('user_key', '=', key.userKey)
    .executeTakeFirst();
  return row?.seq ?? null;
}
