import type { Selectable, Updateable } from 'kysely';
import type { BotChannels, BotConversations, BotQuestions, BotRevisions, Bots, DB, Users } from './types.js';

/**
 * Names the code uses for the generated table types (src/db/types.ts, `npm run db:types`).
 * Hand-written: add an alias here when a row type is passed around by name.
 */

/** Every table and view, as Kysely sees them. */
export type Database = DB;

export type UserRow = Selectable<Users>;
export type UserUpdate = Updateable<Users>;

export type { RubricItemRow } from './column-types.js';

export type BotRow = Selectable<Bots>;
export type BotRevisionRow = Selectable<BotRevisions>;
export type BotQuestionRow = Selectable<BotQuestions>;
export type BotConversationRow = Selectable<BotConversations>;
export type BotChannelRow = Selectable<BotChannels>;
