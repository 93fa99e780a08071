import { describe, expect, it } from 'vitest';
import { AUDIT_SETTINGS_RANGES } from '../limits.js';
import { AuditSettings } from './audit.js';
import { bounds } from './typebox.js';

type Schema = Readonly<Record<string, unknown>>;

/** The non-null branch of a `Nullable(…)` schema; the schema itself otherwise. */
function nonNull(schema: Schema): Schema {
  const anyOf = schema.anyOf;
  return Array.isArray(anyOf)
    ? ((anyOf as Schema[]).find((branch) => branch.type !== 'null') ?? schema)
    : schema;
}

describe('bounds', () => {
  it('leaves a missing bound out of the schema (an undefined `maximum` would be a broken keyword)', () => {
    expect(bounds({ min: 1 })).toStrictEqual({ minimum: 1 });
    expect(bounds({ max: 9 })).toStrictEqual({ maximum: 9 });
    expect(bounds({ min: 0, max: 1 })).toStrictEqual({ minimum: 0, maximum: 1 });
  });
});

describe('AuditSettings', () => {
  it('takes every numeric setting range from common/limits.ts, so the form checks what the server checks', () => {
    const properties = AuditSettings.properties as unknown as Record<string, Schema>;
    const numeric = Object.entries(properties).filter(([, schema]) =>
      ['integer', 'number'].includes(String(nonNull(schema).type)),
    );
    expect(numeric.map(([field]) => field).sort()).toStrictEqual(Object.keys(AUDIT_SETTINGS_RANGES).sort());
    for (const [field, schema] of numeric) {
      const range = AUDIT_SETTINGS_RANGES[field as keyof typeof AUDIT_SETTINGS_RANGES];
      expect({ field, ...bounds(range) }).toStrictEqual({
        field,
        ...(nonNull(schema).minimum === undefined ? {} : { minimum: nonNull(schema).minimum }),
        ...(nonNull(schema).maximum === undefined ? {} : { maximum: nonNull(schema).maximum }),
      });
    }
  });
});
