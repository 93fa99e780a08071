/**
 * Wall time per named step of an import (milliseconds, summed when a step repeats): the
 * `timings` of an import result, printed by `npm run bench -- import` to show where time goes.
 */
export class PhaseClock {
  readonly ms: Record<string, number> = {};

  async time<T>(step: string, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.add(step, performance.now() - start);
    }
  }

  add(step: string, ms: number): void {
    this.ms[step] = (this.ms[step] ?? 0) + ms;
  }

  /** Whole milliseconds, in the order the steps first ran. */
  rounded(): Record<string, number> {
    return Object.fromEntries(Object.entries(this.ms).map(([step, ms]) => [step, Math.round(ms)]));
  }
}
