import type { MergeCounts } from '../../../conversations/index.js';

const TABLES = [
  ['conversations', 'conversations'],
  ['messages', 'messages'],
  ['texters', 'texters'],
  ['campaigns', 'campaigns'],
  ['opt_outs', 'opt-outs'],
] as const;

/** One line for people: "12 conversations new, 3 changed; 80 messages new; …" (or "nothing changed"). */
export function summarise(counts: MergeCounts): string {
  const parts = TABLES.flatMap(([table, label]) => {
    const inserted = counts[`${table}_inserted`] ?? 0;
    const updated = counts[`${table}_updated`] ?? 0;
    if (inserted + updated === 0) return [];
    const bits = [inserted > 0 ? `${inserted} new` : '', updated > 0 ? `${updated} changed` : ''].filter(
      Boolean,
    );
    return [`${label}: ${bits.join(', ')}`];
  });
  const orphaned = counts.messages_orphaned ?? 0;
  if (orphaned > 0) parts.push(`${orphaned} messages skipped (no contact)`);
  return parts.length > 0 ? parts.join('; ') : 'nothing changed';
}
