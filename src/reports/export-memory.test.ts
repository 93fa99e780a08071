import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../test/harness/db.js';

/** A 1,000,000-row export streams in constant memory: the exporting process stays under 150 MB RSS. */
const testDb = setupTestDatabase();
const CHILD = fileURLToPath(new URL('./testdata/export-child.ts', import.meta.url));
const CEILING_MB = 150;

describe('streamed export', () => {
  it.each(['csv', 'json'])(
    'exports 1,000,000 rows as %s under the RSS ceiling',
    async (format) => {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CHILD], {
        env: { ...process.env, EXPORT_DATABASE_URL: testDb.url, EXPORT_FORMAT: format },
        maxBuffer: 1 << 20,
      });
      const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
        lines: number;
        maxRssMb: number;
      };
      expect(result.lines).toBe(format === 'csv' ? 1_000_001 : 1_000_002);
      expect(result.maxRssMb).toBeLessThan(CEILING_MB);
    },
    300_000,
  );
});
