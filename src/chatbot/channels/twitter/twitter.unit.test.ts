import { describe, expect, it } from 'vitest';
import { authorizationHeader, hmacSha1, percentEncode, signatureBaseString } from './oauth1.js';

/** The example of https://developer.x.com/en/docs/authentication/oauth-1-0a/creating-a-signature */
const keys = {
  consumerKey: 'xvz1evFS4wEEPTGEFPHBog',
  consumerSecret: 'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
  token: '370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb',
  tokenSecret: 'LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE',
};
const nonce = 'kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg';
const timestamp = 1318622958;
const url = 'https://api.twitter.com/1.1/statuses/update.json?include_entities=true';
const status: [string, string] = ['status', 'Hello Ladies + Gentlemen, a signed OAuth request!'];

describe('OAuth 1.0a', () => {
  it('percent-encodes as RFC 3986 says', () => {
    expect(percentEncode("Ladies + Gentlemen!*'()")).toBe('Ladies%20%2B%20Gentlemen%21%2A%27%28%29');
    expect(percentEncode('☃')).toBe('%E2%98%83');
  });

  it("signs Twitter's documented example", () => {
    const base = signatureBaseString('POST', url, [
      status,
      ['oauth_consumer_key', keys.consumerKey],
      ['oauth_nonce', nonce],
      ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', String(timestamp)],
      ['oauth_token', keys.token],
      ['oauth_version', '1.0'],
    ]);
    expect(base).toBe(
      'POST&https%3A%2F%2Fapi.twitter.com%2F1.1%2Fstatuses%2Fupdate.json&include_entities%3Dtrue%26oauth_consumer_key%3Dxvz1evFS4wEEPTGEFPHBog%26oauth_nonce%3DkYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1318622958%26oauth_token%3D370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb%26oauth_version%3D1.0%26status%3DHello%2520Ladies%2520%252B%2520Gentlemen%252C%2520a%2520signed%2520OAuth%2520request%2521',
    );
    expect(hmacSha1(keys, base)).toBe('hCtSmYh+iHYCEqBWrE7C7hYmtUk=');
    const header = authorizationHeader(keys, 'POST', url, { extra: [status], nonce, timestamp });
    expect(header).toContain('oauth_signature="hCtSmYh%2BiHYCEqBWrE7C7hYmtUk%3D"');
    expect(header).toMatch(/^OAuth oauth_consumer_key="xvz1evFS4wEEPTGEFPHBog", oauth_nonce=/);
  });
});

describe('Twitter DMs', () => {
  it('renders quick replies (≤ 20, labels ≤ 36), the media on the first part, long text split', async () => {
    const { renderTwitter } = await import('./render.js');
    const options = Array.from({ length: 22 }, (_, i) => ({
      label: `${'l'.repeat(40)}${i}`,
      value: `n:${i}`,
    }));
    const bodies = renderTwitter('77', {
      id: 5,
      text: `${'palavra '.repeat(1300)}fim`,
      options,
      attachment: '1234',
    });
    expect(bodies).toHaveLength(2);
    const first = (
      bodies[0] as { event: { message_create: { target: unknown; message_data: Record<string, unknown> } } }
    ).event.message_create;
    expect(first.target).toEqual({ recipient_id: '77' });
    expect(first.message_data.attachment).toEqual({ type: 'media', media: { id: '1234' } });
    expect(first.message_data.quick_reply).toBeUndefined();
    const last = (
      bodies[1] as {
        event: { message_create: { message_data: { quick_reply: { options: { label: string }[] } } } };
      }
    ).event.message_create.message_data.quick_reply;
    expect(last.options).toHaveLength(20);
    expect(last.options.every((o) => [...o.label].length <= 36)).toBe(true);
  });

  it('reads DMs and quick replies, leaving out echoes and other activity', async () => {
    const { readEvents } = await import('./events.js');
    const event = (create: Record<string, unknown>, id = '11') => ({
      for_user_id: '9',
      direct_message_events: [{ type: 'message_create', id, message_create: { sender_id: '5', ...create } }],
    });
    expect(readEvents(event({ message_data: { text: ' oi ' } }), '9')).toEqual([
      { eventId: '11', senderId: '5', input: { kind: 'text', text: 'oi' } },
    ]);
    expect(
      readEvents(
        event({ message_data: { text: 'Sim', quick_reply_response: { type: 'options', metadata: 'n:a' } } }),
        '9',
      ),
    ).toEqual([{ eventId: '11', senderId: '5', input: { kind: 'choose', value: 'n:a' } }]);
    expect(readEvents(event({ sender_id: '9', message_data: { text: 'eco' } }), '9')).toEqual([]);
    expect(readEvents(event({ source_app_id: '1', message_data: { text: 'eco' } }), '9')).toEqual([]);
    expect(readEvents(event({ message_data: { text: 'oi' } }), '8')).toEqual([]);
    expect(readEvents(event({ message_data: { text: 'oi' } }, 'x'), '9')).toEqual([]);
    expect(readEvents({ for_user_id: '9', tweet_create_events: [] }, '9')).toEqual([]);
  });
});
