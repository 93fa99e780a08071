import { describe, expect, it } from 'vitest';
import { DEFAULT_EXIT_URL } from '../../../common/api/channels.js';
import { setupTestDatabase } from '../../../test/harness/db.js';
import { loadDemo } from '../../demo/index.js';
import { listChannels } from '../channels/manage.js';
import { listBots } from '../queries.js';

const testDb = setupTestDatabase();

describe('demo data', () => {
  it('loads the demo bot once, ready for the simulator and its web chat', async () => {
    await loadDemo(testDb);
    await loadDemo(testDb);
    const bots = await listBots(testDb.db);
    expect(bots.map((b) => [b.name, b.current_number, Number(b.revision_count), b.channels])).toEqual([
      ['Demonstração', 1, 1, ['web']],
    ]);
    const channels = await listChannels(testDb.db, bots[0]?.id ?? 0);
    expect(channels.map((c) => [c.kind, c.enabled, c.settings])).toEqual([
      ['web', true, { allowed_origins: [], exit_url: DEFAULT_EXIT_URL }],
    ]);
  });
});
