import { sql } from 'kysely';
import type { Db } from '../../db/index.js';
import { Invalid } from '../../errors.js';

/** Which conversations count: started in the period (whole days, both ends included), with the tag. */
export interface DropOffFilter {
  readonly botId: number;
  /** YYYY-MM-DD, or null: open. */
  readonly from: string | null;
  readonly to: string | null;
  readonly tag: number | null;
}

export interface DropOffStepRow {
  readonly code: string;
  readonly questionnaire_id: string | null;
  readonly reached: number;
  readonly went_on: number;
  readonly gave_up: number;
  readonly timed_out: number;
  readonly still_there: number;
}

export interface DropOffMoveRow {
  readonly from: string;
  readonly to: string;
  readonly conversations: number;
}

export interface DropOff {
  readonly conversations: number;
  readonly steps: DropOffStepRow[];
  readonly moves: DropOffMoveRow[];
  readonly tags: { readonly code: number; readonly label: string | null }[];
}

/** A period that ends before it starts is refused, naming the field. */
export function checkPeriod(filter: DropOffFilter): void {
  if (filter.from !== null && filter.to !== null && filter.to < filter.from) {
    throw new Invalid(
      'The period ends before it starts.',
      { field: 'to', from: filter.from, to: filter.to },
      'bad_period',
    );
  }
}

/**
 * Where the bot's conversations drop off, through the SQL functions of drop-off.sql — the same ones
 * the built-in report `chatbot-drop-off` runs, so the canvas and the report always agree.
 */
export async function dropOff(db: Db, filter: DropOffFilter): Promise<DropOff> {
  checkPeriod(filter);
  const args = sql`${filter.from}::date, ${filter.to}::date, ${filter.tag}::int, ${filter.botId}::int`;
  const [conversations, steps, moves, tags] = await Promise.all([
    sql<{ n: number }>`select count(*)::int as n from chatbot_drop_off_ends(${args})`.execute(db),
    sql<DropOffStepRow>`
      select step as code, questionnaire_id, reached, went_on, gave_up, timed_out, still_there
        from chatbot_drop_off(${args})
       order by reached desc, step`.execute(db),
    sql<DropOffMoveRow>`
      select from_step as "from", to_step as "to", conversations
        from chatbot_drop_off_moves(${args})
       order by conversations desc, from_step, to_step`.execute(db),
    db.selectFrom('bot_tag_codes').select(['id as code', 'label']).orderBy('id').execute(),
  ]);
  return {
    conversations: conversations.rows[0]?.n ?? 0,
    steps: steps.rows,
    moves: moves.rows,
    tags,
  };
}
