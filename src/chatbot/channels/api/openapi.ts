/**
 * The HTTP API channel as the OpenAPI page (/api/docs) explains it: how to sign a request, what
 * comes back to the callback URL, and how to check Parley's signature there.
 */
export const INBOUND_DESCRIPTION = `
Send what a person wrote (\`text\`) or the value of a button they pressed (\`choose\`). Parley
answers 200 once the bot's turn is stored; the bot's replies are POSTed to the channel's callback
URL, one request per message, in order.

**Signing.** Every request carries \`X-Parley-Timestamp\` (Unix seconds) and
\`X-Parley-Signature: sha256=<hex>\`, the HMAC-SHA256 of \`<timestamp>.<raw body>\` keyed with the
channel's secret (shown once when the channel is created or its secret rotated). A wrong signature
is 401 \`bad_signature\`; a timestamp more than 5 minutes from Parley's clock is 401
\`stale_request\`, so a captured request cannot be replayed later. A request repeated with the same
\`event_id\` is answered \`{"status": "duplicate"}\` and ignored.

\`\`\`sh
SECRET='the channel secret'
BODY='{"event_id":"msg-1","user":"person-42","text":"oi"}'
TS=$(date +%s)
SIG=$(printf '%s.%s' "$TS" "$BODY" | openssl dgst -sha256 -hmac "$SECRET" -r | cut -d' ' -f1)
curl -X POST https://parley.example.org/api/channels/1/inbound \\
  -H 'content-type: application/json' \\
  -H "x-parley-timestamp: $TS" -H "x-parley-signature: sha256=$SIG" \\
  --data "$BODY"
\`\`\`

**Replies** arrive at the callback URL as
\`{"event": "message", "bot_id", "channel_id", "user", "message": {"id", "text", "options": [{"label", "value"}], "attachment"}, "part", "parts"}\`,
signed the same way. Answer 2xx to accept; 429 or 5xx makes Parley try again later (with
back-off, honouring Retry-After); any other answer fails the message (listed on the bot's delivery
failures). Send an option's \`value\` back as \`choose\`. Check the signature before trusting a reply
(Node.js):

\`\`\`js
import { createHmac, timingSafeEqual } from 'node:crypto';

// rawBody: the request body exactly as received (a Buffer), before any JSON parsing.
export function fromParley(headers, rawBody, secret) {
  const timestamp = Number(headers['x-parley-timestamp']);
  if (!Number.isInteger(timestamp)) return false;
  if (Math.abs(Date.now() / 1000 - timestamp) > 300) return false; // replayed or skewed
  const expected = 'sha256=' + createHmac('sha256', secret)
    .update(\`\${timestamp}.\`).update(rawBody).digest('hex');
  const given = String(headers['x-parley-signature'] ?? '');
  return given.length === expected.length &&
    timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
\`\`\`
`.trim();
