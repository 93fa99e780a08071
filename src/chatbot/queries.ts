import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { Database, Db } from '../db/index.js';
import type { BotConversationRow, BotRevisionRow, BotRow } from '../db/rows.js';
import { NotFound } from '../errors.js';

export async function findBotById(db: Db, id: number): Promise<BotRow | undefined> {
  return db.selectFrom('bots').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The bot, or NotFound. */
export async function requireBot(db: Db, id: number): Promise<BotRow> {
  const bot = await findBotById(db, id);
  if (!bot) throw new NotFound('Bot');
  return bot;
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
 * Each user's newest conversation row, locked (the timeout sweep skips it meanwhile), and whether
 * the event id was seen before (from any user of the bot on the channel): one round trip for any
 * number of users.
 */
export async function latestConversations(
  trx: Kysely<Database>,
  keys: readonly { botId: number; channel: string; userKey: string }[],
  eventIds: readonly (string | null)[],
): Promise<{ row: BotConversationRow | undefined; seen: boolean }[]> {
  const { rows } = await trx.executeQuery<Partial<BotConversationRow> & { i: number; seen: boolean }>(
    CompiledQuery.raw(LATEST_CONVERSATIONS, [
      keys.map((k) => k.botId),
      keys.map((k) => k.channel),
      keys.map((k) => k.userKey),
      eventIds,
    ]),
  );
  const found = keys.map(() => ({ row: undefined as BotConversationRow | undefined, seen: false }));
  for (const { i, seen, ...row } of rows)
    found[Number(i) - 1] = {
      row: row.id === null ? undefined : (row as BotConversationRow),
      seen: Boolean(seen),
    };
  return found;
}

/** latestConversations' statement, prepared once (on every turn: no query builder). */
const LATEST_CONVERSATIONS = `
  select k.i, exists (select 1 from bot_inbound b
                       where b.bot_id = k.bot_id and b.channel = k.channel and b.event_id = k.event_id) as seen, c.*
    from unnest($1::int[], $2::text[], $3::text[], $4::text[]) with ordinality as k(bot_id, channel, user_key, event_id, i)
    left join lateral (select * from bot_conversations c
                        where c.bot_id = k.bot_id and c.channel = k.channel and c.user_key = k.user_key
                        order by c.seq desc limit 1 for update) c on true`;

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
