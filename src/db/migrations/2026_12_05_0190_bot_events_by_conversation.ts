import { type Kysely, sql } from 'kysely';

/**
 * A conversation's analytics events in the order they were recorded (docs/chatbot-studio.md,
 * "Where people drop off"): the drop-off numbers start from each conversation's last event, read
 * backwards from this index instead of sorting the conversation's events; the compatibility view's
 * "event before a timeout" reads it the same way. It replaces the index on the conversation alone,
 * which it serves too, so appending an event still updates one index here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index bot_events_conversation_order_idx on bot_events (conversation_id, id)`.execute(db);
  await sql`drop index bot_events_conversation_idx`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index bot_events_conversation_idx on bot_events (conversation_id)`.execute(db);
  await sql`drop index bot_events_conversation_order_idx`.execute(db);
}
