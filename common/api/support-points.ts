import { type Static, Type } from 'typebox';
import { BigId, Nullable } from './typebox.js';

/**
 * API shapes of the support-point directory (docs/chatbot.md#cep-lookup-and-support-points): the
 * services a `cep_address_lookup` question lists near the user's CEP. Shared by the server and the web UI.
 */

export const SUPPORT_POINT_LIMITS = {
  name: 200,
  category: 100,
  address: 500,
  phone: 50,
  notes: 2000,
  /** Rows of one CSV import. */
  importRows: 100_000,
  /** Characters of one CSV import (the text in the JSON body). */
  importChars: 20_000_000,
  pageMax: 200,
} as const;

const L = SUPPORT_POINT_LIMITS;

export const SupportPointBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: L.name, pattern: '\\S' }),
    category: Type.String({ maxLength: L.category }),
    address: Type.String({ maxLength: L.address }),
    phone: Type.String({ maxLength: L.phone }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    notes: Type.String({ maxLength: L.notes }),
    active: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type SupportPointBody = Static<typeof SupportPointBody>;

export const SupportPointView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  category: Type.String(),
  address: Type.String(),
  phone: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
  notes: Type.String(),
  active: Type.Boolean(),
});
export type SupportPointView = Static<typeof SupportPointView>;

export const SupportPointParams = Type.Object({ id: BigId });
export type SupportPointParams = Static<typeof SupportPointParams>;

export const SupportPointQuery = Type.Object(
  {
    /** Part of the name, address or phone (case-insensitive). */
    q: Type.Optional(Type.String({ maxLength: 200 })),
    category: Type.Optional(Type.String({ maxLength: L.category })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: L.pageMax, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 })),
  },
  { additionalProperties: false },
);
export type SupportPointQuery = Static<typeof SupportPointQuery>;

export const SupportPointPage = Type.Object({
  items: Type.Array(SupportPointView),
  /** How many points match the search. */
  total: Type.Integer(),
  /** Every category in the directory, sorted. */
  categories: Type.Array(Type.String()),
});
export type SupportPointPage = Static<typeof SupportPointPage>;

export const SupportPointImportBody = Type.Object(
  {
    csv: Type.String({ maxLength: L.importChars }),
    /** Replace the whole directory with the file's points (default: add them). */
    replace: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type SupportPointImportBody = Static<typeof SupportPointImportBody>;

export const SupportPointImportResult = Type.Object({ imported: Type.Integer(), removed: Type.Integer() });
export type SupportPointImportResult = Static<typeof SupportPointImportResult>;

/**
 * Every problem a support-point CSV can have, with the names of its params. The web UI shows
 * `supportPoints.problems.<code>` (en.json, pt-BR.json); the server also sends an English `reason`.
 */
export const SUPPORT_POINT_PROBLEMS = {
  unreadable_csv: ['detail'],
  empty_file: [],
  too_many_rows: ['max'],
  duplicate_column: [],
  unknown_column: [],
  missing_column: [],
  field_count: ['fields', 'width'],
  missing_value: [],
  too_long: ['max'],
  not_number: [],
  out_of_range: ['min', 'max'],
  not_boolean: [],
} as const satisfies Record<string, readonly string[]>;

export type SupportPointProblemCode = keyof typeof SUPPORT_POINT_PROBLEMS;

/** One problem of an import: where (line 1 is the header; column by its header name) and what. */
export const SupportPointProblem = Type.Object({
  line: Type.Integer(),
  column: Nullable(Type.String()),
  code: Type.String(),
  params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  reason: Type.String(),
});
export type SupportPointProblem = Static<typeof SupportPointProblem>;

/** The `details` of a `support_points_import_rejected` error. */
export interface SupportPointImportRejected {
  readonly problems: readonly SupportPointProblem[];
}
