import { readFileSync } from 'node:fs';
import {
  type Delivered,
  importBundle,
  importPenhas,
  type MessageOption,
  type RuntimeDeps,
  receive,
  sampleLookup,
  seedDemoBot,
} from '../../src/chatbot/index.js';
import type { Db } from '../../src/db/index.js';

export const TEST_SECRET = 'test-secret-test-secret-test-secret!';

export function penhasFixture(name: 'config.json' | 'quiz_config.json'): string {
  return readFileSync(new URL(`../../src/chatbot/engine/testdata/penhas/${name}`, import.meta.url), 'utf8');
}

/** The PenhaS quiz fixture as a PenhaS CSV export: header row, JSON in cells, no questionnaire_id. */
export function penhasQuizCsv(): string {
  const rows = JSON.parse(penhasFixture('quiz_config.json')) as Record<string, unknown>[];
  const columns = Object.keys(rows[0] ?? {}).filter((c) => c !== 'questionnaire_id');
  const cell = (value: unknown) => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `${[columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n')}\n`;
}

/** The demo bot as the demo loads it, or a copy of it under another name (a bot of the test's own). */
export async function demoBotId(db: Db, name?: string): Promise<number> {
  if (name !== undefined) {
    const bundle = JSON.parse(
      readFileSync(new URL('../../src/chatbot/demo/demo-bot.json', import.meta.url), 'utf8'),
    );
    return (await importBundle(db, { bundle, botName: name, actorId: null })).bot.id;
  }
  await db.transaction().execute(seedDemoBot);
  const bot = await db
    .selectFrom('bots')
    .select('id')
    .where('name', '=', 'Demonstração')
    .executeTakeFirstOrThrow();
  return bot.id;
}

export async function penhasBotId(db: Db, name = 'Penha'): Promise<number> {
  const outcome = await importPenhas(db, {
    botName: name,
    files: {
      config: penhasFixture('config.json'),
      quiz: penhasFixture('quiz_config.json'),
      quizFormat: 'json',
    },
    actorId: null,
  });
  return outcome.bot.id;
}

/** One user talking to a bot through the runtime, on a clock the test moves. */
export class TestChat {
  options: readonly MessageOption[] = [];
  readonly transcript: string[] = [];

  constructor(
    readonly deps: RuntimeDeps,
    readonly botId: number,
    readonly handle: string,
    public now: Date,
    readonly channel = 'test',
  ) {}

  static deps(db: Db): RuntimeDeps {
    return { db, secret: TEST_SECRET, lookup: sampleLookup };
  }

  advance(seconds: number): this {
    this.now = new Date(this.now.getTime() + seconds * 1000);
    return this;
  }

  async say(text: string, eventId?: string): Promise<Delivered> {
    return this.deliver({ kind: 'text', text }, eventId);
  }

  async press(label: string): Promise<Delivered> {
    const option = this.options.find((o) => o.label === label);
    if (!option)
      throw new Error(`no button "${label}" among ${JSON.stringify(this.options.map((o) => o.label))}`);
    return this.deliver({ kind: 'choose', value: option.value });
  }

  private async deliver(
    input: { kind: 'text'; text: string } | { kind: 'choose'; value: string },
    eventId?: string,
  ) {
    this.advance(1);
    const delivered = await receive(this.deps, {
      botId: this.botId,
      channel: this.channel,
      handle: this.handle,
      input,
      eventId: eventId ?? null,
      now: this.now,
    });
    for (const m of delivered.messages) {
      this.transcript.push(m.text);
      if (m.options.length > 0) this.options = m.options;
    }
    return delivered;
  }
}
