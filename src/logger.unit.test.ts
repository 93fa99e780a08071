import { describe, expect, it } from 'vitest';
import { requestForLog } from './logger.js';

describe('requestForLog', () => {
  it.each([
    ['/invite/abcDEF123_-', '/invite/[token]'],
    ['/reset-password/abc?next=1', '/reset-password/[token]'],
    ['/feedback/stop/xyz', '/feedback/stop/[token]'],
    ['/api/feedback/stop/xyz', '/api/feedback/stop/[token]'],
  ])('masks the one-time token of %s', (url, logged) => {
    expect(requestForLog({ method: 'GET', url }).url).toBe(logged);
  });

  it('keeps other paths and drops query strings, which may carry personal data', () => {
    expect(requestForLog({ method: 'GET', url: '/api/audits?texter=5' }).url).toBe('/api/audits');
    expect(requestForLog({ method: 'GET', url: '/settings/mail' }).url).toBe('/settings/mail');
  });
});
