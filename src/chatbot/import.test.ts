import { describe, expect, it } from 'vitest';
import { penhasFixture, penhasQuizCsv } from '../../test/harness/chatbot.js';
import { setupTestDatabase } from '../../test/harness/db.js';
import { DomainError } from '../errors.js';
import { createBot } from './commands/create-bot.js';
import { importBundle } from './commands/import-bundle.js';
import { importPenhas } from './commands/import-penhas.js';
import { revertRevision } from './commands/revert-revision.js';
import { saveRevision } from './commands/save-revision.js';
import { InvalidBot } from './issues.js';
import { findBotByName, listRevisions } from './queries.js';
import { readRevision } from './revisions.js';

const testDb = setupTestDatabase();

async function counts() {
  const count = async (table: 'bots' | 'bot_revisions' | 'bot_questions') =>
    Number(
      (
        await testDb.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    bots: await count('bots'),
    revisions: await count('bot_revisions'),
    questions: await count('bot_questions'),
  };
}

async function failure(work: Promise<unknown>): Promise<InvalidBot> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof InvalidBot)) throw new Error(`expected InvalidBot, got ${String(error)}`);
  return error;
}

describe('PenhaS import', () => {
  it('imports the CSV export (questionnaire id given), and a re-import is a new revision', async () => {
    const files = {
      config: penhasFixture('config.json'),
      quiz: penhasQuizCsv(),
      quizFormat: 'csv' as const,
      questionnaireId: '2',
    };
    const first = await importPenhas(testDb.db, { botName: 'Penha CSV', files, actorId: null });
    expect(first).toMatchObject({ created: true, revision: { number: 1, source: 'import_penhas' } });
    const again = await importPenhas(testDb.db, { botName: 'penha csv', files, actorId: null });
    expect(again).toMatchObject({ created: false, revision: { number: 2 } });
    expect(again.bot.id).toBe(first.bot.id);

    // The CSV and the JSON export give the same bot.
    const json = await importPenhas(testDb.db, {
      botName: 'Penha JSON',
      files: {
        config: penhasFixture('config.json'),
        quiz: penhasFixture('quiz_config.json'),
        quizFormat: 'json',
      },
      actorId: null,
    });
    const fromCsv = await readRevision(testDb.db, again.revision.id);
    const fromJson = await readRevision(testDb.db, json.revision.id);
    expect(fromCsv.bundle).toEqual(fromJson.bundle);
    expect(fromCsv.bundle.questionnaires[0]?.questions.map((q) => q.code)).toEqual([
      'BOAS_VINDAS',
      'P1',
      'P2a',
      'P2a_resultado',
      'P2b',
      'P3_cep',
      'FIM_1',
      'RESET_1',
      'SAIR_1',
      'P_NUNCA',
    ]);
  });

  it('reports every problem at once, with CSV lines and JSON paths, and imports nothing', async () => {
    await importPenhas(testDb.db, {
      botName: 'Penha Broken',
      files: {
        config: penhasFixture('config.json'),
        quiz: penhasFixture('quiz_config.json'),
        quizFormat: 'json',
      },
      actorId: null,
    });
    const before = await counts();
    const config = JSON.parse(penhasFixture('config.json'));
    delete config.error_msg;
    config.nodes[2].quick_replies[0].metadata = 'node_inexistente';
    const csv = penhasQuizCsv()
      .replace('P1==_self,', "P1 = 'P2b',")
      .replace(',cep_address_lookup,', ',skillset,');
    const error = await failure(
      importPenhas(testDb.db, {
        botName: 'Penha Broken',
        files: {
          config: JSON.stringify(config, null, 2),
          quiz: csv,
          quizFormat: 'csv',
          questionnaireId: '2',
        },
        actorId: null,
      }),
    );
    const shown = error.issues.map((i) => `${i.file}${i.line ? `:${i.line}` : ''} ${i.path}: ${i.message}`);
    // Every problem of the conversion at once (the graph checks — the unknown node target — come
    // once these are fixed, as in the engine's own test).
    expect(shown).toEqual([
      "quiz:4 quiz[2].relevance: relevance syntax error at 1:4: unexpected '=' (use '==' to compare)",
      "quiz:7 quiz[5].type: question type 'skillset' is not supported by the anonymous (Twitter) quiz",
      'config config.error_msg: is required',
    ]);
    expect(error.message).toBe('Nothing imported: 3 problems in the PenhaS files.');
    expect(await counts()).toEqual(before);
    const bot = await findBotByName(testDb.db, 'Penha Broken');
    expect((await listRevisions(testDb.db, bot?.id ?? 0)).map((r) => r.number)).toEqual([1]);
  });

  it('names the line of a broken CSV and of broken JSON, and creates no bot', async () => {
    const before = await counts();
    const error = await failure(
      importPenhas(testDb.db, {
        botName: 'Never',
        files: { config: '{\n  "nodes": [\n}', quiz: 'id,code\n1,"P1\n', quizFormat: 'csv' },
        actorId: null,
      }),
    );
    expect(error.issues.map((i) => [i.file, i.line])).toEqual([
      ['config', 3],
      ['quiz', 2],
    ]);
    expect(await counts()).toEqual(before);
  });
});

describe('bundles and revisions', () => {
  it('exports and re-imports a bundle unchanged; reverting copies an old revision into a new one', async () => {
    const bot = await createBot(testDb.db, { name: 'Round trip', actorId: null });
    const demo = (await import('./demo/demo-bot.json', { with: { type: 'json' } })).default;
    const imported = await importBundle(testDb.db, {
      bundle: { ...demo, name: 'Round trip' },
      actorId: null,
    });
    expect(imported).toMatchObject({ created: false, revision: { number: 2, source: 'import_bundle' } });
    const two = await readRevision(testDb.db, imported.revision.id);

    const reverted = await revertRevision(testDb.db, { botId: bot.id, number: 1, actorId: null });
    expect(reverted).toMatchObject({ number: 3, source: 'revert', reverted_from: 1 });
    const three = await readRevision(testDb.db, reverted.id);
    expect(three.bundle.bot.entry).toBe('node_start');
    expect(three.bundle.questionnaires).toEqual([]);

    const back = await revertRevision(testDb.db, { botId: bot.id, number: 2, actorId: null });
    expect((await readRevision(testDb.db, back.id)).bundle).toEqual(two.bundle);
    expect((await findBotByName(testDb.db, 'round trip'))?.current_revision_id).toBe(back.id);
  });

  it('saves nothing when the edited bundle has errors, and refuses a save over a newer revision', async () => {
    const bot = await createBot(testDb.db, { name: 'Editor', actorId: null });
    const current = await readRevision(testDb.db, bot.current_revision_id ?? 0);
    const edited = structuredClone(current.bundle) as unknown as {
      bot: { entry: string; nodes: { code: string }[] };
    };
    edited.bot.entry = 'node_missing';
    const error = await failure(saveRevision(testDb.db, { botId: bot.id, bundle: edited, actorId: null }));
    expect(error.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      "bot.entry: unknown node 'node_missing'",
    ]);
    expect((await listRevisions(testDb.db, bot.id)).length).toBe(1);

    const ok = structuredClone(current.bundle);
    await saveRevision(testDb.db, { botId: bot.id, bundle: ok, baseRevision: 1, actorId: null });
    const stale = await saveRevision(testDb.db, {
      botId: bot.id,
      bundle: ok,
      baseRevision: 1,
      actorId: null,
    }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(DomainError);
    expect(stale).toMatchObject({ kind: 'conflict', code: 'stale_revision' });
  });

  it('adds the tag codes a config uses, so analytics never lose an event to the tag join', async () => {
    const bot = await createBot(testDb.db, { name: 'Tags', actorId: null });
    const current = await readRevision(testDb.db, bot.current_revision_id ?? 0);
    const edited = structuredClone(current.bundle) as unknown as {
      bot: {
        tag_code_config: { default: number; scenarios: { tag_code_value: number; check_code: string }[] };
      };
    };
    edited.bot.tag_code_config = { default: 0, scenarios: [{ tag_code_value: 7, check_code: 'node_start' }] };
    await saveRevision(testDb.db, { botId: bot.id, bundle: edited, actorId: null });
    const tags = await testDb.db
      .selectFrom('penhas.tag_code' as 'bot_tag_codes')
      .selectAll()
      .orderBy('id')
      .execute();
    expect(tags.map((t) => t.id)).toEqual([0, 1, 2, 3, 7]);
    expect(tags[0]?.label).toBe('Sem categoria');
  });
});
