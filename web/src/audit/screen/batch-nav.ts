import type { BatchItem } from '../../../../common/api/audit.js';

/**
 * The first unaudited item after `currentId` in batch order, wrapping around to the start, or null
 * when every other item is audited. With no current item, the first unaudited one.
 */
export function nextUnaudited(items: readonly BatchItem[], currentId: number | null): number | null {
  const start = items.findIndex((item) => item.conversation_id === currentId);
  for (let step = 1; step <= items.length; step++) {
    const item = items[(start + step + items.length) % items.length];
    if (item && item.audited_at === null && item.conversation_id !== currentId) return item.conversation_id;
  }
  return null;
}

/** The item `delta` places away from `currentId` in batch order (no wrapping), or null at either end. */
export function neighbour(items: readonly BatchItem[], currentId: number, delta: 1 | -1): number | null {
  const index = items.findIndex((item) => item.conversation_id === currentId);
  if (index < 0) return null;
  return items[index + delta]?.conversation_id ?? null;
}
