import { describe, expect, it } from 'vitest';
import { kappaLevel } from './kappa.js';

describe('kappa levels', () => {
  it('reads kappa as Landis & Koch do', () => {
    expect(kappaLevel(-0.1)).toBe('poor');
    expect(kappaLevel(0)).toBe('slight');
    expect(kappaLevel(0.19)).toBe('slight');
    expect(kappaLevel(0.2)).toBe('fair');
    expect(kappaLevel(0.5)).toBe('moderate');
    expect(kappaLevel(0.6)).toBe('substantial');
    expect(kappaLevel(0.8)).toBe('almostPerfect');
    expect(kappaLevel(1)).toBe('almostPerfect');
  });
});
