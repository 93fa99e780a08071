import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type BotIssue,
  findBotByRef,
  formatIssue,
  InvalidBot,
  importBundle,
  importPenhas,
  type LookupResult,
  listBots,
  listRevisions,
  parseJsonText,
  readRevision,
  revertRevision,
  sampleLookup,
  tableLookup,
  toBundleFile,
} from '../chatbot/index.js';
import type { Db } from '../db/index.js';
import { NotFound } from '../errors.js';
import { chatInteractive, chatJsonl } from './bot-chat.js';
import { withDatabase } from './database.js';
import { UsageError } from './errors.js';

function readText(file: string, option: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `${option} ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
}

/** Prints every issue (stderr), then fails with the summary line. */
function reportInvalid(error: unknown, names: Partial<Record<'config' | 'quiz' | 'bundle', string>>): never {
  if (error instanceof InvalidBot) {
    for (const issue of error.issues) process.stderr.write(`  ${formatIssue(issue, names)}\n`);
  }
  throw error;
}

function printWarnings(
  warnings: readonly BotIssue[],
  names: Partial<Record<'config' | 'quiz' | 'bundle', string>>,
) {
  for (const warning of warnings) process.stderr.write(`warning: ${formatIssue(warning, names)}\n`);
}

async function botOrFail(db: Db, ref: string) {
  const bot = await findBotByRef(db, ref);
  if (!bot) throw new NotFound(`Bot ${ref}`);
  return bot;
}

export async function botList(options: { json?: boolean }) {
  const bots = await withDatabase(({ db }) => listBots(db));
  if (options.json) {
    const rows = bots.map((b) => ({
      id: b.id,
      name: b.name,
      current_revision: b.current_number,
      revisions: Number(b.revision_count),
      conversations: Number(b.conversation_count),
    }));
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    return;
  }
  for (const b of bots) {
    process.stdout.write(
      `${b.id}\t${b.name}\trevision ${b.current_number ?? '-'}\t${b.conversation_count} conversations\n`,
    );
  }
}

export async function botImportPenha(options: {
  bot: string;
  config: string;
  quiz: string;
  questionnaire?: string;
}) {
  const ext = path.extname(options.quiz).toLowerCase();
  if (ext !== '.csv' && ext !== '.json')
    throw new UsageError(`--quiz must be a .csv or .json file (got ${options.quiz})`);
  const files = {
    config: readText(options.config, '--config'),
    quiz: readText(options.quiz, '--quiz'),
    quizFormat: ext === '.csv' ? ('csv' as const) : ('json' as const),
    questionnaireId: options.questionnaire,
  };
  const names = { config: path.basename(options.config), quiz: path.basename(options.quiz) };
  const { outcome, bundle } = await withDatabase(async ({ db }) => {
    const imported = await importPenhas(db, { botName: options.bot, files, actorId: null }).catch((error) =>
      reportInvalid(error, names),
    );
    return { outcome: imported, bundle: (await readRevision(db, imported.revision.id)).bundle };
  });
  printWarnings(outcome.warnings, names);
  const questions = bundle.questionnaires.reduce((n, q) => n + q.questions.length, 0);
  process.stdout.write(
    `${outcome.created ? 'created' : 'updated'} bot ${outcome.bot.name}: revision ${outcome.revision.number} ` +
      `(${bundle.bot.nodes.length} nodes, ${bundle.questionnaires.length} questionnaire(s), ${questions} questions)\n`,
  );
}

export async function botImport(file: string, options: { bot?: string }) {
  const parsed = parseJsonText(readText(file, 'bundle'), 'bundle');
  const names = { bundle: path.basename(file) };
  if (!parsed.ok)
    reportInvalid(new InvalidBot('Nothing imported: the file is not JSON.', [parsed.issue]), names);
  const outcome = await withDatabase(({ db }) =>
    importBundle(db, { bundle: parsed.value, botName: options.bot, actorId: null }).catch((error) =>
      reportInvalid(error, names),
    ),
  );
  printWarnings(outcome.warnings, names);
  process.stdout.write(
    `${outcome.created ? 'created' : 'updated'} bot ${outcome.bot.name}: revision ${outcome.revision.number}\n`,
  );
}

export async function botExport(ref: string, options: { revision?: string }) {
  const file = await withDatabase(async ({ db }) => {
    const bot = await botOrFail(db, ref);
    const revisionId = await revisionIdOf(db, bot.id, bot.current_revision_id, options.revision);
    return toBundleFile(bot.name, (await readRevision(db, revisionId)).bundle);
  });
  process.stdout.write(`${JSON.stringify(file, null, 2)}\n`);
}

export async function botRevert(ref: string, number: string) {
  if (!/^\d+$/.test(number)) throw new UsageError(`the revision must be a number (got "${number}")`);
  const revision = await withDatabase(async ({ db }) => {
    const bot = await botOrFail(db, ref);
    return revertRevision(db, { botId: bot.id, number: Number(number), actorId: null });
  });
  process.stdout.write(`revision ${revision.number} is a copy of revision ${number} and is now current\n`);
}

export async function botRevisions(ref: string) {
  const rows = await withDatabase(async ({ db }) => listRevisions(db, (await botOrFail(db, ref)).id));
  for (const r of rows) {
    const from = r.reverted_from === null ? '' : ` (from ${r.reverted_from})`;
    process.stdout.write(
      `${r.number}\t${r.created_at.toISOString()}\t${r.source}${from}\t${r.created_by_name ?? ''}\n`,
    );
  }
}

async function revisionIdOf(db: Db, botId: number, current: number | null, wanted?: string): Promise<number> {
  if (wanted === undefined) {
    if (current === null) throw new NotFound('Revision');
    return current;
  }
  if (!/^\d+$/.test(wanted)) throw new UsageError(`--revision must be a number (got "${wanted}")`);
  const row = (await listRevisions(db, botId)).find((r) => r.number === Number(wanted));
  if (!row) throw new NotFound(`Revision ${wanted}`);
  return row.id;
}

export async function botChat(ref: string, options: { jsonl?: boolean; revision?: string; ceps?: string }) {
  const bundle = await withDatabase(async ({ db }) => {
    const bot = await botOrFail(db, ref);
    const revisionId = await revisionIdOf(db, bot.id, bot.current_revision_id, options.revision);
    return (await readRevision(db, revisionId)).bundle;
  });
  let lookup = sampleLookup;
  if (options.ceps) {
    const table = parseJsonText(readText(options.ceps, '--ceps'), 'bundle');
    if (!table.ok) throw new UsageError(`--ceps ${options.ceps}: ${table.issue.message}`);
    const results = (table.value as { results?: Record<string, LookupResult> }).results;
    if (typeof results !== 'object' || results === null) {
      throw new UsageError(`--ceps ${options.ceps}: expected {"results": {"<8 digits>": {…}}}`);
    }
    lookup = tableLookup(results);
  }
  if (options.jsonl) {
    await chatJsonl(bundle, lookup, process.stdin, (line) => process.stdout.write(`${line}\n`));
  } else {
    await chatInteractive(bundle, lookup, { input: process.stdin, output: process.stdout });
  }
}
