import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../test/harness/db.js';
import { DEMO_BOT_NAME } from '../chatbot/index.js';
import { loadDemo } from './index.js';

const testDb = setupTestDatabase();

/** How the demo bot's conversations ended (by their last event), and what they hold. */
async function summary() {
  const { rows } = await sql<Record<string, number>>`
    with last as (
      select distinct on (e.conversation_id) e.conversation_id, e.state, e.tag_code
        from bot_events e join bots b on b.id = e.bot_id
       where b.name = ${DEMO_BOT_NAME}
       order by e.conversation_id, e.id desc)
    select (select count(*)::int from bot_conversations where channel = 'demo') as conversations,
           (select count(*)::int from bot_events) as events,
           (select count(*)::int from bot_outbox) as outbox,
           (select count(*)::int from bot_outbox where sent_at is null) as unsent,
           count(*) filter (where state = 'QUESTIONNAIRE_FINISHED')::int as finished,
           count(*) filter (where state = 'QUESTIONNAIRE_GAVE_UP')::int as gave_up,
           count(*) filter (where state = 'QUESTIONNAIRE_TIMEOUT')::int as timed_out,
           count(*) filter (where state like 'DURING_%')::int as still_there,
           count(*) filter (where tag_code <> 0)::int as tagged,
           (select count(distinct started_at::date)::int from bot_conversations) as days
      from last`.execute(testDb.db);
  return rows[0] as Record<string, number>;
}

describe('the demo bot’s conversations', () => {
  it('walks a few hundred made-up users through the runtime over four weeks, once', async () => {
    const now = new Date();
    await loadDemo(testDb, now);
    const first = await summary();
    expect(first.conversations).toBeGreaterThan(300);
    for (const outcome of ['finished', 'gave_up', 'timed_out', 'still_there', 'tagged'])
      expect(first[outcome], outcome).toBeGreaterThan(5);
    expect(first.days).toBeGreaterThan(20);
    // No channel carries them: the delivery loop has nothing to send (or fail).
    expect(first.unsent).toBe(0);
    const range = await testDb.db
      .selectFrom('bot_conversations')
      .select((eb) => [eb.fn.min('started_at').as('first'), eb.fn.max('started_at').as('last')])
      .executeTakeFirstOrThrow();
    expect(new Date(range.last as Date).getTime()).toBeLessThanOrEqual(now.getTime());
    expect(new Date(range.first as Date).getTime()).toBeGreaterThan(now.getTime() - 30 * 86_400_000);

    // The numbers the canvas shows (one SQL function behind it and the report): they add up.
    const bot = await testDb.db
      .selectFrom('bots')
      .select('id')
      .where('name', '=', DEMO_BOT_NAME)
      .executeTakeFirstOrThrow();
    const { rows: steps } = await sql<Record<string, number | string>>`
      select step, reached::int, went_on::int, gave_up::int, timed_out::int, still_there::int
        from chatbot_drop_off(null, null, null, ${bot.id})`.execute(testDb.db);
    expect(steps.length).toBeGreaterThan(10);
    for (const s of steps)
      expect(s.reached, String(s.step)).toBe(
        Number(s.went_on) + Number(s.gave_up) + Number(s.timed_out) + Number(s.still_there),
      );

    // Loading again adds nothing.
    await loadDemo(testDb, new Date(now.getTime() + 86_400_000));
    expect(await summary()).toEqual(first);
  });
});
