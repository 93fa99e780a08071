import { describe, expect, it } from 'vitest';
import { parseLongValueRef } from '../long-values.js';
import { renderMessage, splitText } from './render.js';
import { normaliseUpdate } from './updates.js';

describe('Telegram rendering', () => {
  it('puts the options in an inline keyboard, one a row, values as callback data', () => {
    const [body] = renderMessage('42', {
      id: 7,
      text: 'Olá!',
      options: [
        { label: 'Sim', value: 'n:yes' },
        { label: 'Longo', value: `n:${'x'.repeat(80)}` },
      ],
      attachment: null,
    });
    expect(body).toEqual({
      chat_id: '42',
      text: 'Olá!',
      reply_markup: {
        inline_keyboard: [
          [{ text: 'Sim', callback_data: 'n:yes' }],
          [{ text: 'Longo', callback_data: '#7:1' }],
        ],
      },
    });
  });

  it('splits a text over 4096 characters, the keyboard on the last part', () => {
    const text = `${'palavra '.repeat(1000)}fim`;
    const bodies = renderMessage('42', {
      id: 1,
      text,
      options: [{ label: 'A', value: 'a' }],
      attachment: null,
    });
    expect(bodies.length).toBe(2);
    expect(bodies.every((b) => b.text.length <= 4096)).toBe(true);
    expect(bodies[0]?.reply_markup).toBeUndefined();
    expect(bodies[1]?.reply_markup?.inline_keyboard).toHaveLength(1);
    expect(bodies.map((b) => b.text).join(' ')).toBe(text);
  });

  it('never cuts a surrogate pair', () => {
    const parts = splitText('😀'.repeat(3000), 4096);
    expect(parts.join('')).toBe('😀'.repeat(3000));
    expect(parts.every((part) => !/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/.test(part))).toBe(true);
  });
});

describe('Telegram updates', () => {
  const from = { id: 9, is_bot: false, first_name: 'A' };
  const chat = { id: 9, type: 'private' };

  it('reads a private text message and a callback query', () => {
    expect(normaliseUpdate({ update_id: 5, message: { from, chat, text: ' oi ' } })).toEqual({
      eventId: '5',
      handle: '9',
      chatId: '9',
      input: { kind: 'text', text: 'oi' },
      callbackQueryId: null,
    });
    expect(
      normaliseUpdate({ update_id: 6, callback_query: { id: 'q', from, message: { chat }, data: 'n:a' } }),
    ).toMatchObject({ eventId: '6', input: { kind: 'choose', value: 'n:a' }, callbackQueryId: 'q' });
  });

  it('ignores what it does not handle', () => {
    for (const update of [
      null,
      [],
      { update_id: -1, message: { from, chat, text: 'oi' } },
      { update_id: 1.5, message: { from, chat, text: 'oi' } },
      { update_id: 1, message: { from: { ...from, is_bot: true }, chat, text: 'oi' } },
      { update_id: 1, message: { from, chat: { ...chat, type: 'supergroup' }, text: 'oi' } },
      { update_id: 1, message: { from, chat, text: '   ' } },
      { update_id: 1, message: { from, chat, sticker: {} } },
      { update_id: 1, callback_query: { id: 'q', from, data: 'x' } },
      { update_id: 1, callback_query: { id: 'q', from, message: { chat }, data: 'x'.repeat(65) } },
      { update_id: 1, edited_message: { from, chat, text: 'oi' } },
    ])
      expect(normaliseUpdate(update)).toBeNull();
  });

  it('reads #<outbox id>:<index> references', () => {
    expect(parseLongValueRef('#12:3')).toEqual({ outboxId: 12, index: 3 });
    expect(parseLongValueRef('#12')).toBeNull();
    expect(parseLongValueRef('#a:1')).toBeNull();
  });
});
