import { scanJson } from '../../common/json-locate.js';
import type { BotIssue } from './issues.js';

export type ParsedJson = { ok: true; value: unknown } | { ok: false; issue: BotIssue };

/** JSON.parse, with a syntax error turned into an issue naming its line and column. */
export function parseJsonText(text: string, file: NonNullable<BotIssue['file']>): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch (error) {
    const scanned = scanJson(text);
    if (scanned.ok) {
      // JSON.parse refused what the scanner accepts (should not happen): keep its own words.
      return { ok: false, issue: { file, path: '$', message: `invalid JSON: ${String(error)}` } };
    }
    const { line, column } = scanned.at;
    return {
      ok: false,
      issue: { file, path: '$', message: `invalid JSON at ${line}:${column}: ${scanned.message}`, line },
    };
  }
}
