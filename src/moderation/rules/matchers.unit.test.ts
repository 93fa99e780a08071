import { describe, expect, it } from 'vitest';
import { compileRegex, compileRule, termMatcher, words } from './matchers.js';

describe('rule matchers', () => {
  it('split words without case or accents', () => {
    expect(words('Não, PÁRA!  Çá')).toEqual(['nao', 'para', 'ca']);
  });

  it('match whole words and phrases only', () => {
    const match = termMatcher(['merda', 'filho da puta', 'Stop']);
    expect(match('Que MÉRDA é essa')).toBe(true);
    expect(match('merdaaa')).toBe(false);
    expect(match('seu filho   da PUTA!')).toBe(true);
    expect(match('filho da putaria')).toBe(false);
    expect(match('STOP.')).toBe(true);
    expect(match('unstoppable')).toBe(false);
  });

  it('profanity runs on texter messages, stop on contacts of conversations not opted out', () => {
    const profanity = compileRule({ kind: 'profanity', terms: [], pattern: null });
    expect(profanity('You idiot', false, false)).toBe(true);
    expect(profanity('You idiot', true, false)).toBe(false);
    expect(profanity('Vai se fodêr', false, false)).toBe(true);
    expect(profanity('Scunthorpe is a town', false, false)).toBe(false);
    const stop = compileRule({ kind: 'stop_not_opted_out', terms: [], pattern: null });
    expect(stop('PARAR', true, false)).toBe(true);
    expect(stop('Quero sair', true, false)).toBe(true);
    expect(stop('unsubscribe', true, true)).toBe(false);
    expect(stop('Reply STOP to opt out', false, false)).toBe(false);
    const custom = compileRule({ kind: 'stop_not_opted_out', terms: ['basta'], pattern: null });
    expect(custom('Basta!', true, false)).toBe(true);
    expect(custom('stop', true, false)).toBe(false);
  });

  it('regexes run in linear time: (a+)+$ on a long string does not stall', () => {
    const match = compileRegex('(a+)+$');
    const text = `${'a'.repeat(200_000)}b`;
    const start = performance.now();
    expect(match(text)).toBe(false);
    expect(performance.now() - start).toBeLessThan(2000);
    expect(compileRegex('vote\\s+for\\s+\\w+')('Please VOTE for Ana')).toBe(true);
  });

  it('refuses patterns RE2 cannot run (backreferences, lookaround) and broken ones', () => {
    expect(() => compileRegex('(a)\\1')).toThrow(expect.objectContaining({ code: 'invalid_regex' }));
    expect(() => compileRegex('(?=a)')).toThrow(expect.objectContaining({ code: 'invalid_regex' }));
    expect(() => compileRegex('(')).toThrow(expect.objectContaining({ code: 'invalid_regex' }));
  });
});
