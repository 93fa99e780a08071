import type { Db } from '../../src/db/index.js';
import { raiseFlag } from '../../src/moderation/commands/raise-flag.js';
import { reopenItem, resolveItem } from '../../src/moderation/commands/transitions.js';
import { createUser } from '../../src/users/index.js';
import { seedCampaigns } from './factories.js';
import { seedMessages } from './moderation.js';

/** When the seeded flags start: a Monday, so they all fall in one week. */
export const FLAGS_T0 = new Date('2026-11-02T10:00:00Z');
const minutes = (n: number) => new Date(FLAGS_T0.getTime() + n * 60_000);

export interface SeededFlags {
  auditor: number;
  moderator: number;
  moderator2: number;
  ruleId: number;
  messages: { id: number; conversation_id: number }[];
  texters: number[];
}

/**
 * A queue's worth of history for the moderation reports, in November 2026 (times from FLAGS_T0):
 * - Ana (auditor) flags message 0 `inappropriate` at 0; Mo defers it at 10, reopens at 20, agrees at 90;
 * - Ana flags message 2 with the custom type `doxxing` at 5; Mo disagrees at 35;
 * - Ana flags message 4 `spam` at 6, still pending;
 * - the Profanity rule flags message 1 (the contact's) `inappropriate` at 7; Moe agrees at 67;
 * - and in December (2026-12-01) Ana flags message 4 `off_topic`, pending.
 */
export async function seedFlagHistory(
  db: Db,
  password = 'correct horse battery staple',
): Promise<SeededFlags> {
  await seedCampaigns(db, [{ title: 'Vote', conversations: 3, newest: FLAGS_T0 }]);
  const messages = await seedMessages(db, ['You idiot', 'STOP']);
  const user = (email: string, name: string, role: 'auditor' | 'moderator') =>
    createUser(db, { email, name, role, password }).then((u) => u.id);
  const auditor = await user('ana.auditor@example.org', 'Ana', 'auditor');
  const moderator = await user('mo@example.org', 'Mo', 'moderator');
  const moderator2 = await user('moe@example.org', 'Moe', 'moderator');
  const rule = await db
    .selectFrom('moderation_rules')
    .select('id')
    .where('name', '=', 'Profanity')
    .executeTakeFirstOrThrow();
  const [m0, m1, m2, , m4] = messages;
  const ana = { userId: auditor };
  const a = await raiseFlag(db, { messageId: m0!.id, type: 4, flagger: ana, now: FLAGS_T0 });
  await resolveItem(db, { itemId: a.itemId, actorId: moderator, action: 'defer', now: minutes(10) });
  await reopenItem(db, { itemId: a.itemId, actorId: moderator, now: minutes(20) });
  await resolveItem(db, { itemId: a.itemId, actorId: moderator, action: 'agree', now: minutes(90) });
  const custom = await db
    .insertInto('flag_types')
    .values({ name_key: 'doxxing', name: 'Doxxing', severity: 4 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const b = await raiseFlag(db, { messageId: m2!.id, type: custom.id, flagger: ana, now: minutes(5) });
  await resolveItem(db, { itemId: b.itemId, actorId: moderator, action: 'disagree', now: minutes(35) });
  await raiseFlag(db, { messageId: m4!.id, type: 8, flagger: ana, now: minutes(6) });
  const c = await raiseFlag(db, {
    messageId: m1!.id,
    type: 4,
    flagger: { ruleId: rule.id },
    now: minutes(7),
  });
  await resolveItem(db, { itemId: c.itemId, actorId: moderator2, action: 'agree', now: minutes(67) });
  await raiseFlag(db, { messageId: m4!.id, type: 3, flagger: ana, now: new Date('2026-12-01T12:00:00Z') });
  const texters = await db
    .selectFrom('messages')
    .select('texter_id')
    .where(
      'id',
      'in',
      messages.map((m) => m.id),
    )
    .orderBy('id')
    .execute();
  return {
    auditor,
    moderator,
    moderator2,
    ruleId: rule.id,
    messages,
    texters: texters.map((t) => t.texter_id ?? 0),
  };
}
