import { type TSchema, Type } from 'typebox';
import type { NumberRange } from '../limits.js';

/** Schema helpers every API shape uses, defined once so every reply writes dates and nulls alike. */

/** A timestamp as the API sends it: ISO 8601 text (`Date.toISOString()`). */
export const DateTime = Type.String({ format: 'date-time' });

/** The schema, or null. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A row id as a client sends it (path parameters, references in bodies). */
export const Id = Type.Integer({ minimum: 1 });

/** The `:id` of a route path. */
export const IdParams = Type.Object({ id: Id });

/** A range of `common/limits.ts` as number schema options (a bound left out stays out of the schema). */
export function bounds({ min, max }: NumberRange): { minimum?: number; maximum?: number } {
  return { ...(min === undefined ? {} : { minimum: min }), ...(max === undefined ? {} : { maximum: max }) };
}
