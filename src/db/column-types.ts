import type { ColumnType } from 'kysely';

/**
 * Column types the generated src/db/types.ts refers to (see the COLUMN_TYPES table in
 * src/db/codegen.ts): what PostgreSQL alone cannot say — the shape of a json column, a text column
 * limited by a CHECK to a few values. Hand-written; the generator never touches this file.
 */

/**
 * A json/jsonb column: read back parsed, written as JSON text (the code JSON.stringifies values,
 * because pg would send a JS array as a PostgreSQL array).
 */
export type JsonColumn<T = unknown> = ColumnType<T, string, string>;

/** A json column the code does not look inside (the default for json columns not listed). */
export type JsonData = JsonColumn;
export type JsonRecord = JsonColumn<Record<string, unknown>>;
export type JsonList = JsonColumn<unknown[]>;

/** imports.counts: rows read or written per table. */
export type ImportCounts = JsonColumn<Record<string, number>>;

export interface RubricItemRow {
  key: string;
  label: string;
  description: string;
  weight: number;
  critical: boolean;
}
export type RubricItems = JsonColumn<RubricItemRow[]>;

/** audits.scores: rubric item key → passed. */
export type AuditScores = JsonColumn<Record<string, boolean>>;

/** audit_settings.id: the table's single row; never written by the code. */
export type SingletonKey = ColumnType<boolean, never, never>;

/** user_tokens.purpose: an invitation or a password reset link. */
export type UserTokenPurpose = 'invite' | 'reset';

export type BotEndReason = 'finished' | 'timeout' | 'gave_up' | 'error';
export type BotEndAction = 'finish' | 'restart';

/** bot_questions intro/options/yesnogroup: written once with the revision, never updated. */
export type BotQuestionTexts = ColumnType<string[], string, never>;
export type BotQuestionItems = ColumnType<unknown[], string, never>;

/** bot_conversations.responses: questionnaire answers by question code. */
export type BotResponses = JsonColumn<Record<string, string | number>>;
