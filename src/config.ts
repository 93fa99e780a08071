import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Everything Parley reads from the environment, validated once at start. */
export interface Config {
  /** External PostgreSQL; when absent Parley runs its embedded server under `dataDir/postgres`. */
  databaseUrl: string | null;
  dataDir: string;
  host: string;
  port: number;
  /** Key for session tokens, HMACs of channel ids and encryption at rest. */
  secret: string;
  publicUrl: string;
  logLevel: LogLevel;
  /** Bearer token that lets a Prometheus scraper read /metrics without a session. */
  metricsToken: string | null;
  /** `auto`: load the demo data set on the first start of an empty database; `off`: never. */
  demo: 'auto' | 'off';
  session: { idleHours: number; maxDays: number };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A setting with a bad value; its message names the variable and what is wrong. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = read(env, name);
  if (raw === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a valid URL (got "${redact(raw)}")`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

/** Hides the password of a connection URL in messages. */
export function redact(connection: string): string {
  return connection.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}

/**
 * The secret comes from PARLEY_SECRET, or from `dataDir/secret`, created with a random value on
 * first start so that sessions survive restarts without any setup.
 */
function loadSecret(env: Env, dataDir: string): string {
  const given = read(env, 'PARLEY_SECRET');
  if (given !== undefined) {
    if (given.length < 32) throw new ConfigError('PARLEY_SECRET must be at least 32 characters long');
    return given;
  }
  const file = path.join(dataDir, 'secret');
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length < 32) throw new ConfigError(`${file} holds a secret shorter than 32 characters`);
    return stored;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return secret;
}

export function loadConfig(env: Env = process.env): Config {
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']) ?? null;
  const dataDir = path.resolve(read(env, 'PARLEY_DATA_DIR') ?? './data');
  const port = integer(env, 'PORT', 3000, 1, 65535);
  const host = read(env, 'HOST') ?? '127.0.0.1';
  const publicUrl = (url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(
    /\/+$/,
    '',
  );
  const logLevel = read(env, 'LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  }
  const demo = read(env, 'PARLEY_DEMO') ?? 'auto';
  if (demo !== 'auto' && demo !== 'off')
    throw new ConfigError(`PARLEY_DEMO must be auto or off (got "${demo}")`);
  return {
    databaseUrl,
    dataDir,
    host,
    port,
    secret: loadSecret(env, dataDir),
    publicUrl,
    logLevel: logLevel as LogLevel,
    metricsToken: read(env, 'METRICS_TOKEN') ?? null,
    demo,
    session: {
      idleHours: integer(env, 'SESSION_IDLE_HOURS', 72, 1, 24 * 90),
      maxDays: integer(env, 'SESSION_MAX_DAYS', 30, 1, 365),
    },
  };
}
