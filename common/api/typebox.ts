import { type TSchema, Type } from 'typebox';
import type { NumberRange } from '../limits.js';

/** Schema helpers every API shape uses, defined once so every reply writes dates and nulls alike. */

/** A timestamp as the API sends it: ISO 8601 text (`Date.toISOString()`). */
export const DateTime = Type.String({ format: 'date-time' });

/** A day, YYYY-MM-DD; year 0000 does not exist (PostgreSQL refuses it), so it is refused here. */
export const Day = Type.String({
  format: 'date',
  pattern: '^(?!0000)[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  description: 'A day, YYYY-MM-DD',
});

/** The schema, or null. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** The largest value of a PostgreSQL `integer` (int4) column. */
export const INT4_MAX = 2_147_483_647;

/**
 * The largest `bigint` id the API takes: JavaScript's largest safe integer (pg hands int8 columns
 * over as numbers, see src/db/index.ts), far above any id a row will get.
 */
export const BIGINT_ID_MAX = Number.MAX_SAFE_INTEGER;

/**
 * A row id of an `integer` column as a client sends it (path parameters, references in bodies).
 * The maximum is the column's: a larger number is refused as invalid (400) instead of reaching
 * PostgreSQL, which would fail on it.
 */
export const Id = Type.Integer({ minimum: 1, maximum: INT4_MAX });

/** A row id of a `bigint` column (conversations, imports). */
export const BigId = Type.Integer({ minimum: 1, maximum: BIGINT_ID_MAX });

/** A positive number of an `integer` column that is not an id (a revision number). */
export const PositiveInt4 = Type.Integer({ minimum: 1, maximum: INT4_MAX });

/**
 * A path's text as an `integer` id, or null when it cannot be one: for code that must look a row
 * up before the route's schema has checked its parameters (a signature check, a page).
 */
export function int4IdOf(text: unknown): number | null {
  const raw = String(text ?? '');
  if (!/^[1-9][0-9]{0,9}$/.test(raw)) return null;
  const id = Number(raw);
  return id <= INT4_MAX ? id : null;
}

/** The `:id` of a route path whose table has an `integer` id. */
export const IdParams = Type.Object({ id: Id });

/** The `:id` of a route path whose table has a `bigint` id. */
export const BigIdParams = Type.Object({ id: BigId });

/** A range of `common/limits.ts` as number schema options (a bound left out stays out of the schema). */
export function bounds({ min, max }: NumberRange): { minimum?: number; maximum?: number } {
  return { ...(min === undefined ? {} : { minimum: min }), ...(max === undefined ? {} : { maximum: max }) };
}
