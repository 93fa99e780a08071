import { sql } from 'kysely';
import { isLanguageCode } from '../../common/languages.js';
import type { Db } from '../db/index.js';
import { moderationDigestEmail, queueEmail } from '../email/index.js';
import { getModerationSettings } from './settings.js';

const LISTED = 20;
const EXCERPT = 160;

interface StaleItem {
  id: number;
  campaign: string;
  types: string;
  pending_since: Date;
  text: string;
}

/**
 * The daily digest: when items have been pending longer than the configured age, each active
 * moderator and admin gets one e-mail listing the oldest (through the outbox). Answers the number
 * of e-mails queued.
 */
export async function sendModerationDigest(
  db: Db,
  options: { publicUrl: string; now: Date },
): Promise<number> {
  const settings = await getModerationSettings(db);
  if (!settings.digest_enabled) return 0;
  const cutoff = new Date(options.now.getTime() - settings.stale_hours * 3_600_000);
  const { rows: stale } = await sql<StaleItem & { total: number }>`
    select i.id, ca.title as campaign, i.pending_since, m.text, count(*) over ()::int as total,
           (select string_agg(distinct t.name, ', ') from flags f join flag_types t on t.id = f.flag_type_id
             where f.item_id = i.id and f.agreed_at is null and f.disagreed_at is null and f.deferred_at is null) as types
      from moderation_items i
      join campaigns ca on ca.id = i.campaign_id
      join messages m on m.conversation_id = i.conversation_id and m.id = i.message_id
     where i.status = 'pending' and i.pending_since < ${cutoff}
     order by i.pending_since, i.id
     limit ${LISTED}`.execute(db);
  if (stale.length === 0) return 0;
  const base = options.publicUrl.replace(/\/$/, '');
  const items = stale.map((item) => ({
    url: `${base}/moderation/items/${item.id}`,
    campaign: item.campaign,
    types: item.types ?? '',
    waiting_hours: Math.floor((options.now.getTime() - item.pending_since.getTime()) / 3_600_000),
    excerpt: item.text.length > EXCERPT ? `${item.text.slice(0, EXCERPT - 1)}…` : item.text,
  }));
  const moderators = await db
    .selectFrom('users')
    .select(['email', 'name', 'language'])
    .where('role', 'in', ['moderator', 'admin'])
    .where('disabled', '=', false)
    .execute();
  return db.transaction().execute(async (trx) => {
    for (const user of moderators) {
      await queueEmail(
        trx,
        {
          kind: moderationDigestEmail,
          locale: isLanguageCode(user.language) ? user.language : 'en',
          to: { address: user.email, name: user.name },
          variables: {
            name: user.name || user.email,
            count: stale[0]!.total,
            stale_hours: settings.stale_hours,
            queue_url: `${base}/moderation`,
            items,
          },
        },
        options.now,
      );
    }
    await trx.updateTable('moderation_settings').set({ last_digest_at: options.now }).execute();
    return moderators.length;
  });
}
