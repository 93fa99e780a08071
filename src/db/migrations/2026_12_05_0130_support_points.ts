import { type Kysely, sql } from 'kysely';

/**
 * The support-point directory and the geocoding cache (docs/chatbot.md#cep-lookup-and-support-points).
 *
 * Nearest points are found with a haversine expression behind a bounding box on (lat, lng): plain
 * btree, so it works on every PostgreSQL Parley runs on (earthdistance/cube are contrib extensions
 * an embedded or managed server may lack).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table support_points (
    id bigint generated always as identity primary key,
    name text not null check (length(name) between 1 and 200),
    category text not null default '' check (length(category) <= 100),
    address text not null default '' check (length(address) <= 500),
    phone text not null default '' check (length(phone) <= 50),
    lat double precision not null check (lat between -90 and 90),
    lng double precision not null check (lng between -180 and 180),
    notes text not null default '' check (length(notes) <= 2000),
    active boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`.execute(db);
  // The bounding box is a range on lat with lng checked from the index; only active points are listed.
  await sql`create index support_points_near on support_points (lat, lng) where active`.execute(db);
  await sql`create index support_points_name on support_points (lower(name) text_pattern_ops, id)`.execute(
    db,
  );
  // One row per (provider, CEP): a hit (lat/lng/label) or a miss (found = false), each until expires_at.
  await sql`create table geocode_cache (
    provider text not null,
    cep char(8) not null,
    found boolean not null,
    lat double precision,
    lng double precision,
    label text not null default '',
    expires_at timestamptz not null,
    primary key (provider, cep),
    check (not found or (lat is not null and lng is not null))
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists geocode_cache`.execute(db);
  await sql`drop table if exists support_points`.execute(db);
}
