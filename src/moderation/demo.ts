import type { Db } from '../db/index.js';
import { raiseFlag } from './commands/raise-flag.js';
import { claimItem, reopenItem, resolveItem } from './commands/transitions.js';
import { runRulesOnNewMessages } from './rules/run.js';

const HOUR = 3_600_000;

/**
 * Demo flags in every state, so the queue and the reports have something to show: pending (one
 * older than the digest age), claimed, agreed, disagreed, deferred, and reopened; then the built-in
 * rules over the demo's messages. Only when there is no flag yet; `actorId` flags and resolves.
 */
export async function seedDemoModeration(db: Db, actorId: number, now: Date): Promise<number> {
  if (await db.selectFrom('flags').select('id').limit(1).executeTakeFirst()) return 0;
  const messages = await db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .innerJoin('sources as s', 's.id', 'c.source_id')
    .select(['m.id', 'm.conversation_id'])
    .where('s.name', '=', 'demo')
    .where('m.from_contact', '=', false)
    .orderBy('m.conversation_id')
    .limit(6)
    .execute();
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR);
  const plan = [
    { type: 'inappropriate', hoursAgo: 72, note: 'Pushy tone after the contact said no.' },
    { type: 'notify_user', hoursAgo: 5, note: 'Forgot to introduce themselves.' },
    { type: 'spam', hoursAgo: 120, note: null },
    { type: 'off_topic', hoursAgo: 50, note: 'Talked about another campaign.' },
    { type: 'notify_moderators', hoursAgo: 30, note: null },
    { type: 'illegal', hoursAgo: 10, note: 'Shared a personal phone number.' },
  ];
  let raised = 0;
  for (const [index, message] of messages.entries()) {
    const step = plan[index]!;
    const created = at(step.hoursAgo);
    const { itemId } = await raiseFlag(db, {
      messageId: message.id,
      conversationId: message.conversation_id,
      type: step.type,
      note: step.note ?? undefined,
      flagger: { userId: actorId },
      now: created,
    });
    raised++;
    const later = (hours: number) => new Date(created.getTime() + hours * HOUR);
    const input = { itemId, actorId };
    if (index === 1) await claimItem(db, { ...input, claimMinutes: 24 * 60, now: now });
    if (index === 2)
      await resolveItem(db, { ...input, action: 'agree', note: 'Texter warned.', now: later(0.75) });
    if (index === 3) await resolveItem(db, { ...input, action: 'disagree', now: later(3) });
    if (index === 4)
      await resolveItem(db, { ...input, action: 'defer', note: 'Ask the campaign lead.', now: later(1) });
    if (index === 5) {
      await resolveItem(db, { ...input, action: 'defer', now: later(1) });
      await reopenItem(db, { ...input, note: 'Needs a decision after all.', now: later(2) });
    }
  }
  const rules = await runRulesOnNewMessages(db, now);
  return raised + rules.flagged;
}
