import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, connectionTarget, loadConfig, redact, UNPARSEABLE_URL } from './config.js';

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
      uploadRetentionHours: 24,
      botTranscriptDays: 90,
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
    [{ PARLEY_DEMO: 'yes' }, 'PARLEY_DEMO must be auto, on or off (got "yes")'],
    [
      { UPLOAD_RETENTION_HOURS: '0' },
      'UPLOAD_RETENTION_HOURS must be a whole number from 1 to 8760 (got "0")',
    ],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY must be off, a hop count (e.g. 1) or a comma-separated list'],
    [{ TRUST_PROXY: '10.0.0.1, proxy.local' }, 'list of proxy addresses or CIDRs (got "proxy.local")'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, '(got "10.0.0.0/33")'],
    [{ TRUST_PROXY: '11' }, 'at most 10 hops'],
  ])('rejects %o with a message naming the setting', (env, message) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
  });

  it('trusts no proxy unless TRUST_PROXY names a hop count or the proxies', () => {
    expect(loadConfig({ ...base }).trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ ...base, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ ...base, TRUST_PROXY: '10.0.0.1, 172.16.0.0/12,::1,loopback' }).trustProxy).toEqual([
      '10.0.0.1',
      '172.16.0.0/12',
      '::1',
      'loopback',
    ]);
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

  it('redacts every secret a connection URL can carry, and masks what does not parse', () => {
    // An encoded "/" in the password, and passwords given as query parameters.
    expect(redact('postgres://u:ab%2Fcd@h/db')).toBe('postgres://u:***@h/db');
    expect(redact('postgres://u:a@b@h/db')).toBe('postgres://u:***@h/db');
    expect(redact('postgres://u@h/db?sslmode=require&password=s3cr%2Ft&sslpassword=k3y')).toBe(
      'postgres://u@h/db?sslmode=require&password=***&sslpassword=***',
    );
    // A raw "/" or "@" in the password: the URL does not parse, so nothing of it is shown.
    for (const raw of ['postgres://u:ab/cd@h/db', 'postgres://u:pw@h:x/db', 'u:pw@h/db', 'postgres:u:pw@h'])
      expect(redact(raw)).toBe(UNPARSEABLE_URL);
    expect(() => loadConfig({ ...base, DATABASE_URL: 'postgres://u:ab/cd@h/db' })).toThrow(
      /^DATABASE_URL is not a valid URL \(percent-encode/,
    );
    try {
      loadConfig({ ...base, DATABASE_URL: 'postgres://u:ab/cd@h/db' });
    } catch (error) {
      expect((error as Error).message).not.toContain('cd');
    }
  });

  it('names where a connection goes without any credential', () => {
    expect(connectionTarget('postgres://u:pw@h:5432/spoke?password=x')).toBe('h:5432/spoke');
    expect(connectionTarget('postgresql://h/db')).toBe('h/db');
    expect(connectionTarget('postgres://u:ab/cd@h/db')).toBe(UNPARSEABLE_URL);
  });

  it('accepts PARLEY_DEMO=on', () => {
    expect(loadConfig({ ...base, PARLEY_DEMO: 'on' }).demo).toBe('on');
  });
});
