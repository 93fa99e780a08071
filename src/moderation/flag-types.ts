import type { Selectable } from 'kysely';
import type { CreateFlagTypeBody, UpdateFlagTypeBody } from '../../common/api/moderation.js';
import type { Db } from '../db/index.js';
import type { FlagTypes } from '../db/types.js';
import { Conflict, Invalid, NotFound } from '../errors.js';

export type FlagTypeRow = Selectable<FlagTypes>;

export function listFlagTypes(db: Db): Promise<FlagTypeRow[]> {
  return db.selectFrom('flag_types').selectAll().orderBy('id').execute();
}

/** A type by id or name_key, for raising a flag: unknown or disabled types are refused. */
export async function findEnabledFlagType(db: Db, type: number | string): Promise<FlagTypeRow> {
  const row = await db
    .selectFrom('flag_types')
    .selectAll()
    .where(typeof type === 'number' ? 'id' : 'name_key', '=', type)
    .executeTakeFirst();
  if (!row?.enabled) {
    throw new Invalid(`Unknown flag type: ${type}.`, [{ field: 'type', value: type }], 'unknown_flag_type');
  }
  return row;
}

const isUniqueViolation = (error: unknown) => (error as { code?: unknown }).code === '23505';

export async function createFlagType(db: Db, body: CreateFlagTypeBody, now: Date): Promise<FlagTypeRow> {
  try {
    return await db
      .insertInto('flag_types')
      .values({
        name_key: body.name_key,
        name: body.name,
        description: body.description ?? '',
        severity: body.severity ?? 2,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error))
      throw new Conflict(`A flag type "${body.name_key}" exists.`, 'flag_type_taken');
    throw error;
  }
}

export async function updateFlagType(
  db: Db,
  id: number,
  body: UpdateFlagTypeBody,
  now: Date,
): Promise<FlagTypeRow> {
  const row = await db
    .updateTable('flag_types')
    .set({
      ...(body.name === undefined ? {} : { name: body.name }),
      ...(body.description === undefined ? {} : { description: body.description }),
      ...(body.severity === undefined ? {} : { severity: body.severity }),
      ...(body.enabled === undefined ? {} : { enabled: body.enabled }),
      updated_at: now,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new NotFound('Flag type');
  return row;
}
