import { expect } from 'vitest';
import { channelAdapters } from '../../src/chatbot/channels/adapters.js';
import { boxesOf } from '../../src/chatbot/channels/runtime-deps.js';
import { deliverDue } from '../../src/chatbot/delivery/loop.js';
import type { Db } from '../../src/db/index.js';
import type { TestApp } from './app.js';
import { dmEvent, type FakeTwitter, signedTwitter } from './twitter.js';

/**
 * One Twitter/X user talking to a bot end to end: each DM is a signed webhook POST to the app,
 * then the outbox is delivered to the Twitter fake, where the bot's replies are read.
 */
export function twitterChat(options: {
  app: TestApp;
  db: Db;
  twitter: FakeTwitter;
  secret: string;
  channelId: number;
  user: string;
}) {
  const { app, db, twitter, secret, channelId, user } = options;
  const send = async (body: unknown) => {
    const response = await app.app.inject({
      method: 'POST',
      url: `/api/channels/${channelId}/twitter`,
      ...signedTwitter(body),
    });
    expect(response.statusCode).toBe(200);
    await deliverDue(db, {
      adapters: channelAdapters(secret),
      addresses: boxesOf(secret).addresses,
      clock: () => new Date(),
    });
  };
  /** The texts the bot sent this user, in order. */
  const sent = () => twitter.sentTo(user).map((m) => String(m.text));
  const press = async (label: string): Promise<void> => {
    const withOptions = twitter.sentTo(user).filter((m) => m.quick_reply !== undefined);
    const last = withOptions[withOptions.length - 1]?.quick_reply as
      | { options: { label: string; metadata: string }[] }
      | undefined;
    const options = last?.options ?? [];
    const option = options.find((o) => o.label === label);
    expect(option, `${label} among ${options.map((o) => o.label).join(', ')}`).toBeDefined();
    await send(dmEvent(user, { metadata: option?.metadata ?? '' }));
  };
  return {
    send,
    sent,
    /** Presses a button of the last message that had buttons. */
    press,
    /** The PenhaS fixture bot, from a first DM to its CEP question; returns the question's text. */
    async toPenhasCepQuestion(): Promise<string> {
      await send(dmEvent(user, { text: 'oi' }));
      await press('👍 Sim');
      await press('Para outra pessoa');
      await press('Achar um serviço perto');
      const question = 'Digite o CEP (só números).';
      expect(sent()).toContain(question);
      return question;
    },
    /** Types a DM; what the bot sent in answer to it. */
    async answerTo(text: string): Promise<string[]> {
      const before = sent().length;
      await send(dmEvent(user, { text }));
      return sent().slice(before);
    },
  };
}
