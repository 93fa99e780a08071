import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redact } from '../config.js';

const base = { PARLEY_SECRET: 'x'.repeat(32), PARLEY_DATA_DIR: '/nonexistent' };

describe('e-mail settings', () => {
  it('holds mail by default', () => {
    expect(loadConfig(base).email).toEqual({ smtpUrl: null, from: null, retentionDays: 30 });
  });

  it('reads SMTP_URL, MAIL_FROM with a name, EMAIL_RETENTION_DAYS', () => {
    const config = loadConfig({
      ...base,
      SMTP_URL: 'smtps://user:s3cr%2Ft@mail.example.org:465',
      MAIL_FROM: '"Ajuda, SP" <ajuda@example.org>',
      EMAIL_RETENTION_DAYS: '7',
    });
    expect(config.email).toEqual({
      smtpUrl: 'smtps://user:s3cr%2Ft@mail.example.org:465',
      from: { address: 'ajuda@example.org', name: 'Ajuda, SP' },
      retentionDays: 7,
    });
    expect(loadConfig({ ...base, MAIL_FROM: 'noreply@example.org' }).email.from).toEqual({
      address: 'noreply@example.org',
      name: '',
    });
  });

  it.each([
    [{ SMTP_URL: 'http://mail.example.org' }, 'SMTP_URL must start with smtp:// or smtps://'],
    [{ SMTP_URL: 'smtp://user:pa/ss@x:25' }, 'SMTP_URL is not a valid URL'],
    [{ SMTP_URL: 'smtp://mail.example.org:587' }, 'MAIL_FROM must be set with SMTP_URL'],
    [{ MAIL_FROM: 'Parley <nobody>' }, 'MAIL_FROM must be an e-mail address or "Name <address>"'],
    [{ EMAIL_RETENTION_DAYS: '0' }, 'EMAIL_RETENTION_DAYS must be a whole number from 1 to 36500'],
  ])('refuses %o', (env, message) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
  });

  it('never shows the SMTP password', () => {
    const secret = 'p%40ss-w0rd';
    let message = '';
    try {
      loadConfig({ ...base, SMTP_URL: `smtp://user:${secret}@mail.example.org:587` });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('MAIL_FROM');
    expect(message).not.toContain('w0rd');
    expect(redact(`smtp://user:${secret}@mail.example.org:587`)).toBe('smtp://user:***@mail.example.org:587');
  });
});
