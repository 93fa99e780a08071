import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { loadDemo } from '../../demo/index.js';
import { listBots } from '../queries.js';

const testDb = setupTestDatabase();

describe('demo data', () => {
  it('loads the demo bot once, ready for the simulator', async () => {
    await loadDemo(testDb);
    await loadDemo(testDb);
    const bots = await listBots(testDb.db);
    expect(bots.map((b) => [b.name, b.current_number, Number(b.revision_count)])).toEqual([
      ['Demonstração', 1, 1],
    ]);
  });
});
