import { readFileSync } from 'node:fs';
import Schema from 'typebox/schema';
import { describe, expect, it } from 'vitest';
import { checkBundle, toBundleFile } from './bundle-file.js';
import { type BotBundle, convertPenhas, validateBundle } from './engine/index.js';
import { questionColumns, questionFromRow } from './revisions.js';

const readJson = (url: URL): unknown => JSON.parse(readFileSync(url, 'utf8'));
const schema = readJson(new URL('../../docs/bot-bundle.schema.json', import.meta.url)) as Parameters<
  typeof Schema.Check
>[0];
const demoFile = readJson(new URL('./demo/demo-bot.json', import.meta.url));
const penhas = convertPenhas(
  readJson(new URL('./engine/testdata/penhas/config.json', import.meta.url)),
  readJson(new URL('./engine/testdata/penhas/quiz_config.json', import.meta.url)),
);

/** The demo bot with its CEP question's own number of points and radius. */
const cepSettingsFile = (() => {
  const copy = structuredClone(demoFile) as { questionnaires: { questions: Record<string, unknown>[] }[] };
  const cep = copy.questionnaires[0]?.questions.find((q) => q.type === 'cep_address_lookup');
  if (!cep) throw new Error('the demo bot has no CEP question');
  Object.assign(cep, { points: 5, radius_km: 120 });
  return copy;
})();

function validated(input: unknown): BotBundle {
  const result = validateBundle(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.bundle;
}

function schemaErrors(value: unknown): string[] {
  const [, errors] = Schema.Errors(schema, value);
  return errors.map((e) => `${e.instancePath} ${e.message}`);
}

describe('the bundle format', () => {
  it('the demo bot is a valid bundle for the JSON Schema and for the engine', () => {
    expect(schemaErrors(demoFile)).toEqual([]);
    expect(checkBundle(demoFile).ok).toBe(true);
  });

  it('the demo bot shipped with the demo data is the engine fixture', () => {
    const fixture = readJson(new URL('./engine/testdata/demo-bot.json', import.meta.url));
    expect(demoFile).toEqual(fixture);
  });

  it('exports (validated bundles, with a name) validate against the schema, PenhaS imports included', () => {
    if (!penhas.ok) throw new Error(JSON.stringify(penhas.errors));
    for (const bundle of [validated(demoFile), validated(cepSettingsFile), penhas.bundle]) {
      const file = toBundleFile('Some bot', bundle);
      expect(schemaErrors(JSON.parse(JSON.stringify(file)))).toEqual([]);
      // …and import again to the same bundle.
      const again = checkBundle(JSON.parse(JSON.stringify(file)));
      expect(again.ok && again.name).toBe('Some bot');
      expect(again.ok && again.bundle).toEqual(bundle);
    }
  });

  it('the schema and the engine refuse the same broken shapes', () => {
    const broken = (
      change: (bundle: { bot: Record<string, unknown>; questionnaires: Record<string, unknown>[] }) => void,
    ) => {
      const copy = structuredClone(demoFile) as {
        bot: Record<string, unknown>;
        questionnaires: Record<string, unknown>[];
      };
      change(copy);
      return copy;
    };
    const cases = [
      broken((b) => {
        delete b.bot.entry;
      }),
      broken((b) => {
        b.bot.timeout_seconds = -1;
      }),
      broken((b) => {
        b.bot.colour = 'blue';
      }),
      broken((b) => {
        (b.bot.nodes as Record<string, unknown>[])[0] = { code: 'x', type: 'carousel' };
      }),
      broken((b) => {
        const questions = (b.questionnaires[0]?.questions ?? []) as Record<string, unknown>[];
        questions[0] = { ...questions[0], type: 'slider' };
      }),
      broken((b) => {
        const questions = (b.questionnaires[0]?.questions ?? []) as Record<string, unknown>[];
        questions[0] = { ...questions[0], options: [] };
      }),
      broken((b) => {
        const end = ((b.questionnaires[0]?.questions ?? []) as Record<string, unknown>[]).find(
          (q) => q.type === 'botao_fim',
        );
        if (end) end.end = 'maybe';
      }),
      broken((b) => {
        const cep = ((b.questionnaires[0]?.questions ?? []) as Record<string, unknown>[]).find(
          (q) => q.type === 'cep_address_lookup',
        );
        if (cep) cep.radius_km = 0;
      }),
      broken((b) => {
        const cep = ((b.questionnaires[0]?.questions ?? []) as Record<string, unknown>[]).find(
          (q) => q.type === 'cep_address_lookup',
        );
        if (cep) cep.points = 2.5;
      }),
    ];
    for (const bundle of cases) {
      expect(schemaErrors(bundle).length, JSON.stringify(bundle).slice(0, 80)).toBeGreaterThan(0);
      expect(validateBundle(bundle).ok).toBe(false);
    }
  });

  it('questions survive their table row unchanged', () => {
    if (!penhas.ok) throw new Error('fixture');
    for (const bundle of [validated(demoFile), validated(cepSettingsFile), penhas.bundle]) {
      for (const question of bundle.questionnaires.flatMap((q) => q.questions)) {
        const columns = questionColumns(question);
        const parse = (text: string | null) => (text === null ? null : JSON.parse(text));
        const row = {
          ...columns,
          intro: parse(columns.intro),
          options: parse(columns.options),
          yesnogroup: parse(columns.yesnogroup),
        };
        expect(questionFromRow(row)).toEqual(question);
      }
    }
  });
});
