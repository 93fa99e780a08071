import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
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
  /**
   * The demo data set on the first start of an empty database: `auto` loads it on the embedded
   * database only, `on` on any database (DATABASE_URL too), `off` never.
   */
  demo: DemoSetting;
  session: { idleHours: number; maxDays: number };
  /**
   * Which peers may tell the client's address in `X-Forwarded-For` (Fastify's `trustProxy`):
   * false (the default: the socket's address is the client's), a hop count, or proxy addresses.
   */
  trustProxy: TrustProxy;
  /**
   * Uploaded import files not run (pending) or left by a failed run are deleted after this many
   * hours by the `uploads_purge` job (UPLOAD_RETENTION_HOURS).
   */
  uploadRetentionHours: number;
  /**
   * Chatbot transcripts (what people typed, the messages sent to them) are deleted this many days
   * after they were written by the `chatbot_addresses` job (BOT_TRANSCRIPT_DAYS); analytics and
   * the answers recorded stay.
   */
  botTranscriptDays: number;
  /** E-mail delivery (docs/email.md). */
  email: EmailConfig;
  /** Reports (docs/reports.md). */
  reports: ReportsConfig;
  /** The CEP lookup of chatbots (docs/chatbot.md#cep-lookup-and-support-points). */
  geocoding: GeocodingConfig;
  /** Where the CEP lookup takes its support points from (same section). */
  supportPoints: SupportPointsConfig;
}

/**
 * GEOCODER: `sample` (the demo's fixed table; the default), `csv` (GEOCODER_CSV, a file
 * `cep,lat,lng,label`), `google` (GOOGLE_GEOCODING_KEY) or `here` (HERE_API_KEY); the API base
 * URLs are GOOGLE_GEOCODING_URL and HERE_GEOCODING_URL. Every provider but `sample` lists points
 * from the support-point directory.
 */
export type GeocodingConfig =
  | { provider: 'sample' }
  | { provider: 'csv'; file: string }
  | { provider: 'google' | 'here'; apiKey: string; baseUrl: string | null };

function geocodingConfig(env: Env): GeocodingConfig {
  const provider = read(env, 'GEOCODER') ?? 'sample';
  const required = (name: string, what: string): string => {
    const value = read(env, name);
    if (value === undefined) throw new ConfigError(`GEOCODER=${provider} needs ${name} (${what})`);
    return value;
  };
  const base = (name: string) => url(env, name, ['http:', 'https:']) ?? null;
  if (provider === 'sample') return { provider };
  if (provider === 'csv') return { provider, file: required('GEOCODER_CSV', 'the CEP table file') };
  if (provider === 'google') {
    return {
      provider,
      apiKey: required('GOOGLE_GEOCODING_KEY', 'an API key'),
      baseUrl: base('GOOGLE_GEOCODING_URL'),
    };
  }
  if (provider === 'here')
    return { provider, apiKey: required('HERE_API_KEY', 'an API key'), baseUrl: base('HERE_GEOCODING_URL') };
  throw new ConfigError(`GEOCODER must be sample, csv, google or here (got "${provider}")`);
}

/**
 * SUPPORT_POINTS: `directory` (Parley's own support-point directory; the default) or `penhas` (a
 * remote endpoint shaped like PenhaS's `/ponto-apoio-unlimited` at SUPPORT_POINTS_URL, with
 * SUPPORT_POINTS_TOKEN sent as `token` when set). The CEP is still geocoded by GEOCODER, which
 * must then be a real one (the `sample` table answers everything itself).
 */
export type SupportPointsConfig =
  | { source: 'directory' }
  | { source: 'penhas'; url: string; token: string | null };

function supportPointsConfig(env: Env, geocoding: GeocodingConfig): SupportPointsConfig {
  const source = read(env, 'SUPPORT_POINTS') ?? 'directory';
  if (source === 'directory') return { source };
  if (source !== 'penhas') {
    throw new ConfigError(`SUPPORT_POINTS must be directory or penhas (got "${source}")`);
  }
  const endpoint = url(env, 'SUPPORT_POINTS_URL', ['http:', 'https:']);
  if (endpoint === undefined) {
    throw new ConfigError('SUPPORT_POINTS=penhas needs SUPPORT_POINTS_URL (the /ponto-apoio-unlimited URL)');
  }
  if (geocoding.provider === 'sample') {
    throw new ConfigError(
      'SUPPORT_POINTS=penhas needs GEOCODER csv, google or here (sample answers by itself)',
    );
  }
  return { source, url: endpoint, token: read(env, 'SUPPORT_POINTS_TOKEN') ?? null };
}

export interface ReportsConfig {
  /** Where reports on Parley's own data run (REPORTS_DATABASE_URL, e.g. a replica); null: the app's database. */
  databaseUrl: string | null;
  /** The longest any report may run (REPORTS_TIMEOUT_CAP_SECONDS); each report's own timeout is capped to it. */
  timeoutCapSeconds: number;
}

export interface EmailConfig {
  /** SMTP_URL (`smtp://` or `smtps://`, credentials in the URL); null: mail is held in the outbox, never sent. */
  smtpUrl: string | null;
  /** MAIL_FROM: the sender of every e-mail; required with SMTP_URL. */
  from: MailFrom | null;
  /** EMAIL_RETENTION_DAYS: sent and failed mail leaves the outbox after this many days. */
  retentionDays: number;
}

export interface MailFrom {
  address: string;
  /** The display name ('' when MAIL_FROM is a bare address). */
  name: string;
}

/** How long sent and failed e-mails stay in the outbox (30 days). */
export const DEFAULT_EMAIL_RETENTION_DAYS = 30;

/** `false`, the number of proxies in front of Parley, or the addresses/CIDRs of the trusted proxies. */
export type TrustProxy = false | number | string[];

/** How long uploaded import files may wait unrun, or stay after a failed run (24 h). */
export const DEFAULT_UPLOAD_RETENTION_HOURS = 24;

/** How long chatbot transcripts are kept (90 days). */
export const DEFAULT_BOT_TRANSCRIPT_DAYS = 90;

export const DEMO_SETTINGS = ['auto', 'on', 'off'] as const;
export type DemoSetting = (typeof DEMO_SETTINGS)[number];

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
    throw new ConfigError(
      `${name} is not a valid URL (percent-encode any / ? # @ : in the user name or password, e.g. / as %2F)`,
    );
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * TRUST_PROXY: off unless set. `true` is refused: it would believe an `X-Forwarded-For` any client
 * can write, and so let every request pass as a new address past the per-address limits.
 */
function trustProxy(env: Env): TrustProxy {
  const raw = read(env, 'TRUST_PROXY');
  if (raw === undefined || ['off', 'false', 'no', '0'].includes(raw.toLowerCase())) return false;
  const expected =
    'TRUST_PROXY must be off, a hop count (e.g. 1) or a comma-separated list of proxy addresses or CIDRs';
  if (['on', 'true', 'yes'].includes(raw.toLowerCase())) {
    throw new ConfigError(`${expected}: "${raw}" would trust an X-Forwarded-For any client can forge`);
  }
  if (/^\d+$/.test(raw)) {
    if (Number(raw) > 10) throw new ConfigError(`${expected} (got "${raw}": at most 10 hops)`);
    return Number(raw);
  }
  const entries = raw.split(',').map((entry) => entry.trim());
  const bad = entries.find((entry) => !isProxyAddress(entry));
  if (bad !== undefined) throw new ConfigError(`${expected} (got "${bad}")`);
  return entries;
}

/** Query parameters of a connection URL that hold a secret (libpq's `password`, `sslpassword`…). */
const SECRET_PARAMETER = /pass|secret|token/i;

/** What `redact` answers for a string that is not a URL: nothing of it can be told safe to show. */
export const UNPARSEABLE_URL = '(a URL that cannot be parsed)';

/**
 * Hides the secrets of a connection URL in messages: the password of its user-info and every
 * password-like query parameter. A string that does not parse as a URL (a password with an
 * unencoded `/` or `@`, say) is masked whole, since no one can tell which part of it is the secret.
 */
export function redact(connection: string): string {
  const parsed = parseConnection(connection);
  if (parsed === null) return UNPARSEABLE_URL;
  if (parsed.password !== '') parsed.password = '***';
  for (const key of new Set(parsed.searchParams.keys())) {
    if (SECRET_PARAMETER.test(key)) parsed.searchParams.set(key, '***');
  }
  return parsed.toString();
}

/**
 * Where a connection URL points, with no credentials at all (no user, no password, no query):
 * `host:port/database`, for messages that are stored (an import's outcome) or shown to others.
 */
export function connectionTarget(connection: string): string {
  const parsed = parseConnection(connection);
  if (parsed === null) return UNPARSEABLE_URL;
  const port = parsed.port === '' ? '' : `:${parsed.port}`;
  return `${parsed.hostname || 'localhost'}${port}${parsed.pathname || '/'}`;
}

/**
 * A `scheme://authority…` URL, or null: `u:pw@h/db` parses as the scheme `u:` with the secret in
 * its path, so anything without `//` after the scheme is not taken apart either.
 */
function parseConnection(connection: string): URL | null {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(connection)) return null;
  try {
    return new URL(connection);
  } catch {
    return null;
  }
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

/** MAIL_FROM: `address` or `Name <address>`. */
function mailFrom(env: Env): MailFrom | null {
  const raw = read(env, 'MAIL_FROM');
  if (raw === undefined) return null;
  const match = /^(?:(.*?)\s*<([^<>\s]+)>|([^<>\s]+))$/.exec(raw);
  const address = match?.[2] ?? match?.[3] ?? '';
  if (!/^[^\s<>@"]+@[^\s<>@"]+\.[^\s<>@"]+$/.test(address)) {
    throw new ConfigError(`MAIL_FROM must be an e-mail address or "Name <address>" (got "${raw}")`);
  }
  return { address, name: (match?.[1] ?? '').replace(/^"(.*)"$/, '$1').trim() };
}

function emailConfig(env: Env): EmailConfig {
  const smtpUrl = url(env, 'SMTP_URL', ['smtp:', 'smtps:']) ?? null;
  if (smtpUrl !== null && new URL(smtpUrl).hostname === '')
    throw new ConfigError('SMTP_URL must name the server, e.g. smtp://user:password@mail.example.org:587');
  const from = mailFrom(env);
  if (smtpUrl !== null && from === null)
    throw new ConfigError('MAIL_FROM must be set with SMTP_URL: the address e-mails are sent from');
  const retentionDays = integer(env, 'EMAIL_RETENTION_DAYS', DEFAULT_EMAIL_RETENTION_DAYS, 1, 36_500);
  return { smtpUrl, from, retentionDays };
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
  const geocoding = geocodingConfig(env);
  if (!(DEMO_SETTINGS as readonly string[]).includes(demo))
    throw new ConfigError(`PARLEY_DEMO must be auto, on or off (got "${demo}")`);
  return {
    databaseUrl,
    dataDir,
    host,
    port,
    secret: loadSecret(env, dataDir),
    publicUrl,
    logLevel: logLevel as LogLevel,
    metricsToken: read(env, 'METRICS_TOKEN') ?? null,
    demo: demo as DemoSetting,
    session: {
      idleHours: integer(env, 'SESSION_IDLE_HOURS', 72, 1, 24 * 90),
      maxDays: integer(env, 'SESSION_MAX_DAYS', 30, 1, 365),
    },
    trustProxy: trustProxy(env),
    uploadRetentionHours: integer(env, 'UPLOAD_RETENTION_HOURS', DEFAULT_UPLOAD_RETENTION_HOURS, 1, 24 * 365),
    botTranscriptDays: integer(env, 'BOT_TRANSCRIPT_DAYS', DEFAULT_BOT_TRANSCRIPT_DAYS, 1, 36_500),
    email: emailConfig(env),
    reports: {
      databaseUrl: url(env, 'REPORTS_DATABASE_URL', ['postgres:', 'postgresql:']) ?? null,
      timeoutCapSeconds: integer(env, 'REPORTS_TIMEOUT_CAP_SECONDS', 300, 1, 86_400),
    },
    geocoding,
    supportPoints: supportPointsConfig(env, geocoding),
  };
}
