import type { ImportProgress, SpokeImportView } from '../../../common/api/imports.js';
import type { ImportRecord } from './queries.js';

function progressOf(record: ImportRecord): ImportProgress | null {
  const p = record.progress;
  if (record.status !== 'running' || typeof p.phase !== 'string') return null;
  return {
    phase: p.phase,
    done: Math.round(p.done ?? 0),
    total: p.total === null || p.total === undefined ? null : Math.round(p.total),
    unit: p.unit === 'bytes' ? 'bytes' : 'rows',
  };
}

/** An import as the API shows it: uploaded files until it ran, then what it found in them. */
export function presentSpokeImport(record: ImportRecord): SpokeImportView {
  const ran = record.files.length > 0;
  const files = ran
    ? record.files.map((f) => ({
        name: f.name,
        bytes: f.bytes ?? null,
        layout: f.layout ?? null,
        role: f.role ?? null,
        rows: f.rows ?? null,
        paired_with: f.pairedWith ?? null,
        recency: f.recency ?? null,
        time_column: f.timeColumn ?? null,
      }))
    : record.uploads.map((u) => ({
        name: u.name,
        bytes: u.bytes,
        layout: null,
        role: null,
        rows: null,
        paired_with: null,
        recency: null,
        time_column: null,
      }));
  return {
    id: record.id,
    kind: record.kind,
    source: record.source ?? (typeof record.options.source === 'string' ? record.options.source : null),
    status: record.status,
    started_at: new Date(record.started_at).toISOString(),
    finished_at: record.finished_at ? new Date(record.finished_at).toISOString() : null,
    files,
    progress: progressOf(record),
    counts: record.counts,
    errors: record.errors.map((e) => ({
      file: e.file,
      line: e.line,
      column: e.column,
      // Problems recorded before problems had codes have none (nor params).
      ...(e.code !== undefined && { code: e.code }),
      ...(e.params !== undefined && { params: e.params }),
      reason: e.reason,
      ...(e.value !== undefined && { value: e.value }),
    })),
    error_count: record.error_count,
    error_rows: record.error_rows ?? 0,
    message: record.message,
    warnings: record.warnings.map((w) => ({ kind: w.kind, detail: w.detail })),
  };
}
