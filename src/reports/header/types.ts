/** Parameter types of the report header (docs/reports.md), their aliases and PostgreSQL types. */
import { REPORT_ID_TYPES, type ReportIdType } from '../../../common/report-ids.js';

export const PARAM_TYPES = [
  'int',
  'bigint',
  'double',
  'boolean',
  'string',
  'date',
  'time',
  'datetime',
  'int_list',
  'bigint_list',
  'string_list',
  'user_id',
  'texter_id',
  'campaign_id',
  'conversation_id',
  'message_id',
] as const;

export type ParamType = (typeof PARAM_TYPES)[number];

export const TYPE_ALIASES: Readonly<Record<string, ParamType>> = {
  integer: 'int',
  text: 'string',
  timestamp: 'datetime',
};

export const ID_TYPES = REPORT_ID_TYPES;
export type IdType = ReportIdType;

/** The PostgreSQL type each parameter is sent as (an explicit cast on its placeholder). */
export const PG_TYPES: Readonly<Record<ParamType, string>> = {
  int: 'int',
  bigint: 'bigint',
  double: 'double precision',
  boolean: 'boolean',
  string: 'text',
  date: 'date',
  time: 'time',
  datetime: 'timestamptz',
  int_list: 'int[]',
  bigint_list: 'bigint[]',
  string_list: 'text[]',
  user_id: 'bigint',
  texter_id: 'bigint',
  campaign_id: 'bigint',
  conversation_id: 'bigint',
  message_id: 'bigint',
};

export function resolveType(word: string): ParamType | null {
  const lower = word.toLowerCase();
  if ((PARAM_TYPES as readonly string[]).includes(lower)) return lower as ParamType;
  return TYPE_ALIASES[lower] ?? null;
}

export function isListType(type: ParamType): boolean {
  return type.endsWith('_list');
}

export function isIdType(type: ParamType): type is IdType {
  return (ID_TYPES as readonly string[]).includes(type);
}
