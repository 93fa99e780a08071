import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp, testConfig } from '../harness/app.js';
import { addApiChannel, signedInbound } from '../harness/channels.js';
import { demoBotId, TEST_SECRET } from '../harness/chatbot.js';
import { setupTestDatabase } from '../harness/db.js';

const testDb = setupTestDatabase();
let t: TestApp;
let channel: { id: number; secret: string };
beforeAll(async () => {
  t = await buildTestApp(testDb.db, { config: testConfig({ PARLEY_SECRET: TEST_SECRET }) });
  channel = await addApiChannel(testDb.db, TEST_SECRET, await demoBotId(testDb.db), 'http://127.0.0.1:9/');
});
afterAll(() => t.close());

describe('an event id sent again for another user', () => {
  it('is acknowledged as a duplicate (not a 500) when that user is new', async () => {
    const send = (user: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/channels/${channel.id}/inbound`,
        ...signedInbound(channel.secret, { event_id: 'shared-1', user, text: 'oi' }),
      });
    expect((await send('alice')).json()).toEqual({ status: 'processed' });
    const again = await send('bob');
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toEqual({ status: 'duplicate' });
  });
});
