import { type Kysely, sql } from 'kysely';

/**
 * A CEP question's own number of support points and search radius
 * (docs/chatbot.md#cep-lookup-and-support-points). Null: the defaults (3 within 50 km), so every
 * question saved before keeps its behaviour. The limits are the bundle validator's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table bot_questions
    add column cep_points integer check (cep_points between 1 and 10),
    add column cep_radius_km integer check (cep_radius_km between 1 and 5000),
    add constraint bot_questions_cep_settings
      check (type = 'cep_address_lookup' or (cep_points is null and cep_radius_km is null))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table bot_questions
    drop constraint bot_questions_cep_settings,
    drop column cep_points,
    drop column cep_radius_km`.execute(db);
}
