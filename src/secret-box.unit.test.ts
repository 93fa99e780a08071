import { describe, expect, it } from 'vitest';
import { secretBox } from './secret-box.js';

describe('secretBox', () => {
  const box = secretBox('x'.repeat(40), 'reply-address');

  it('opens what it sealed, and the sealed bytes do not contain the text', () => {
    const sealed = box.seal('+5511987654321');
    expect(sealed.includes(Buffer.from('5511987654321'))).toBe(false);
    expect(box.open(sealed)).toBe('+5511987654321');
    expect(box.seal('same').equals(box.seal('same'))).toBe(false);
  });

  it('refuses altered bytes, another purpose and another secret', () => {
    const sealed = box.seal('user-42');
    const altered = Buffer.from(sealed);
    altered[altered.length - 1] = (altered[altered.length - 1] ?? 0) ^ 1;
    expect(() => box.open(altered)).toThrow();
    expect(() => secretBox('x'.repeat(40), 'channel-secret').open(sealed)).toThrow();
    expect(() => secretBox('y'.repeat(40), 'reply-address').open(sealed)).toThrow();
    expect(() => box.open(Buffer.from('short'))).toThrow();
  });
});
