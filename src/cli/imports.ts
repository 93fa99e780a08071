import type { CountryCode } from 'libphonenumber-js';
import { redact, UNPARSEABLE_URL } from '../config.js';
import { DEFAULT_COUNTRY, isCountry, SOURCE_NAME } from '../conversations/index.js';
import {
  createImportRecord,
  DEFAULT_SOURCE,
  fileSource,
  ImportRejected,
  type RowError,
  runCsvImport,
  runDbImport,
  summarise,
} from '../sources/spoke/index.js';
import { withDatabase } from './database.js';
import { UsageError } from './errors.js';
import { progressBar } from './progress-bar.js';

interface CommonOptions {
  source?: string;
  country?: string;
}

/** A problem that did not fail the import (the audit pool refresh): a line on stderr. */
const warnOnStderr = { warn: (message: string) => process.stderr.write(`warning: ${message}\n`) };

function checkSource(value: string | undefined): string {
  const source = value ?? DEFAULT_SOURCE;
  if (!SOURCE_NAME.test(source)) {
    throw new UsageError(
      `--source "${source}" must be lower-case letters, digits, ".", "_" or "-" (up to 63)`,
    );
  }
  return source;
}

function checkCountry(value: string | undefined): CountryCode {
  const country = (value ?? DEFAULT_COUNTRY).toUpperCase();
  if (!isCountry(country))
    throw new UsageError(`--country "${value}" is not a two-letter country code such as US or BR`);
  return country;
}

/** `file:line: column: reason ("value")`, one bad row per line. */
export function formatRowError(error: RowError): string {
  const where = `${error.file}${error.line ? `:${error.line}` : ''}`;
  const value = error.value === undefined || error.value === null ? '' : ` (${JSON.stringify(error.value)})`;
  return `${where}: ${error.column ? `${error.column}: ` : ''}${error.reason}${value}`;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The Spoke database's URL from `--from URL` or, keeping the password out of `ps` and the shell's
 * history, from the environment variable named by `--from-env NAME`. Never echoed back: a URL that
 * does not parse may hold its password anywhere.
 */
function spokeUrl(
  options: { from?: string; fromEnv?: string },
  env: NodeJS.ProcessEnv = process.env,
): string {
  if ((options.from === undefined) === (options.fromEnv === undefined))
    throw new UsageError('give the Spoke database with either --from URL or --from-env NAME');
  let url = options.from;
  let given = '--from';
  if (options.fromEnv !== undefined) {
    if (!ENV_NAME.test(options.fromEnv))
      throw new UsageError(`--from-env "${options.fromEnv}" is not an environment variable name`);
    url = env[options.fromEnv]?.trim();
    given = `the environment variable ${options.fromEnv} (--from-env)`;
    if (!url) throw new UsageError(`${given} is not set or empty`);
  }
  if (!/^postgres(ql)?:\/\//.test(url ?? ''))
    throw new UsageError(`${given} must be a postgres:// URL of the Spoke database`);
  if (redact(url ?? '') === UNPARSEABLE_URL) {
    throw new UsageError(
      `${given} is not a valid URL (percent-encode any / ? # @ : in the user name or password, e.g. / as %2F)`,
    );
  }
  return url as string;
}

/** `parley import spoke --from postgres://…` or `--from-env NAME` */
export async function importSpokeCommand(
  options: CommonOptions & {
    from?: string;
    fromEnv?: string;
    campaign?: string[];
    since?: string;
    full?: boolean;
  },
) {
  const source = checkSource(options.source);
  const country = checkCountry(options.country);
  const from = spokeUrl(options);
  let since: Date | null = null;
  if (options.since) {
    since = new Date(options.since);
    if (Number.isNaN(since.getTime()))
      throw new UsageError(`--since "${options.since}" is not a date (use YYYY-MM-DD)`);
  }
  const bar = progressBar();
  try {
    const result = await withDatabase(({ db, pool }) =>
      runDbImport(
        { db, pool, now: () => new Date(), log: warnOnStderr },
        {
          from,
          source,
          country,
          full: options.full,
          scope: { campaignIds: options.campaign?.length ? options.campaign : null, since },
          onProgress: bar.listener,
        },
      ),
    );
    bar.stop();
    const read = Object.entries(result.read)
      .map(([table, n]) => `${table} ${n}`)
      .join(', ');
    process.stdout.write(`read from Spoke (${result.flavor}): ${read}\n`);
    const skipped = Object.entries(result.skipped);
    if (skipped.length > 0) {
      process.stdout.write(`skipped: ${skipped.map(([table, n]) => `${table} ${n}`).join(', ')}\n`);
    }
    process.stdout.write(`source "${source}" (import ${result.importId}): ${summarise(result.counts)}\n`);
  } finally {
    bar.stop();
  }
}

/** `parley import spoke-csv FILE…` */
export async function importSpokeCsvCommand(files: string[], options: CommonOptions) {
  const source = checkSource(options.source);
  const country = checkCountry(options.country);
  const sources = await Promise.all(
    files.map((file) =>
      fileSource(file).catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(
          `cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
        );
      }),
    ),
  );
  const bar = progressBar();
  try {
    const result = await withDatabase(async ({ db, pool }) => {
      const importId = await createImportRecord(db, {
        kind: 'spoke_csv',
        status: 'running',
        sourceId: null,
        startedBy: null,
        options: { source, country },
      });
      const outcome = await runCsvImport(
        { db, pool, now: () => new Date(), log: warnOnStderr },
        { importId, files: sources, source, country, onProgress: bar.listener },
      );
      return { ...outcome, importId };
    });
    bar.stop();
    for (const file of result.files) {
      const pair = file.pairedWith ? `, paired with ${file.pairedWith}` : '';
      process.stdout.write(`${file.name}: ${file.layout} ${file.role} file, ${file.rows} rows${pair}\n`);
    }
    process.stdout.write(`source "${source}" (import ${result.importId}): ${summarise(result.counts)}\n`);
  } catch (error) {
    bar.stop();
    if (error instanceof ImportRejected) {
      for (const row of error.errors) process.stderr.write(`${formatRowError(row)}\n`);
      if (error.total > error.errors.length) {
        process.stderr.write(`… and ${error.total - error.errors.length} more\n`);
      }
    }
    throw error;
  }
}
