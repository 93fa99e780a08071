import { describe, expect, it } from 'vitest';
import { hasStopWord, splitStopWords } from './stop-words.js';

describe('stop words', () => {
  it('matches whole words regardless of case and accents', () => {
    for (const text of ['STOP', 'please stop!', 'Pare.', 'quero SAÍR', 'Cancelar agora', 'unsubscribe\nme']) {
      expect(hasStopWord(text), text).toBe(true);
    }
    // A decomposed accent (e + combining acute) folds the same way as a precomposed one.
    expect(hasStopWord('páre')).toBe(true);
    expect(hasStopWord('pa\u0301re')).toBe(true);
  });

  it('ignores words that merely contain a stop word', () => {
    for (const text of ['stopped', 'endless', 'weekend', 'parede', 'saira', 'removed', 'Hi there']) {
      expect(hasStopWord(text), text).toBe(false);
    }
  });

  it('splits into runs that join back to the original text', () => {
    const text = 'Ok, STOP texting me.\nPare!';
    const segments = splitStopWords(text);
    expect(segments.map((segment) => segment.text).join('')).toBe(text);
    expect(segments.filter((segment) => segment.stop).map((segment) => segment.text)).toEqual([
      'STOP',
      'Pare',
    ]);
    expect(splitStopWords('')).toEqual([]);
  });
});
