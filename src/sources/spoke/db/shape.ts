import type pg from 'pg';
import { Invalid } from '../../../errors.js';

/**
 * What a Spoke database looks like, read from its catalog: which fork (StateVoices/MoveOn or
 * Politics Rewired), how messages reach their contact, how tags are linked, and which columns can
 * serve as sync positions.
 */
export interface SpokeShape {
  flavor: 'statevoices' | 'rewired';
  /** Columns of each table or view we read, by name. */
  columns: Record<string, ReadonlySet<string>>;
  /** Integer-typed `id` columns (usable as an id watermark); Rewired's message ids are UUIDs. */
  integerIds: ReadonlySet<string>;
  /** `message.campaign_contact_id` exists; older versions link through assignment and cell. */
  messageHasContactId: boolean;
  messageHasUserId: boolean;
  /** StateVoices `tag_campaign_contact (tag_id, campaign_contact_id, value)`, Rewired `campaign_contact_tag`. */
  tagLinks: 'tag_campaign_contact' | 'campaign_contact_tag' | null;
  /** StateVoices names tags in `tag.name`, Rewired in `tag.title`. */
  tagNameColumn: 'name' | 'title' | null;
}

const TABLES = [
  'campaign',
  'all_campaign',
  'campaign_contact',
  'message',
  'user',
  'assignment',
  'interaction_step',
  'question_response',
  'opt_out',
  'tag',
  'tag_campaign_contact',
  'campaign_contact_tag',
] as const;

const REQUIRED = ['campaign', 'campaign_contact', 'message', 'user', 'assignment'] as const;

export class NotASpokeDatabase extends Invalid {
  constructor(message: string) {
    super(message, undefined, 'not_spoke');
  }
}

export async function detectShape(client: pg.ClientBase): Promise<SpokeShape> {
  const { rows } = await client.query<{ relname: string; attname: string; integer_type: boolean }>(
    `select c.relname, a.attname, a.atttypid in ('int2'::regtype, 'int4'::regtype, 'int8'::regtype) as integer_type
       from pg_attribute a
       join pg_class c on c.oid = a.attrelid
       join pg_namespace n on n.oid = c.relnamespace
      where c.relname = any($1) and c.relkind in ('r', 'v', 'p', 'm', 'f')
        and n.nspname = any(current_schemas(false))
        and a.attnum > 0 and not a.attisdropped`,
    [TABLES],
  );
  const columns: Record<string, Set<string>> = {};
  const integerIds = new Set<string>();
  for (const row of rows) {
    const set = columns[row.relname] ?? new Set<string>();
    columns[row.relname] = set;
    set.add(row.attname);
    if (row.attname === 'id' && row.integer_type) integerIds.add(row.relname);
  }
  const missing = REQUIRED.filter((table) => !columns[table]);
  if (missing.length > 0) {
    throw new NotASpokeDatabase(
      `not a Spoke database: no ${missing.map((t) => `"${t}"`).join(', ')} table in the search path`,
    );
  }
  const has = (table: string, column: string) => columns[table]?.has(column) ?? false;
  const rewired = Boolean(columns.all_campaign || columns.campaign_contact_tag);
  const tagLinks = columns.tag_campaign_contact
    ? 'tag_campaign_contact'
    : columns.campaign_contact_tag
      ? 'campaign_contact_tag'
      : null;
  return {
    flavor: rewired ? 'rewired' : 'statevoices',
    columns,
    integerIds,
    messageHasContactId: has('message', 'campaign_contact_id'),
    messageHasUserId: has('message', 'user_id'),
    tagLinks: columns.tag ? tagLinks : null,
    tagNameColumn: has('tag', 'name') ? 'name' : has('tag', 'title') ? 'title' : null,
  };
}
