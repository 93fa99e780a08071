import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { penhasFixture, penhasQuizCsv } from '../harness/chatbot.js';
import { runCli } from '../harness/cli.js';
import { setupTestDatabase } from '../harness/db.js';

const testDb = setupTestDatabase();
const env = () => ({ DATABASE_URL: testDb.url, PARLEY_SECRET: 's'.repeat(40) });
const dir = mkdtempSync(path.join(tmpdir(), 'parley-bot-cli-'));

function file(name: string, content: string): string {
  const target = path.join(dir, name);
  writeFileSync(target, content);
  return target;
}

const jsonl = (...lines: unknown[]) =>
  `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`;
const parseLines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);

describe('parley bot', () => {
  it('imports a PenhaS bot (CSV export) and walks it end to end with chat --jsonl', async () => {
    const config = file('config.json', penhasFixture('config.json'));
    const quiz = file('quiz_config.csv', penhasQuizCsv());
    const imported = await runCli(
      ['bot', 'import-penha', '--bot', 'Penha', '--config', config, '--quiz', quiz, '--questionnaire', '2'],
      env(),
    );
    expect(imported.stderr).toBe('');
    expect(imported).toMatchObject({
      code: 0,
      stdout: 'created bot Penha: revision 1 (4 nodes, 1 questionnaire(s), 10 questions)\n',
    });

    const chat = await runCli(
      ['bot', 'chat', 'penha', '--jsonl'],
      env(),
      jsonl(
        { text: 'oi' },
        { choose: '👍 Sim' },
        { choose: '1' },
        { choose: 'Sim' },
        { text: 'não' },
        { choose: '🔃 Voltar ao início' },
      ),
    );
    expect(chat.stderr).toBe('');
    expect(chat.code).toBe(0);
    expect(parseLines(chat.stdout)).toEqual([
      {
        text: 'Olá! Eu sou a Penha, assistente virtual.\nVocê concorda com os termos de uso?',
        options: [{ label: '👍 Sim' }, { label: '👎 Não' }],
      },
      { text: 'Bem-vinda ao questionário da Penha.', options: [] },
      { text: 'Vou te fazer algumas perguntas.', options: [] },
      { text: 'Para quem é a informação?', options: [{ label: 'Para mim' }, { label: 'Para outra pessoa' }] },
      { text: 'Responda sim ou não.', options: [] },
      { text: 'Ele controla suas redes sociais?', options: [{ label: 'Sim' }, { label: 'Não' }] },
      { text: 'Ele já te humilhou em público?', options: [{ label: 'Sim' }, { label: 'Não' }] },
      { text: 'Você marcou 1 ponto(s) em 5.', options: [] },
      { text: 'Obrigada por conversar comigo!', options: [{ label: '🔃 Voltar ao início' }] },
      { text: 'Bem-vinda de volta! Vamos conversar de novo?', options: [{ label: '🔃 Começar novamente' }] },
    ]);
  });

  it('fires the timeout on a simulated clock, reports inputs it cannot take and goes on', async () => {
    const chat = await runCli(
      ['bot', 'chat', 'Penha', '--jsonl'],
      env(),
      jsonl(
        { choose: 'Sim' },
        { text: 'oi' },
        'this is not json',
        { choose: 'Talvez' },
        { wait_seconds: 3600 },
        { choose: '👍 Sim' },
        { choose: 'Para outra pessoa' },
        { wait_seconds: 86_400 },
        { text: 'oi de novo' },
        { sing: 'la la' },
      ),
    );
    expect(chat.code).toBe(0);
    const lines = parseLines(chat.stdout) as ({ text: string } | { error: string })[];
    expect(lines.map((l) => ('error' in l ? `error: ${l.error}` : l.text))).toEqual([
      'error: there is nothing to choose: the last message had no options',
      'Olá! Eu sou a Penha, assistente virtual.\nVocê concorda com os termos de uso?',
      expect.stringMatching(/^error: not JSON: /),
      'error: no option "Talvez"; the options are 1) 👍 Sim, 2) 👎 Não',
      'Bem-vinda ao questionário da Penha.',
      'Vou te fazer algumas perguntas.',
      'Para quem é a informação?',
      'Como posso ajudar essa pessoa?',
      'Vamos nos falar mais tarde!',
      'Olá! Eu sou a Penha, assistente virtual.\nVocê concorda com os termos de uso?',
      'error: expected exactly one of {"text": "…"}, {"choose": "<label or number>"}, {"wait_seconds": N}',
    ]);
  });

  it('reports every problem of a broken import with its line or path, and imports nothing', async () => {
    const config = JSON.parse(penhasFixture('config.json'));
    delete config.error_msg;
    config.timeout_seconds = 'um dia';
    const rows = JSON.parse(penhasFixture('quiz_config.json')) as Record<string, unknown>[];
    const broken = rows.map((row) =>
      row.code === 'P2b'
        ? { ...row, relevance: "P1 = 'P2b'" }
        : row.code === 'P1'
          ? { ...row, options: '[{' }
          : row,
    );
    const result = await runCli(
      [
        'bot',
        'import-penha',
        '--bot',
        'Broken',
        '--config',
        file('broken-config.json', JSON.stringify(config)),
        '--quiz',
        file('broken-quiz.json', JSON.stringify(broken)),
      ],
      env(),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toEqual([
      expect.stringMatching(/^ {2}broken-quiz\.json: quiz\[\d+\]\.options: invalid JSON/),
      expect.stringMatching(
        /^ {2}broken-quiz\.json: quiz\[\d+\]\.relevance: relevance syntax error at 1:4: /,
      ),
      '  broken-config.json: config.timeout_seconds: must be a whole number of seconds',
      '  broken-config.json: config.error_msg: is required',
      'parley: Nothing imported: 4 problems in the PenhaS files.',
      '',
    ]);
    const list = await runCli(['bot', 'list', '--json'], env());
    expect((JSON.parse(list.stdout) as { name: string }[]).map((b) => b.name)).toEqual(['Penha']);
  });

  it('exports a bundle and imports it again as a new revision; revert and revisions', async () => {
    const exported = await runCli(['bot', 'export', 'Penha'], env());
    expect(exported.code).toBe(0);
    const bundle = JSON.parse(exported.stdout) as { name: string; bot: { entry: string } };
    expect(bundle).toMatchObject({ name: 'Penha', bot: { entry: 'node_tos' } });
    const target = file('penha.json', exported.stdout);
    expect(await runCli(['bot', 'import', target], env())).toMatchObject({
      code: 0,
      stdout: 'updated bot Penha: revision 2\n',
    });
    expect(await runCli(['bot', 'import', target, '--bot', 'Penha copy'], env())).toMatchObject({
      code: 0,
      stdout: 'created bot Penha copy: revision 1\n',
    });
    expect(await runCli(['bot', 'revert', 'Penha', '1'], env())).toMatchObject({
      code: 0,
      stdout: 'revision 3 is a copy of revision 1 and is now current\n',
    });
    const revisions = await runCli(['bot', 'revisions', 'Penha'], env());
    expect(revisions.stdout.split('\n').map((l) => l.split('\t')[2])).toEqual([
      'revert (from 1)',
      'import_bundle',
      'import_penhas',
      undefined,
    ]);
    const bad = await runCli(['bot', 'import', file('bad.json', '{"bot": {}, "questionnaires": []')], env());
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      "  bad.json line 1: $: invalid JSON at 1:33: expected '}', found end of input\n" +
        'parley: Nothing imported: the file is not JSON.\n',
    );
  });
});
