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
 * names nobody (an unassigned contact, an inbound message).
 */
export function texterKey(fields: {
  email?: string | null;
  cell?: string | null;
  firstName?: string | null;
  lastName?: string | null;
}): string | null {
  const email = fields.email?.trim().toLowerCase();
  if (email) return `e:${email}`;
  const cell = fields.cell?.trim();
  if (cell) return `c:${cell}`;
  const first = fields.firstName?.trim() ?? '';
  const last = fields.lastName?.trim() ?? '';
  if (first || last) return `n:${first}${SEP}${last}`;
  return null;
}

/** The SQL form of `texterKey` over text expressions (cell already in E.164). */
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

/**
 * Message of a file that gives no time (some "convo" files): `o:` + MD5 (base64) of conversation key,
 * position in the conversation (1-based, file order), direction and text; see
 * src/audit/spoke/csv/produce.ts, which derives it in SQL.
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
