import { describe, expect, it } from 'vitest';
import { channelAdapters } from '../../src/chatbot/channels/adapters.js';
import { boxesOf, runtimeDepsOf } from '../../src/chatbot/channels/runtime-deps.js';
import { deliverDue } from '../../src/chatbot/delivery/loop.js';
import { receive } from '../../src/chatbot/runtime.js';
import { addApiChannel, FakeCallback } from '../harness/channels.js';
import { demoBotId, TEST_SECRET } from '../harness/chatbot.js';
import { setupTestDatabase } from '../harness/db.js';

const testDb = setupTestDatabase();

describe('one user, two conversations', () => {
  it('gets the end of the first before the start of the second', async () => {
    const fake = await FakeCallback.start();
    const botId = await demoBotId(testDb.db);
    const channel = await addApiChannel(testDb.db, TEST_SECRET, botId, fake.url);
    fake.secret = channel.secret;
    const runtime = runtimeDepsOf({
      db: testDb.db,
      config: { secret: TEST_SECRET, geocoding: { provider: 'sample' } } as never,
    });
    let offset = 50;
    const now = () => new Date(Date.now() + offset);
    const options = () => ({
      adapters: channelAdapters(TEST_SECRET),
      addresses: boxesOf(TEST_SECRET).addresses,
      clock: now,
    });
    let n = 0;
    const say = (input: { kind: 'text'; text: string } | { kind: 'choose'; value: string }) =>
      receive(runtime, {
        botId,
        channel: 'api',
        channelId: channel.id,
        handle: 'u',
        replyTo: 'u',
        eventId: `e${++n}`,
        input,
        now: now(),
      });
    await say({ kind: 'text', text: 'oi' });
    await say({ kind: 'choose', value: 'n:node_tos_accepted' });
    await say({ kind: 'choose', value: 'a:3:1' }); // Sobre outra pessoa
    await deliverDue(testDb.db, options());
    fake.answers.push(503); // the receiver hiccups on the next message: the end of conversation 1
    await say({ kind: 'choose', value: 'a:12:0' }); // Sim, agora: conversation 1 ends
    await deliverDue(testDb.db, options());
    await say({ kind: 'text', text: 'oi' }); // conversation 2 begins
    await deliverDue(testDb.db, options());
    offset += 5_000;
    await deliverDue(testDb.db, options());
    const texts = fake.textsFor('u');
    await fake.close();
    expect(texts.at(-2)).toContain('ligue 190');
    expect(texts.at(-1)).toContain('Olá!');
  });
});
