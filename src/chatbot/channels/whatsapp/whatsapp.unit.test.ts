import { describe, expect, it } from 'vitest';
import { readPayload } from './payload.js';
import { renderWhatsApp } from './render.js';
import { hubSignature, verifyHubSignature } from './signature.js';

const option = (label: string, value = `n:${label}`) => ({ label, value });
const message = (text: string, options: { label: string; value: string }[]) => ({
  id: 42,
  text,
  options,
  attachment: null,
});

describe('WhatsApp rendering', () => {
  it('sends text alone as text, split at 4,096 characters', () => {
    expect(renderWhatsApp('55', message('Olá', []), 'Opções')).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '55',
        type: 'text',
        text: { body: 'Olá', preview_url: false },
      },
    ]);
    const long = renderWhatsApp('55', message('palavra '.repeat(700), []), 'Opções');
    expect(long).toHaveLength(2);
  });

  it('uses reply buttons for up to 3 options of at most 20 characters', () => {
    const [body] = renderWhatsApp(
      '55',
      message('Escolha', [option('Sim'), option('Não'), option('12345678901234567890')]),
      'Opções',
    );
    expect(body).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Escolha' },
        action: {
          buttons: [{ type: 'reply', reply: { id: 'n:Sim', title: 'Sim' } }, { reply: { title: 'Não' } }, {}],
        },
      },
    });
  });

  it('uses a list for up to 10 options of at most 24 characters (or a label over 20)', () => {
    const four = [option('a'), option('b'), option('c'), option('d')];
    const [list] = renderWhatsApp('55', message('Escolha', four), 'Ver opções');
    expect(list).toMatchObject({
      interactive: {
        type: 'list',
        action: { button: 'Ver opções', sections: [{ rows: [{ id: 'n:a', title: 'a' }, {}, {}, {}] }] },
      },
    });
    const [wide] = renderWhatsApp('55', message('Escolha', [option('x'.repeat(21))]), 'Opções');
    expect(wide).toMatchObject({ interactive: { type: 'list' } });
  });

  it('numbers the options in the text beyond 10, or with labels over 24 characters', () => {
    const eleven = Array.from({ length: 11 }, (_, i) => option(`opção ${i + 1}`));
    const [numbered] = renderWhatsApp('55', message('Escolha', eleven), 'Opções');
    expect(numbered).toMatchObject({ type: 'text' });
    expect((numbered as { text: { body: string } }).text.body).toBe(
      `Escolha\n\n${eleven.map((o, i) => `${i + 1}. ${o.label}`).join('\n')}`,
    );
    const [long] = renderWhatsApp('55', message('Escolha', [option('y'.repeat(25))]), 'Opções');
    expect(long).toMatchObject({ type: 'text' });
  });

  it('puts a long text before the buttons, the last part as their body (≤ 1,024)', () => {
    const bodies = renderWhatsApp('55', message('palavra '.repeat(200), [option('Sim')]), 'Opções');
    expect(bodies.map((b) => b.type)).toEqual(['text', 'interactive']);
    const last = bodies[1] as { interactive: { body: { text: string } } };
    expect(last.interactive.body.text.length).toBeLessThanOrEqual(1024);
  });

  it('sends a value over 200 characters as #<outbox id>:<index>', () => {
    const [body] = renderWhatsApp(
      '55',
      message('Escolha', [option('Sim', `n:${'z'.repeat(300)}`)]),
      'Opções',
    );
    expect(body).toMatchObject({ interactive: { action: { buttons: [{ reply: { id: '#42:0' } }] } } });
  });
});

describe('WhatsApp payloads', () => {
  const metadata = { display_phone_number: '15550001111', phone_number_id: '77' };
  const payload = (value: Record<string, unknown>) => ({
    object: 'whatsapp_business_account',
    entry: [{ id: '1', changes: [{ field: 'messages', value: { metadata, ...value } }] }],
  });

  it('reads texts, button and list replies, and statuses', () => {
    const read = readPayload(
      payload({
        messages: [
          { from: '5511988887777', id: 'w1', type: 'text', text: { body: ' oi ' } },
          {
            from: '5511988887777',
            id: 'w2',
            type: 'interactive',
            interactive: { type: 'button_reply', button_reply: { id: 'n:a', title: 'A' } },
          },
          {
            from: '5511988887777',
            id: 'w3',
            type: 'interactive',
            interactive: { type: 'list_reply', list_reply: { id: 'n:b', title: 'B' } },
          },
        ],
        statuses: [
          {
            id: 'w9',
            status: 'failed',
            timestamp: '1700000000',
            errors: [{ code: 131026, title: 'Undeliverable' }],
          },
        ],
      }),
      '77',
    );
    expect(read.events).toEqual([
      { eventId: 'w1', from: '5511988887777', input: { kind: 'text', text: 'oi' } },
      { eventId: 'w2', from: '5511988887777', input: { kind: 'choose', value: 'n:a' } },
      { eventId: 'w3', from: '5511988887777', input: { kind: 'choose', value: 'n:b' } },
    ]);
    expect(read.statuses).toEqual([
      { remoteId: 'w9', status: 'failed', at: new Date(1_700_000_000_000), error: '131026 Undeliverable' },
    ]);
  });

  it('leaves out echoes, other numbers, other types and malformed parts', () => {
    const none = { events: [], statuses: [] };
    expect(
      readPayload(
        payload({ messages: [{ from: '15550001111', id: 'e', type: 'text', text: { body: 'x' } }] }),
        '77',
      ),
    ).toEqual(none);
    expect(
      readPayload(
        payload({ messages: [{ from: '5511988887777', id: 'e', type: 'text', text: { body: 'x' } }] }),
        '78',
      ),
    ).toEqual(none);
    expect(
      readPayload(
        payload({ messages: [{ from: '5511988887777', id: 'e', type: 'audio', audio: {} }] }),
        '77',
      ),
    ).toEqual(none);
    expect(
      readPayload(
        payload({
          messages: [{ from: 'abc', id: 'e', type: 'text', text: { body: 'x' } }],
          statuses: [{ id: 'x', status: 'weird' }],
        }),
        '77',
      ),
    ).toEqual(none);
    expect(readPayload({ object: 'page' }, '77')).toEqual(none);
    expect(readPayload(null, '77')).toEqual(none);
  });
});

describe('X-Hub-Signature-256', () => {
  it('is the hex HMAC-SHA256 of the raw body with the app secret', () => {
    // printf '%s' '{"a":1}' | openssl dgst -sha256 -hmac secret
    expect(hubSignature('secret', '{"a":1}')).toBe(
      'sha256=aa9e2e3575f5d7098b6caccd790888c36d5fdb63342a73bada2d6a51747a8494',
    );
    expect(verifyHubSignature('secret', hubSignature('secret', 'body'), Buffer.from('body'))).toBe(true);
    expect(verifyHubSignature('secret', hubSignature('secret', 'body'), Buffer.from('body '))).toBe(false);
    expect(verifyHubSignature('secret', undefined, Buffer.from('body'))).toBe(false);
    expect(verifyHubSignature('secret', 'sha256=', Buffer.from('body'))).toBe(false);
  });
});
