import { describe, expect, it } from 'vitest';
import { isRestartKeyword, matchOption, normalise } from './text-match.js';

const options = ['👍 Sim', '👎 Não', 'Serviços perto de mim', 'Recomeçar do início'].map((label, i) => ({
  label,
  value: `v${i}`,
}));

describe('typed text', () => {
  it('normalises case, accents and spaces', () => {
    expect(normalise('  Ação   RÁPIDA ')).toBe('acao rapida');
  });

  it.each([
    ['sim', 'v0'],
    ['SIM', 'v0'],
    ['👎 não', 'v1'],
    ['nao', 'v1'],
    ['servicos perto de mim', 'v2'],
    ['Serviços perto de mim!', 'v2'],
    ['recomecar do inicio', 'v3'],
    ['1', 'v0'],
    [' 4 ', 'v3'],
    ['2.', 'v1'],
    ['5', null],
    ['0', null],
    ['talvez', null],
    ['', null],
    ['sim não', null],
  ])('%j picks %s', (text, value) => {
    expect(matchOption(text, options)?.value ?? null).toBe(value);
  });

  it('prefers a label over a number', () => {
    const numbered = [
      { label: 'Opção A', value: 'a' },
      { label: '1', value: 'one' },
    ];
    expect(matchOption('1', numbered)?.value).toBe('one');
    expect(matchOption('2', numbered)?.value).toBe('one');
  });

  it('recognises restart keywords trimmed, ignoring case and accents', () => {
    const keywords = ['reiniciar', 'recomeçar'];
    expect(isRestartKeyword('  Reiniciar ', keywords)).toBe(true);
    expect(isRestartKeyword('RECOMECAR', keywords)).toBe(true);
    expect(isRestartKeyword('reiniciar agora', keywords)).toBe(false);
    expect(isRestartKeyword('', [''])).toBe(false);
  });
});
