import { describe, expect, it } from 'vitest';
import { stopToken, stopUrl, texterOfStopToken } from './stop-link.js';

const SECRET = 'test-secret-test-secret-test-secret!';

describe('feedback stop link', () => {
  it('names its texter and nothing else', () => {
    const token = stopToken(SECRET, 42);
    expect(texterOfStopToken(SECRET, token)).toBe(42);
    expect(texterOfStopToken('another-secret-another-secret-another', token)).toBeNull();
    const [, mac] = token.split('-', 2);
    expect(texterOfStopToken(SECRET, `43-${mac}`)).toBeNull();
    expect(texterOfStopToken(SECRET, `${token}x`)).toBeNull();
    expect(texterOfStopToken(SECRET, '')).toBeNull();
    expect(texterOfStopToken(SECRET, '99999999999-AAAAAAAAAAAAAAAAAAAAAA')).toBeNull();
  });

  it('is an absolute link to the stop page', () => {
    expect(stopUrl('https://parley.example/', SECRET, 7)).toMatch(
      /^https:\/\/parley\.example\/feedback\/stop\/7-[A-Za-z0-9_-]{22}$/,
    );
  });
});
