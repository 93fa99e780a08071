import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` holds the pure cores (no database, no network) and runs without setup;
 * `integration` gets a migrated template database from the global setup and gives each test file
 * its own copy (see test/harness/db.ts).
 */
const pureTests = [
  'src/**/engine/**/*.test.ts',
  'common/**/*.test.ts',
  'src/**/*.unit.test.ts',
  'web/src/**/*.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      { test: { name: 'unit', include: pureTests } },
      {
        test: {
          name: 'integration',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...pureTests, 'node_modules/**'],
          globalSetup: ['test/harness/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          // Browser tests poll for what a page shows; on a loaded 2-core machine a page can take
          // seconds, and vitest's default of 1 s made them fail for no fault of the code.
          expect: { poll: { timeout: 15_000 } },
          pool: 'forks',
        },
      },
    ],
  },
});
