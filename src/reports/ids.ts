import { sql } from 'kysely';
import type { SearchableIdType } from '../../common/report-ids.js';
import type { Db } from '../db/index.js';
import { type IdType, isIdType, type ParamDecl, type ParamValue } from './header/index.js';
import type { ParamProblem } from './prepare.js';

/**
 * Id parameters accept an id or a name/e-mail, and must name something that exists. Looked up
 * in Parley's own database (ids of a registered source are taken as given).
 */
function byName(type: IdType, text: string) {
  switch (type) {
    case 'user_id':
      return sql`select id from users where lower(email) = lower(${text}) or lower(name) = lower(${text}) limit 2`;
    case 'texter_id':
      return sql`select id from texters where lower(email) = lower(${text})
        or lower(trim(first_name || ' ' || last_name)) = lower(${text}) limit 2`;
    case 'campaign_id':
      return sql`select id from campaigns where lower(title) = lower(${text}) limit 2`;
    default:
      return null;
  }
}

const TABLES: Record<IdType, string> = {
  user_id: 'users',
  texter_id: 'texters',
  campaign_id: 'campaigns',
  conversation_id: 'conversations',
  message_id: 'messages',
};

async function lookup(db: Db, type: IdType, text: string): Promise<number[]> {
  const query = /^\d{1,18}$/.test(text)
    ? sql`select id from ${sql.table(TABLES[type])} where id = ${text}::bigint limit 2`
    : byName(type, text);
  if (query === null) return [];
  const { rows } = await (query as ReturnType<typeof sql<{ id: number }>>).execute(db);
  return rows.map((r) => Number(r.id));
}

/** Replaces each id parameter's value by the id it names, or lists why it cannot. */
export async function resolveIds(
  db: Db,
  decls: readonly ParamDecl[],
  values: Map<string, ParamValue>,
): Promise<ParamProblem[]> {
  const problems: ParamProblem[] = [];
  for (const decl of decls) {
    const value = values.get(decl.name);
    if (!isIdType(decl.type) || value === null || value === undefined) continue;
    const ids = await lookup(db, decl.type, String(value).trim());
    if (ids.length === 0)
      problems.push({ field: decl.name, message: `no ${decl.type.replace('_id', '')} "${value}"` });
    else if (ids.length > 1)
      problems.push({ field: decl.name, message: `"${value}" matches more than one; use the id` });
    else values.set(decl.name, String(ids[0]));
  }
  return problems;
}

export interface IdSuggestion {
  readonly id: number;
  readonly label: string;
}

/** `%text%` for ILIKE, with the pattern's own characters escaped. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function searchQuery(type: SearchableIdType, text: string, limit: number) {
  const id = /^\d{1,15}$/.test(text) ? text : null;
  const like = containing(text);
  switch (type) {
    case 'user_id':
      return sql<IdSuggestion>`select id, name || ' <' || email || '>' as label from users
        where id = ${id}::bigint or name ilike ${like} or email ilike ${like}
        order by id = ${id}::bigint desc nulls last, lower(name), id limit ${limit}`;
    case 'texter_id':
      return sql<IdSuggestion>`select id,
          trim(first_name || ' ' || last_name) || ' <' || coalesce(email_override, email) || '>' as label
        from texters
        where id = ${id}::bigint or trim(first_name || ' ' || last_name) ilike ${like}
           or email ilike ${like} or email_override ilike ${like}
        order by id = ${id}::bigint desc nulls last, lower(first_name), lower(last_name), id
        limit ${limit}`;
    case 'campaign_id':
      return sql<IdSuggestion>`select id, title as label from campaigns
        where id = ${id}::bigint or title ilike ${like}
        order by id = ${id}::bigint desc nulls last, is_archived, lower(title), id limit ${limit}`;
    case 'conversation_id':
      // Conversations have no name: by id (empty: the newest), shown with campaign and texter.
      return sql<IdSuggestion>`select c.id,
          concat_ws(' · ', ca.title, nullif(trim(t.first_name || ' ' || t.last_name), '')) as label
        from conversations c
        left join campaigns ca on ca.id = c.campaign_id
        left join texters t on t.id = c.texter_id
        where ${text === ''} or c.id = ${id}::bigint
        order by c.id desc limit ${limit}`;
  }
}

/** Objects of a type whose id, name, e-mail or title matches `text`, for an id parameter's field. */
export async function searchIds(
  db: Db,
  type: SearchableIdType,
  text: string,
  limit: number,
): Promise<IdSuggestion[]> {
  const { rows } = await searchQuery(type, text.trim(), limit).execute(db);
  return rows.map((r) => ({ id: Number(r.id), label: r.label ?? '' }));
}
