import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redact } from './config.js';

const base = { PARLEY_SECRET: 'x'.repeat(32) };

describe('loadConfig', () => {
  it('has working defaults', () => {
    const config = loadConfig({ ...base });
    expect(config).toMatchObject({
      databaseUrl: null,
      port: 3000,
      host: '127.0.0.1',
      logLevel: 'info',
      demo: 'auto',
    });
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.dataDir).toBe(path.resolve('data'));
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a whole number from 1 to 65535 (got "abc")'],
    [{ PORT: '70000' }, 'PORT must be a whole number from 1 to 65535 (got "70000")'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must start with postgres:// or postgresql://'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL is not a valid URL'],
    [
      { LOG_LEVEL: 'loud' },
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
    ],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL must start with http:// or https://'],
    [{ PARLEY_SECRET: 'short' }, 'PARLEY_SECRET must be at least 32 characters long'],
    [{ PARLEY_DEMO: 'yes' }, 'PARLEY_DEMO must be auto or off (got "yes")'],
  ])('rejects %o with a message naming the setting', (env, message) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
  });

  it('generates a secret in the data dir on first start and keeps it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'parley-config-'));
    const first = loadConfig({ PARLEY_DATA_DIR: dir });
    const second = loadConfig({ PARLEY_DATA_DIR: dir });
    expect(first.secret).toHaveLength(43);
    expect(second.secret).toBe(first.secret);
    expect(readFileSync(path.join(dir, 'secret'), 'utf8').trim()).toBe(first.secret);
    expect(statSync(path.join(dir, 'secret')).mode & 0o777).toBe(0o600);
  });

  it('redacts passwords in connection URLs', () => {
    expect(redact('postgres://u:secret@h:5432/db')).toBe('postgres://u:***@h:5432/db');
    expect(redact('postgres://h/db')).toBe('postgres://h/db');
  });
});
