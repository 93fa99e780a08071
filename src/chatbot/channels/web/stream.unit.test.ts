import { describe, expect, it } from 'vitest';
import type { ChatMessages } from '../../../../common/api/channels.js';
import type { Notifications } from '../../../db/listener.js';
import { SENT_CHANNEL } from '../../delivery/adapter.js';
import { chatStream, type SentHub, sentHub } from './stream.js';

const message = (id: number) => ({ id, text: `m${id}`, options: [], attachment: null });

/** The visitor's messages as the database would give them: those after the cursor. */
function fakeReader(all: ChatMessages['messages'][number][], ended = () => false) {
  const calls: number[] = [];
  const read = async (after: number): Promise<ChatMessages> => {
    calls.push(after);
    return { messages: all.filter((m) => m.id > after), ended: ended() };
  };
  return { read, calls };
}

function collect(body: NodeJS.ReadableStream): string[] {
  const chunks: string[] = [];
  body.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return chunks;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const deadHub: SentHub = { watch: () => () => undefined, live: false };

describe('chatStream', () => {
  it('sends the state at once, then only what is new, and stops reading when the client goes', async () => {
    const all = [message(3)];
    const reader = fakeReader(all);
    let stopped = 0;
    const stream = chatStream({
      read: reader.read,
      after: 0,
      userKey: 'k',
      hub: deadHub,
      onStop: () => stopped++,
      onError: () => undefined,
      pollMs: 10,
    });
    const chunks = collect(stream.body);
    await wait(50);
    all.push(message(5));
    await wait(50);
    const events = chunks.join('').split('\n\n').filter(Boolean);
    expect(events).toEqual([
      `id: 3\ndata: ${JSON.stringify({ messages: [message(3)], ended: false })}`,
      `id: 5\ndata: ${JSON.stringify({ messages: [message(5)], ended: false })}`,
    ]);
    expect(reader.calls.at(-1)).toBe(5);
    // Fastify destroys the body when the client closes the connection.
    stream.body.destroy();
    await wait(20);
    expect(stopped).toBe(1);
    const reads = reader.calls.length;
    await wait(60);
    expect(reader.calls.length).toBe(reads);
  });

  it('says when the conversation ends, and writes a comment as a heartbeat', async () => {
    let ended = false;
    const stream = chatStream({
      read: fakeReader([], () => ended).read,
      after: 0,
      userKey: 'k',
      hub: deadHub,
      onStop: () => undefined,
      onError: () => undefined,
      pollMs: 10,
      heartbeatMs: 30,
    });
    const chunks = collect(stream.body);
    await wait(20);
    ended = true;
    await wait(60);
    stream.stop();
    const text = chunks.join('');
    expect(text).toContain(`data: ${JSON.stringify({ messages: [], ended: false })}`);
    expect(text).toContain(`data: ${JSON.stringify({ messages: [], ended: true })}`);
    expect(text).toContain(': keep-alive\n\n');
  });

  it('ends the stream when a read fails', async () => {
    const errors: unknown[] = [];
    let stopped = false;
    const stream = chatStream({
      read: async () => {
        throw new Error('database gone');
      },
      after: 0,
      userKey: 'k',
      hub: deadHub,
      onStop: () => {
        stopped = true;
      },
      onError: (error) => errors.push(error),
    });
    const ended = new Promise((resolve) => stream.body.on('end', resolve));
    stream.body.resume();
    await ended;
    expect(stopped).toBe(true);
    expect(String(errors[0])).toContain('database gone');
  });
});

describe('sentHub', () => {
  function fakeNotifications() {
    const handlers = new Map<string, (payload: string) => void>();
    let reconnect: () => void = () => undefined;
    const notifications: Notifications = {
      subscribe(channel, handler) {
        handlers.set(channel, handler);
        return () => handlers.delete(channel);
      },
      onReconnect(handler) {
        reconnect = handler;
        return () => undefined;
      },
      listening: true,
      stop: async () => undefined,
    };
    return {
      notifications,
      notify: (payload: string) => handlers.get(SENT_CHANNEL)?.(payload),
      reconnect: () => reconnect(),
    };
  }

  it("wakes only the notified visitor's streams, everyone after a reconnect, nobody once unwatched", () => {
    const fake = fakeNotifications();
    const hub = sentHub(fake.notifications);
    expect(hub.live).toBe(true);
    const woken: string[] = [];
    const stopA = hub.watch('a', () => woken.push('a'));
    hub.watch('b', () => woken.push('b'));
    fake.notify('a');
    expect(woken).toEqual(['a']);
    fake.reconnect();
    expect(woken.sort()).toEqual(['a', 'a', 'b']);
    stopA();
    fake.notify('a');
    expect(woken).toHaveLength(3);
    expect(sentHub(undefined).live).toBe(false);
  });
});
