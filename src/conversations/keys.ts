import { createHash } from 'node:crypto';
import { type RawBuilder, sql } from 'kysely';

/**
 * The `spoke_key` rules: how every imported row is identified within its source, so that a
 * re-import updates instead of duplicating. A Spoke id, when the source gives one, is the key as
 * text; otherwise a stable natural key is derived from what the row says about itself. Prefixes
 * keep derived keys from ever colliding with ids (Spoke ids are digits, or UUIDs in some forks).
 *
 * Each rule exists twice where both sides need it: in TypeScript (importers reading row by row)
 * and as SQL (set-based merges of staged CSV rows). keys.test.ts keeps them equal.
 */

/**
 * Field separator inside derived keys and hashes: a control character, and free text (a message)
 * always comes last, so no text can pass for a different split of the other parts.
 */
const SEP = '\u001f';

/** Campaign: Spoke's `campaign.id` (every source names it: CSV exports carry campaignId). */
export const campaignKey = (spokeId: string | number): string => String(spokeId).trim();

/**
 * Texter: Spoke's `user.id` from a database. CSV exports have no user id, so there:
 * `e:<e-mail, lower case>`, else `c:<E.164 cell>`, else `n:<first>␟<last>`; null when the row
 * names nobody (an unassigned contact, an inbound message). `texterKeyOf` is the streamed
 * import's form over fields already read as Spoke text; keys.test.ts proves the two agree.
 */
export function texterKeyOf(fields: {
  email: string | null;
  cell: string | null;
  first: string | null;
  last: string | null;
}): string | null {
  // Callers pass ASCII e-mails only: beyond ASCII, lower() and toLowerCase() may differ.
  if (fields.email !== null) return `e:${fields.email.toLowerCase()}`;
  if (fields.cell !== null) return `c:${fields.cell}`;
  if (fields.first !== null || fields.last !== null)
    return `n:${fields.first ?? ''}${SEP}${fields.last ?? ''}`;
  return null;
}

/** The SQL form, over text expressions (cell already in E.164). */
export function texterKeySql(
  email: RawBuilder<unknown>,
  cell: RawBuilder<unknown>,
  firstName: RawBuilder<unknown>,
  lastName: RawBuilder<unknown>,
): RawBuilder<string | null> {
  return sql<string | null>`case
    when nullif(btrim(${email}), '') is not null then 'e:' || lower(btrim(${email}))
    when nullif(btrim(${cell}), '') is not null then 'c:' || btrim(${cell})
    when coalesce(btrim(${firstName}), '') <> '' or coalesce(btrim(${lastName}), '') <> ''
      then 'n:' || coalesce(btrim(${firstName}), '') || chr(31) || coalesce(btrim(${lastName}), '')
  end`;
}

/**
 * Conversation (one Spoke `campaign_contact`): its id from a database and from StateVoices ≥ v10
 * exports. Legacy, Rewired and "convo" CSV files carry no contact id, and Spoke keeps one contact
 * per cell in a campaign, so there: `c:<campaign id>:<E.164 cell>`.
 */
export const conversationKeyByCell = (campaign: string, e164Cell: string): string =>
  `c:${campaign.trim()}:${e164Cell}`;

export function conversationKeyByCellSql(
  campaign: RawBuilder<unknown>,
  e164Cell: RawBuilder<unknown>,
): RawBuilder<string> {
  return sql<string>`'c:' || btrim(${campaign}) || ':' || ${e164Cell}`;
}

/**
 * Message: Spoke's `message.id` from a database. CSV exports have none, so there:
 * `h:` + MD5 (base64, unpadded) of conversation key, direction (`in`/`out`), send time in whole
 * microseconds since the epoch and the exact text. Two messages identical in all four are one message. (MD5 is an
 * identifier here, not a defence: a contact able to forge a collision only merges two of their own
 * messages in their own thread.)
 */
export function messageKey(conversation: string, fromContact: boolean, sentAtMicros: bigint, text: string) {
  const material = [conversation, fromContact ? 'in' : 'out', sentAtMicros.toString(), text].join(SEP);
  return `h:${createHash('md5').update(material, 'utf8').digest('base64').slice(0, 22)}`;
}

const DIGITS = new Uint8Array(20);

/** Writes an integer (|n| < 2^53) in decimal, as String(n) would; returns the end. */
function writeInteger(into: Buffer, at: number, n: number): number {
  let rest = n;
  if (rest < 0) {
    into[at++] = 0x2d;
    rest = -rest;
  }
  // Two halves of eight digits each fit 32-bit arithmetic.
  const high = Math.floor(rest / 1e8);
  let low = rest - high * 1e8;
  let count = 0;
  if (high > 0) {
    for (let i = 0; i < 8; i++) {
      const next = (low / 10) | 0;
      DIGITS[count++] = 48 + low - next * 10;
      low = next;
    }
    rest = high;
  } else {
    rest = low;
  }
  do {
    const next = Math.floor(rest / 10);
    DIGITS[count++] = 48 + rest - next * 10;
    rest = next;
  } while (rest > 0);
  while (count > 0) into[at++] = DIGITS[--count]!;
  return at;
}

/**
 * MD5 (RFC 1321) in JavaScript, for keys derived by the million: the digest node:crypto gives,
 * without a native call, a buffer view and two strings per key.
 */
const md5State = new Int32Array(4);

/** The running state of one block: MD5's a, b, c and d between its rounds. */
const abcd = new Int32Array(4);

/**
 * One 64-byte block of MD5: the 16 little-endian words `words[q…q+15]`; its 64 steps written
 * out (RFC 1321, 3.4), sixteen per round.
 */
function md5Block(words: Int32Array, q: number): void {
  abcd.set(md5State);
  md5Round1(words, q);
  md5Round2(words, q);
  md5Round3(words, q);
  md5Round4(words, q);
  md5State[0] = (md5State[0]! + abcd[0]!) | 0;
  md5State[1] = (md5State[1]! + abcd[1]!) | 0;
  md5State[2] = (md5State[2]! + abcd[2]!) | 0;
  md5State[3] = (md5State[3]! + abcd[3]!) | 0;
}

/** Round 1 (F) of MD5 over `abcd`. */
function md5Round1(words: Int32Array, q: number): void {
  let a = abcd[0]!;
  let b = abcd[1]!;
  let c = abcd[2]!;
  let d = abcd[3]!;
  let x = 0;
  x = (a + ((b & c) | (~b & d)) + -680876936 + words[q]!) | 0;
  a = (b + ((x << 7) | (x >>> 25))) | 0;
  x = (d + ((a & b) | (~a & c)) + -389564586 + words[q + 1]!) | 0;
  d = (a + ((x << 12) | (x >>> 20))) | 0;
  x = (c + ((d & a) | (~d & b)) + 606105819 + words[q + 2]!) | 0;
  c = (d + ((x << 17) | (x >>> 15))) | 0;
  x = (b + ((c & d) | (~c & a)) + -1044525330 + words[q + 3]!) | 0;
  b = (c + ((x << 22) | (x >>> 10))) | 0;
  x = (a + ((b & c) | (~b & d)) + -176418897 + words[q + 4]!) | 0;
  a = (b + ((x << 7) | (x >>> 25))) | 0;
  x = (d + ((a & b) | (~a & c)) + 1200080426 + words[q + 5]!) | 0;
  d = (a + ((x << 12) | (x >>> 20))) | 0;
  x = (c + ((d & a) | (~d & b)) + -1473231341 + words[q + 6]!) | 0;
  c = (d + ((x << 17) | (x >>> 15))) | 0;
  x = (b + ((c & d) | (~c & a)) + -45705983 + words[q + 7]!) | 0;
  b = (c + ((x << 22) | (x >>> 10))) | 0;
  x = (a + ((b & c) | (~b & d)) + 1770035416 + words[q + 8]!) | 0;
  a = (b + ((x << 7) | (x >>> 25))) | 0;
  x = (d + ((a & b) | (~a & c)) + -1958414417 + words[q + 9]!) | 0;
  d = (a + ((x << 12) | (x >>> 20))) | 0;
  x = (c + ((d & a) | (~d & b)) + -42063 + words[q + 10]!) | 0;
  c = (d + ((x << 17) | (x >>> 15))) | 0;
  x = (b + ((c & d) | (~c & a)) + -1990404162 + words[q + 11]!) | 0;
  b = (c + ((x << 22) | (x >>> 10))) | 0;
  x = (a + ((b & c) | (~b & d)) + 1804603682 + words[q + 12]!) | 0;
  a = (b + ((x << 7) | (x >>> 25))) | 0;
  x = (d + ((a & b) | (~a & c)) + -40341101 + words[q + 13]!) | 0;
  d = (a + ((x << 12) | (x >>> 20))) | 0;
  x = (c + ((d & a) | (~d & b)) + -1502002290 + words[q + 14]!) | 0;
  c = (d + ((x << 17) | (x >>> 15))) | 0;
  x = (b + ((c & d) | (~c & a)) + 1236535329 + words[q + 15]!) | 0;
  b = (c + ((x << 22) | (x >>> 10))) | 0;
  abcd[0] = a;
  abcd[1] = b;
  abcd[2] = c;
  abcd[3] = d;
}

/** Round 2 (G) of MD5 over `abcd`. */
function md5Round2(words: Int32Array, q: number): void {
  let a = abcd[0]!;
  let b = abcd[1]!;
  let c = abcd[2]!;
  let d = abcd[3]!;
  let x = 0;
  x = (a + ((d & b) | (~d & c)) + -165796510 + words[q + 1]!) | 0;
  a = (b + ((x << 5) | (x >>> 27))) | 0;
  x = (d + ((c & a) | (~c & b)) + -1069501632 + words[q + 6]!) | 0;
  d = (a + ((x << 9) | (x >>> 23))) | 0;
  x = (c + ((b & d) | (~b & a)) + 643717713 + words[q + 11]!) | 0;
  c = (d + ((x << 14) | (x >>> 18))) | 0;
  x = (b + ((a & c) | (~a & d)) + -373897302 + words[q]!) | 0;
  b = (c + ((x << 20) | (x >>> 12))) | 0;
  x = (a + ((d & b) | (~d & c)) + -701558691 + words[q + 5]!) | 0;
  a = (b + ((x << 5) | (x >>> 27))) | 0;
  x = (d + ((c & a) | (~c & b)) + 38016083 + words[q + 10]!) | 0;
  d = (a + ((x << 9) | (x >>> 23))) | 0;
  x = (c + ((b & d) | (~b & a)) + -660478335 + words[q + 15]!) | 0;
  c = (d + ((x << 14) | (x >>> 18))) | 0;
  x = (b + ((a & c) | (~a & d)) + -405537848 + words[q + 4]!) | 0;
  b = (c + ((x << 20) | (x >>> 12))) | 0;
  x = (a + ((d & b) | (~d & c)) + 568446438 + words[q + 9]!) | 0;
  a = (b + ((x << 5) | (x >>> 27))) | 0;
  x = (d + ((c & a) | (~c & b)) + -1019803690 + words[q + 14]!) | 0;
  d = (a + ((x << 9) | (x >>> 23))) | 0;
  x = (c + ((b & d) | (~b & a)) + -187363961 + words[q + 3]!) | 0;
  c = (d + ((x << 14) | (x >>> 18))) | 0;
  x = (b + ((a & c) | (~a & d)) + 1163531501 + words[q + 8]!) | 0;
  b = (c + ((x << 20) | (x >>> 12))) | 0;
  x = (a + ((d & b) | (~d & c)) + -1444681467 + words[q + 13]!) | 0;
  a = (b + ((x << 5) | (x >>> 27))) | 0;
  x = (d + ((c & a) | (~c & b)) + -51403784 + words[q + 2]!) | 0;
  d = (a + ((x << 9) | (x >>> 23))) | 0;
  x = (c + ((b & d) | (~b & a)) + 1735328473 + words[q + 7]!) | 0;
  c = (d + ((x << 14) | (x >>> 18))) | 0;
  x = (b + ((a & c) | (~a & d)) + -1926607734 + words[q + 12]!) | 0;
  b = (c + ((x << 20) | (x >>> 12))) | 0;
  abcd[0] = a;
  abcd[1] = b;
  abcd[2] = c;
  abcd[3] = d;
}

/** Round 3 (H) of MD5 over `abcd`. */
function md5Round3(words: Int32Array, q: number): void {
  let a = abcd[0]!;
  let b = abcd[1]!;
  let c = abcd[2]!;
  let d = abcd[3]!;
  let x = 0;
  x = (a + (b ^ c ^ d) + -378558 + words[q + 5]!) | 0;
  a = (b + ((x << 4) | (x >>> 28))) | 0;
  x = (d + (a ^ b ^ c) + -2022574463 + words[q + 8]!) | 0;
  d = (a + ((x << 11) | (x >>> 21))) | 0;
  x = (c + (d ^ a ^ b) + 1839030562 + words[q + 11]!) | 0;
  c = (d + ((x << 16) | (x >>> 16))) | 0;
  x = (b + (c ^ d ^ a) + -35309556 + words[q + 14]!) | 0;
  b = (c + ((x << 23) | (x >>> 9))) | 0;
  x = (a + (b ^ c ^ d) + -1530992060 + words[q + 1]!) | 0;
  a = (b + ((x << 4) | (x >>> 28))) | 0;
  x = (d + (a ^ b ^ c) + 1272893353 + words[q + 4]!) | 0;
  d = (a + ((x << 11) | (x >>> 21))) | 0;
  x = (c + (d ^ a ^ b) + -155497632 + words[q + 7]!) | 0;
  c = (d + ((x << 16) | (x >>> 16))) | 0;
  x = (b + (c ^ d ^ a) + -1094730640 + words[q + 10]!) | 0;
  b = (c + ((x << 23) | (x >>> 9))) | 0;
  x = (a + (b ^ c ^ d) + 681279174 + words[q + 13]!) | 0;
  a = (b + ((x << 4) | (x >>> 28))) | 0;
  x = (d + (a ^ b ^ c) + -358537222 + words[q]!) | 0;
  d = (a + ((x << 11) | (x >>> 21))) | 0;
  x = (c + (d ^ a ^ b) + -722521979 + words[q + 3]!) | 0;
  c = (d + ((x << 16) | (x >>> 16))) | 0;
  x = (b + (c ^ d ^ a) + 76029189 + words[q + 6]!) | 0;
  b = (c + ((x << 23) | (x >>> 9))) | 0;
  x = (a + (b ^ c ^ d) + -640364487 + words[q + 9]!) | 0;
  a = (b + ((x << 4) | (x >>> 28))) | 0;
  x = (d + (a ^ b ^ c) + -421815835 + words[q + 12]!) | 0;
  d = (a + ((x << 11) | (x >>> 21))) | 0;
  x = (c + (d ^ a ^ b) + 530742520 + words[q + 15]!) | 0;
  c = (d + ((x << 16) | (x >>> 16))) | 0;
  x = (b + (c ^ d ^ a) + -995338651 + words[q + 2]!) | 0;
  b = (c + ((x << 23) | (x >>> 9))) | 0;
  abcd[0] = a;
  abcd[1] = b;
  abcd[2] = c;
  abcd[3] = d;
}

/** Round 4 (I) of MD5 over `abcd`. */
function md5Round4(words: Int32Array, q: number): void {
  let a = abcd[0]!;
  let b = abcd[1]!;
  let c = abcd[2]!;
  let d = abcd[3]!;
  let x = 0;
  x = (a + (c ^ (b | ~d)) + -198630844 + words[q]!) | 0;
  a = (b + ((x << 6) | (x >>> 26))) | 0;
  x = (d + (b ^ (a | ~c)) + 1126891415 + words[q + 7]!) | 0;
  d = (a + ((x << 10) | (x >>> 22))) | 0;
  x = (c + (a ^ (d | ~b)) + -1416354905 + words[q + 14]!) | 0;
  c = (d + ((x << 15) | (x >>> 17))) | 0;
  x = (b + (d ^ (c | ~a)) + -57434055 + words[q + 5]!) | 0;
  b = (c + ((x << 21) | (x >>> 11))) | 0;
  x = (a + (c ^ (b | ~d)) + 1700485571 + words[q + 12]!) | 0;
  a = (b + ((x << 6) | (x >>> 26))) | 0;
  x = (d + (b ^ (a | ~c)) + -1894986606 + words[q + 3]!) | 0;
  d = (a + ((x << 10) | (x >>> 22))) | 0;
  x = (c + (a ^ (d | ~b)) + -1051523 + words[q + 10]!) | 0;
  c = (d + ((x << 15) | (x >>> 17))) | 0;
  x = (b + (d ^ (c | ~a)) + -2054922799 + words[q + 1]!) | 0;
  b = (c + ((x << 21) | (x >>> 11))) | 0;
  x = (a + (c ^ (b | ~d)) + 1873313359 + words[q + 8]!) | 0;
  a = (b + ((x << 6) | (x >>> 26))) | 0;
  x = (d + (b ^ (a | ~c)) + -30611744 + words[q + 15]!) | 0;
  d = (a + ((x << 10) | (x >>> 22))) | 0;
  x = (c + (a ^ (d | ~b)) + -1560198380 + words[q + 6]!) | 0;
  c = (d + ((x << 15) | (x >>> 17))) | 0;
  x = (b + (d ^ (c | ~a)) + 1309151649 + words[q + 13]!) | 0;
  b = (c + ((x << 21) | (x >>> 11))) | 0;
  x = (a + (c ^ (b | ~d)) + -145523070 + words[q + 4]!) | 0;
  a = (b + ((x << 6) | (x >>> 26))) | 0;
  x = (d + (b ^ (a | ~c)) + -1120210379 + words[q + 11]!) | 0;
  d = (a + ((x << 10) | (x >>> 22))) | 0;
  x = (c + (a ^ (d | ~b)) + 718787259 + words[q + 2]!) | 0;
  c = (d + ((x << 15) | (x >>> 17))) | 0;
  x = (b + (d ^ (c | ~a)) + -343485551 + words[q + 9]!) | 0;
  b = (c + ((x << 21) | (x >>> 11))) | 0;
  abcd[0] = a;
  abcd[1] = b;
  abcd[2] = c;
  abcd[3] = d;
}

/** Little-endian machines read a block's words straight from the bytes. */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
const blockWords = new Int32Array(16);

/**
 * MD5 of `m[0, length)` into `md5State`. `m` starts its own ArrayBuffer, `words` views it, and
 * there are 72 bytes of room after the message for the padding, written in place.
 */
function md5(m: Uint8Array, words: Int32Array, length: number): void {
  md5State[0] = 0x67452301;
  md5State[1] = 0xefcdab89 | 0;
  md5State[2] = 0x98badcfe | 0;
  md5State[3] = 0x10325476;
  const end = (length + 72) & ~63;
  m[length] = 0x80;
  for (let i = length + 1; i < end - 8; i++) m[i] = 0;
  const bits = length * 8;
  m[end - 8] = bits & 0xff;
  m[end - 7] = (bits >>> 8) & 0xff;
  m[end - 6] = (bits >>> 16) & 0xff;
  m[end - 5] = (bits >>> 24) & 0xff;
  m[end - 4] = 0;
  m[end - 3] = 0;
  m[end - 2] = 0;
  m[end - 1] = 0;
  for (let at = 0; at < end; at += 64) {
    if (LITTLE_ENDIAN) {
      md5Block(words, at >> 2);
    } else {
      for (let k = 0, p = at; k < 16; k++, p += 4) {
        blockWords[k] = m[p]! | (m[p + 1]! << 8) | (m[p + 2]! << 16) | (m[p + 3]! << 24);
      }
      md5Block(blockWords, 0);
    }
  }
}

const BASE64 = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 'latin1');
const digest = new Uint8Array(16);

/** The bytes hashed for a key: a buffer of its own (aligned), with a word view for md5(). */
let material = Buffer.from(new ArrayBuffer(4096));
let materialWords = new Int32Array(material.buffer);
let materialConversation: string | null = null;
let materialPrefix = 0;
const keyBytes = Buffer.from('h:0000000000000000000000', 'latin1');

/**
 * `messageKey` from the text's UTF-8 bytes and the time as a number (exact below 2^53 µs, i.e.
 * any date), for importers that read bytes: the same key without building the text as a string.
 */
export function messageKeyOfBytes(
  conversation: string,
  fromContact: boolean,
  sentAtMicros: number,
  text: Uint8Array,
): string {
  return messageKeyOfRange(conversation, fromContact, sentAtMicros, text, 0, text.length).toString('latin1');
}

/**
 * `messageKeyOfBytes` over `bytes[start, end)`, as the key's 24 ASCII bytes, in a buffer that the
 * next call overwrites.
 */
export function messageKeyOfRange(
  conversation: string,
  fromContact: boolean,
  sentAtMicros: number,
  bytes: Uint8Array,
  start: number,
  end: number,
): Buffer {
  const need = conversation.length * 3 + (end - start) + 40 + 72;
  if (material.length < need) {
    material = Buffer.from(new ArrayBuffer((need * 2 + 63) & ~63));
    materialWords = new Int32Array(material.buffer);
    materialConversation = null;
  }
  // Messages of one conversation come together: its part of the material is written once.
  if (conversation !== materialConversation) {
    materialPrefix = material.write(conversation, 0, 'utf8');
    material[materialPrefix++] = 0x1f;
    materialConversation = conversation;
  }
  const m = material;
  let at = materialPrefix;
  if (fromContact) {
    m[at++] = 0x69; // i
    m[at++] = 0x6e; // n
  } else {
    m[at++] = 0x6f; // o
    m[at++] = 0x75; // u
    m[at++] = 0x74; // t
  }
  m[at++] = 0x1f;
  at = writeInteger(m, at, sentAtMicros);
  m[at++] = 0x1f;
  const length = end - start;
  if (length > 48) m.set(bytes.subarray(start, end), at);
  else for (let i = 0; i < length; i++) m[at + i] = bytes[start + i]!;
  md5(m, materialWords, at + length);
  for (let i = 0; i < 4; i++) {
    const word = md5State[i]!;
    digest[i * 4] = word & 0xff;
    digest[i * 4 + 1] = (word >>> 8) & 0xff;
    digest[i * 4 + 2] = (word >>> 16) & 0xff;
    digest[i * 4 + 3] = (word >>> 24) & 0xff;
  }
  // Base64 of the 16 bytes, unpadded (22 characters).
  let out = 2;
  for (let i = 0; i < 15; i += 3) {
    const triple = (digest[i]! << 16) | (digest[i + 1]! << 8) | digest[i + 2]!;
    keyBytes[out++] = BASE64[triple >>> 18]!;
    keyBytes[out++] = BASE64[(triple >>> 12) & 63]!;
    keyBytes[out++] = BASE64[(triple >>> 6) & 63]!;
    keyBytes[out++] = BASE64[triple & 63]!;
  }
  keyBytes[out++] = BASE64[digest[15]! >>> 2]!;
  keyBytes[out] = BASE64[(digest[15]! & 3) << 4]!;
  return keyBytes;
}

/**
 * Message of a file that gives no time (some "convo" files): `o:` + MD5 (base64) of conversation key,
 * position in the conversation (1-based, file order), direction and text; see
 * src/sources/spoke/csv/produce.ts, which derives it in SQL.
 */
export function orderedMessageKey(
  conversation: string,
  position: number,
  fromContact: boolean,
  text: string,
) {
  const material = [conversation, String(position), fromContact ? 'in' : 'out', text].join(SEP);
  return `o:${createHash('md5').update(material, 'utf8').digest('base64').slice(0, 22)}`;
}

export function messageKeySql(
  conversation: RawBuilder<unknown>,
  fromContact: RawBuilder<unknown>,
  sentAt: RawBuilder<unknown>,
  text: RawBuilder<unknown>,
): RawBuilder<string> {
  return sql<string>`'h:' || left(encode(decode(md5(${conversation} || chr(31) || case when ${fromContact} then 'in' else 'out' end
    || chr(31) || (extract(epoch from ${sentAt}) * 1000000)::bigint::text || chr(31) || ${text}), 'hex'), 'base64'), 22)`;
}

/** Tag: Spoke's `tag.id` from a database; CSV files name tags only, so `n:<name>` (trimmed). */
export const tagKeyByName = (name: string): string => `n:${name.trim()}`;

/**
 * Survey question: the `interaction_step.id` holding it from a database; CSV files only have the
 * column `question[<text>]`, so `q:<text>`. Unique within its campaign.
 */
export const questionKeyByText = (question: string): string => `q:${question}`;

/**
 * Contact: one row per (source, E.164 cell) — a person texted in several campaigns is one contact
 * with one conversation per campaign — so contacts need no `spoke_key`. Opt-outs are keyed like
 * Spoke keys them: (source, organization id, cell).
 */
