import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.js';
import { checkedRun } from './run-answer.js';

describe('run answer', () => {
  const columns = [{ name: 'n', type: 'number' as const }];

  it('passes a finished run through', () => {
    const run = { run_id: 1, columns, rows: [[1], [2]], truncated: false, duration_ms: 3 };
    expect(checkedRun(run)).toBe(run);
  });

  it('turns an error after the first rows into the API error a failed run gives', () => {
    const failed = {
      run_id: 2,
      columns,
      rows: [[1]],
      error: { code: 'report_failed', message: 'division by zero', details: { position: 9 } },
    };
    expect(() => checkedRun(failed)).toThrow(ApiError);
    expect(() => checkedRun(failed)).toThrow(
      expect.objectContaining({
        code: 'report_failed',
        message: 'division by zero',
        details: { position: 9 },
      }),
    );
  });
});
