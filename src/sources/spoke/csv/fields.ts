import { type RawBuilder, sql } from 'kysely';
import type { ImportProblemCode } from '../../../../common/api/import-problems.js';
import { conversationKeyByCellSql, E164_SQL_PATTERN, texterKeySql } from '../../../conversations/index.js';
import type { FieldMap, Layout } from './layouts.js';
import type { RawTable } from './raw.js';

/** How a field's values are read and checked. */
export type FieldKind = 'text' | 'boolean' | 'date' | 'phone';

/** One check over a raw column: which rows are bad and why (a problem without params, in English). */
export interface Check {
  header: string;
  code: Extract<ImportProblemCode, 'missing_value' | 'not_boolean' | 'unparseable_date' | 'not_phone'>;
  reason: string;
  /** True for a bad value of alias `r`'s row. */
  bad: RawBuilder<boolean>;
  value: RawBuilder<string | null>;
}

/**
 * SQL expressions over the raw table of one staged file (alias `r`): the logical fields of its
 * layout, read and normalised. Column names are generated (`c3`), never taken from the file.
 */
export class FileFields {
  constructor(
    readonly layout: Layout,
    readonly raw: RawTable,
  ) {}

  has(field: keyof FieldMap): boolean {
    const header = this.layout.fields[field];
    return Array.isArray(header) ? header.length > 0 : header !== undefined;
  }

  /** The raw column of a header (`r.c3`). */
  column(header: string): RawBuilder<string | null> {
    const name = this.raw.columns.get(header);
    if (!name) throw new Error(`no column for header ${header}`);
    return sql.raw(`r.${name}`);
  }

  private header(field: keyof FieldMap): string | undefined {
    const header = this.layout.fields[field];
    return typeof header === 'string' ? header : undefined;
  }

  /** Trimmed text, null when empty or when the layout lacks the field. */
  text(field: keyof FieldMap): RawBuilder<string | null> {
    const header = this.header(field);
    return header ? sql`nullif(btrim(${this.column(header)}), '')` : sql`null::text`;
  }

  /** Text exactly as written (message bodies: contact text is stored as is). */
  verbatim(field: keyof FieldMap): RawBuilder<string> {
    const header = this.header(field);
    return header ? sql`coalesce(${this.column(header)}, '')` : sql`''`;
  }

  boolean(field: keyof FieldMap): RawBuilder<boolean | null> {
    const header = this.header(field);
    return header ? sql`spoke_boolean(${this.column(header)})` : sql`null::boolean`;
  }

  /** True when any of the opt-out columns says so. */
  optedOut(): RawBuilder<boolean | null> {
    const headers = this.layout.fields.optOut ?? [];
    if (headers.length === 0) return sql`null::boolean`;
    return sql`coalesce(${sql.join(
      headers.map((h) => sql`spoke_boolean(${this.column(h)})`),
      sql` or `,
    )}, false)`;
  }

  date(field: keyof FieldMap): RawBuilder<Date | null> {
    const header = this.header(field);
    return header ? sql`spoke_timestamptz(${this.column(header)})` : sql`null::timestamptz`;
  }

  /** E.164: as written when it already is, else through the numbers normalised in `imp_phones`. */
  phone(field: keyof FieldMap): RawBuilder<string | null> {
    const header = this.header(field);
    if (!header) return sql`null::text`;
    const value = sql`btrim(${this.column(header)})`;
    return sql`(case when ${value} ~ ${E164_SQL_PATTERN} then ${value}
                     else (select p.e164 from imp_phones p where p.raw = ${value}) end)`;
  }

  campaignKey(): RawBuilder<string> {
    return sql`btrim(${this.column(this.layout.fields.campaign)})`;
  }

  /** keys.ts: the contact's id when the layout has it, else campaign and E.164 cell. */
  conversationKey(): RawBuilder<string> {
    if (this.has('conversationId')) return this.text('conversationId') as RawBuilder<string>;
    return conversationKeyByCellSql(this.campaignKey(), this.phone('cell'));
  }

  texterKey(): RawBuilder<string | null> {
    if (this.layout.texterIs === null) return sql`null::text`;
    return texterKeySql(
      this.text('texterEmail'),
      this.phone('texterCell'),
      this.text('texterFirst'),
      this.text('texterLast'),
    );
  }

  /**
   * Every check of this layout's fields (see validate.ts): a row passes exactly when the readers
   * above can read it, so they are only run to explain why staging failed.
   */
  checks(): Check[] {
    const { fields, role } = this.layout;
    const checks: Check[] = [];
    const add = (header: string | undefined, kind: FieldKind, required: boolean) => {
      if (!header) return;
      const value = this.column(header);
      const empty = sql<boolean>`nullif(btrim(${value}), '') is null`;
      if (required)
        checks.push({ header, code: 'missing_value', reason: 'missing value', bad: empty, value });
      const valid =
        kind === 'boolean'
          ? sql`spoke_is_boolean(${value})`
          : kind === 'date'
            ? sql`spoke_is_timestamptz(${value})`
            : kind === 'phone'
              ? sql`(btrim(${value}) ~ ${E164_SQL_PATTERN}
                     or (select p.e164 from imp_phones p where p.raw = btrim(${value})) is not null)`
              : null;
      if (!valid) return;
      const [code, reason] =
        kind === 'boolean'
          ? (['not_boolean', 'not true or false'] as const)
          : kind === 'date'
            ? (['unparseable_date', 'unparseable date'] as const)
            : (['not_phone', 'not a phone number'] as const);
      checks.push({ header, code, reason, bad: sql<boolean>`(not ${empty} and not ${valid})`, value });
    };
    add(fields.campaign, 'text', true);
    add(fields.conversationId, 'text', true);
    // The cell keys the conversation unless the layout has contact ids (then it is not read).
    if (role !== 'messages' || !fields.conversationId) add(fields.cell, 'phone', true);
    if (role !== 'messages' || this.layout.texterIs === 'sender') add(fields.texterCell, 'phone', false);
    for (const header of fields.optOut ?? []) add(header, 'boolean', false);
    add(fields.createdAt, 'date', false);
    add(fields.updatedAt, 'date', false);
    if (role !== 'contacts') {
      add(fields.fromContact, 'boolean', true);
      add(fields.sentAt, 'date', true);
    }
    return checks;
  }

  /** Phone columns whose values need `imp_phones` (checked and normalised). */
  phoneHeaders(): string[] {
    const { fields, role } = this.layout;
    const headers = [fields.cell, fields.texterCell];
    if (role === 'messages' && fields.conversationId) headers[0] = undefined;
    return headers.filter((h): h is string => h !== undefined);
  }
}
