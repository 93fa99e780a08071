import {
  AUDIT_SETTINGS_FIELDS,
  type AuditSettings,
  type AuditSettingsPatch,
} from '../../../../common/api/audit.js';
import { INT4_MAX } from '../../../../common/api/typebox.js';
import { AUDIT_SETTINGS_RANGES } from '../../../../common/limits.js';
import { checkNumber, type Problem } from './problems.js';

/** What a NumberInput holds: a number, or `''` when empty. */
export type NumberValue = number | string;

/**
 * The settings form, one field per setting (same names as the API, so server errors map by name).
 * `calibration_share` holds a percentage here; nullable numbers are `''` for "no limit".
 */
export interface SettingsValues {
  batch_size: NumberValue;
  assignment_ttl_minutes: NumberValue;
  resume_unfinished: boolean;
  calibration_share: NumberValue;
  pool_contact_replied: boolean;
  /** Comma-separated campaign ids; empty for every campaign. */
  pool_campaign_ids: string;
  pool_since_days: NumberValue;
  pool_min_messages: NumberValue;
  pool_retention_days: NumberValue;
  data_retention_days: NumberValue;
}

export type SettingsField = keyof AuditSettings;
export type SettingsProblems = Partial<Record<SettingsField, Problem>>;

export const SETTINGS_FIELDS = AUDIT_SETTINGS_FIELDS;

/** The settings edited as whole numbers. */
export type IntegerSetting = Exclude<keyof typeof AUDIT_SETTINGS_RANGES, 'calibration_share'>;

export function isSettingsField(name: string | undefined): name is SettingsField {
  return (SETTINGS_FIELDS as readonly string[]).includes(name ?? '');
}

/** Share 0..1 → percentage with at most two decimals (0.125 → 12.5). */
export function shareToPercent(share: number): number {
  return Math.round(share * 10_000) / 100;
}

/** Percentage → share 0..1, without floating-point dust (12.5 → 0.125). */
export function percentToShare(percent: number): number {
  return Math.round(percent * 100) / 10_000;
}

/** The range of `calibration_share` as the form shows it: a percentage. */
export const SHARE_PERCENT_RANGE = {
  min: shareToPercent(AUDIT_SETTINGS_RANGES.calibration_share.min),
  max: shareToPercent(AUDIT_SETTINGS_RANGES.calibration_share.max),
} as const;

export function toValues(settings: AuditSettings): SettingsValues {
  return {
    batch_size: settings.batch_size,
    assignment_ttl_minutes: settings.assignment_ttl_minutes,
    resume_unfinished: settings.resume_unfinished,
    calibration_share: shareToPercent(settings.calibration_share),
    pool_contact_replied: settings.pool_contact_replied,
    pool_campaign_ids: settings.pool_campaign_ids?.join(', ') ?? '',
    pool_since_days: settings.pool_since_days ?? '',
    pool_min_messages: settings.pool_min_messages,
    pool_retention_days: settings.pool_retention_days ?? '',
    data_retention_days: settings.data_retention_days ?? '',
  };
}

/** `"12, 7 ,12"` → `[12, 7]`; empty → null (every campaign); a token that is not an id → a problem. */
export function parseCampaignIds(text: string): { ids: number[] | null; problem?: Problem } {
  const tokens = text.split(/[\s,;]+/).filter((token) => token !== '');
  if (tokens.length === 0) return { ids: null };
  const ids: number[] = [];
  for (const token of tokens) {
    const id = Number(token);
    if (!/^\d+$/.test(token) || !Number.isSafeInteger(id) || id < 1 || id > INT4_MAX) {
      return { ids: null, problem: { code: 'campaignIds', token } };
    }
    if (!ids.includes(id)) ids.push(id);
  }
  return { ids };
}

interface Parsed {
  settings: AuditSettings;
  problems: SettingsProblems;
}

/** The form read back into settings, with a problem per invalid field (their settings value is then meaningless). */
export function parseValues(values: SettingsValues): Parsed {
  const problems: SettingsProblems = {};
  const integer = (field: IntegerSetting, nullable: boolean): number | null => {
    const value = values[field];
    if (nullable && value === '') return null;
    const problem = checkNumber(value, { ...AUDIT_SETTINGS_RANGES[field], integer: true });
    if (problem) problems[field] = problem;
    return Number(value);
  };

  const percentProblem = checkNumber(values.calibration_share, { ...SHARE_PERCENT_RANGE, integer: false });
  if (percentProblem) problems.calibration_share = percentProblem;

  const campaigns = parseCampaignIds(values.pool_campaign_ids);
  if (campaigns.problem) problems.pool_campaign_ids = campaigns.problem;

  const settings: AuditSettings = {
    batch_size: integer('batch_size', false) ?? 0,
    assignment_ttl_minutes: integer('assignment_ttl_minutes', false) ?? 0,
    resume_unfinished: values.resume_unfinished,
    calibration_share: percentToShare(Number(values.calibration_share)),
    pool_contact_replied: values.pool_contact_replied,
    pool_campaign_ids: campaigns.ids,
    pool_since_days: integer('pool_since_days', true),
    pool_min_messages: integer('pool_min_messages', false) ?? 0,
    pool_retention_days: integer('pool_retention_days', true),
    data_retention_days: integer('data_retention_days', true),
  };
  return { settings, problems };
}

/**
 * The fields the admin touched: read back differently, or invalid and no longer as loaded (an invalid
 * entry reads back as nothing useful, but is still a change waiting to be fixed or discarded).
 */
export function changedFields(initial: SettingsValues, values: SettingsValues): SettingsField[] {
  const patch = changedSettings(initial, values);
  const { problems } = parseValues(values);
  return SETTINGS_FIELDS.filter(
    (field) => field in patch || (problems[field] !== undefined && values[field] !== initial[field]),
  );
}

/**
 * Only the settings the admin changed, compared with the form as it was loaded (both read back the
 * same way, so `12.50` vs `12.5` or `3,4` vs `3, 4` is no change).
 */
export function changedSettings(initial: SettingsValues, values: SettingsValues): AuditSettingsPatch {
  const before = parseValues(initial).settings;
  const after = parseValues(values).settings;
  const patch: Record<string, unknown> = {};
  for (const field of SETTINGS_FIELDS) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) patch[field] = after[field];
  }
  return patch as AuditSettingsPatch;
}
