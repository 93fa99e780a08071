import { sql } from 'kysely';
import { createBot } from '../src/chatbot/index.js';
import { type BenchDatabase, benchDatabase, median, report, round } from './_support.js';

/**
 * `npm run bench -- drop-off [conversations] [rounds]`: where people drop off in one bot, as the
 * flow canvas asks for it (`chatbot_drop_off` and `chatbot_drop_off_moves` for the bot, all time),
 * against the drop-off report Parley had before (reached and left per step, one pass over the
 * analytics view, no outcome per conversation, no moves) on the same data. Default 50,000
 * conversations (2 to 9 steps each, two thirds ended: gave up, timed out or finished) of 20 steps,
 * 9 rounds, interleaved so both see the same machine; medians.
 */
const BEFORE = `
  WITH reached AS (
    SELECT a.step_code_id, a.conversa_id,
           bool_or(a.state IN ('QUESTIONNAIRE_GAVE_UP', 'QUESTIONNAIRE_TIMEOUT')) AS left_here
      FROM penhas.analytics a
      JOIN penhas.conversa c ON c.id = a.conversa_id
     WHERE c.bot_id = $1
     GROUP BY a.step_code_id, a.conversa_id
  )
  SELECT sc.code AS step, count(*) AS reached, count(*) FILTER (WHERE left_here) AS left_here
    FROM reached r JOIN penhas.step_code sc ON sc.id = r.step_code_id
   GROUP BY sc.code`;

async function seed(bench: BenchDatabase, conversations: number): Promise<number> {
  const bot = await createBot(bench.db, { name: 'Bench', actorId: null });
  const botId = bot.id;
  await sql`insert into bot_step_codes (bot_id, code) select ${botId}, 'S' || g from generate_series(1, 20) g`.execute(
    bench.db,
  );
  await sql`
    insert into bot_conversations (bot_id, revision_id, channel, user_key, seq, state, started_at, last_inbound_at)
    select ${botId}, ${bot.current_revision_id}, 'bench', 'user' || g, 1, '{}'::jsonb,
           now() - (g % 90) * interval '1 day', now()
      from generate_series(1, ${conversations}) g`.execute(bench.db);
  // Each conversation walks 2 to 9 of the 20 steps; two in three then end (gave up, timed out, finished).
  await sql`
    with steps as (select array_agg(id order by id) as ids from bot_step_codes where bot_id = ${botId})
    insert into bot_events (bot_id, conversation_id, step_code_id, previous_step_code_id, state, tag_code,
                            created_at, first_msg_at)
    select c.bot_id, c.id, s.ids[1 + (c.id * 7 + i * 3) % 20],
           case when i = 1 then null else s.ids[1 + (c.id * 7 + (i - 1) * 3) % 20] end,
           case when i <= 2 + c.id % 8 then 'DURING_DECISION_TREE'
                else (array['QUESTIONNAIRE_GAVE_UP', 'QUESTIONNAIRE_TIMEOUT', 'QUESTIONNAIRE_FINISHED'])[1 + (c.id / 3) % 3] end,
           (c.id % 3)::int, c.started_at + i * interval '1 second', c.started_at
      from bot_conversations c
      cross join steps s
      cross join lateral generate_series(1, 2 + c.id % 8 + case when c.id % 3 = 0 then 0 else 1 end) i
     where c.bot_id = ${botId}`.execute(bench.db);
  await sql`analyze`.execute(bench.db);
  return botId;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

export default async function dropOffBench(args: string[]): Promise<void> {
  const conversations = Number(args[0] ?? 50_000);
  const rounds = Number(args[1] ?? 9);
  const bench = await benchDatabase(4);
  try {
    const botId = await seed(bench, conversations);
    const events = (await bench.pool.query<{ n: string }>('select count(*) as n from bot_events')).rows[0]?.n;
    const canvas = () =>
      Promise.all([
        bench.pool.query('select * from chatbot_drop_off(null, null, null, $1)', [botId]),
        bench.pool.query('select * from chatbot_drop_off_moves(null, null, null, $1)', [botId]),
      ]);
    const before = () => bench.pool.query(BEFORE, [botId]);
    await canvas();
    await before();
    const times = { canvas: [] as number[], before: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      times.canvas.push(await timed(canvas));
      times.before.push(await timed(before));
    }
    const canvasMs = median(times.canvas);
    const beforeMs = median(times.before);
    report('conversations / analytics events', `${conversations} / ${events}`);
    report('canvas numbers (steps + moves), median ms', round(canvasMs, 1));
    report('former drop-off report, median ms', round(beforeMs, 1));
    report('ratio canvas / former report', round(canvasMs / beforeMs));
    process.stdout.write(
      `${JSON.stringify({
        conversations,
        events: Number(events),
        rounds,
        canvas_ms: round(canvasMs, 1),
        former_report_ms: round(beforeMs, 1),
        ratio: round(canvasMs / beforeMs),
      })}\n`,
    );
  } finally {
    await bench.drop();
  }
}
