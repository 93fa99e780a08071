import { describe, expect, it } from 'vitest';
import { agreement } from './agreement.js';

describe('agreement', () => {
  it('computes percent agreement and Cohen kappa (textbook example)', () => {
    // 50 items: both yes 20, A yes/B no 5, A no/B yes 10, both no 15 → po 0.7, pe 0.5, kappa 0.4
    const pairs: [boolean, boolean][] = [
      ...Array<[boolean, boolean]>(20).fill([true, true]),
      ...Array<[boolean, boolean]>(5).fill([true, false]),
      ...Array<[boolean, boolean]>(10).fill([false, true]),
      ...Array<[boolean, boolean]>(15).fill([false, false]),
    ];
    const result = agreement(pairs);
    expect(result.n).toBe(50);
    expect(result.percent).toBeCloseTo(70);
    expect(result.kappa).toBeCloseTo(0.4);
  });

  it('gives kappa 1 for perfect agreement with variation, null when undefined, 0 items → n 0', () => {
    expect(
      agreement([
        [true, true],
        [false, false],
      ]).kappa,
    ).toBeCloseTo(1);
    expect(
      agreement([
        [true, true],
        [true, true],
      ]),
    ).toEqual({ n: 2, percent: 100, kappa: null });
    expect(agreement([])).toEqual({ n: 0, percent: 0, kappa: null });
  });
});
