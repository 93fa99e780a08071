import { AuditSettings, RubricItem, SaveRubricBody } from '../../../../common/api/audit.js';

/**
 * Limits of the audit settings and rubric, read from the request schemas in `common/api/audit.ts` so the
 * form checks what the server checks. TypeBox does not type schema options, hence the reading at run time.
 */

type Schema = Readonly<Record<string, unknown>>;

function numberKeyword(schema: Schema, name: string): number | undefined {
  const value = schema[name];
  return typeof value === 'number' ? value : undefined;
}

/** The non-null branch of a `Nullable(…)` schema (an `anyOf` of the schema and null); the schema itself otherwise. */
function nonNull(schema: Schema): Schema {
  const anyOf = schema.anyOf;
  if (!Array.isArray(anyOf)) return schema;
  return (anyOf as Schema[]).find((branch) => branch.type !== 'null') ?? schema;
}

export interface NumberRange {
  min?: number;
  max?: number;
}

function range(schema: Schema): NumberRange {
  const inner = nonNull(schema);
  return { min: numberKeyword(inner, 'minimum'), max: numberKeyword(inner, 'maximum') };
}

const settings = AuditSettings.properties as unknown as Record<keyof AuditSettings, Schema>;
const item = RubricItem.properties as unknown as Record<string, Schema>;

export const SETTINGS_RANGES = {
  batch_size: range(settings.batch_size),
  assignment_ttl_minutes: range(settings.assignment_ttl_minutes),
  calibration_share: range(settings.calibration_share),
  pool_since_days: range(settings.pool_since_days),
  pool_min_messages: range(settings.pool_min_messages),
  pool_retention_days: range(settings.pool_retention_days),
  data_retention_days: range(settings.data_retention_days),
} satisfies Partial<Record<keyof AuditSettings, NumberRange>>;

const keyPattern = item.key?.pattern;
const itemsSchema = (SaveRubricBody.properties as unknown as Record<string, Schema>).items ?? {};

export const RUBRIC_LIMITS = {
  keyPattern: new RegExp(typeof keyPattern === 'string' ? keyPattern : '^[a-z][a-z0-9_]{0,39}$'),
  labelMax: numberKeyword(item.label ?? {}, 'maxLength') ?? 80,
  descriptionMax: numberKeyword(item.description ?? {}, 'maxLength') ?? 500,
  weight: range(item.weight ?? {}),
  minItems: numberKeyword(itemsSchema, 'minItems') ?? 1,
  maxItems: numberKeyword(itemsSchema, 'maxItems') ?? 9,
};
