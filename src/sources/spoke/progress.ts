/** Where a running import stands, for the CLI bar and the `imports` row the UI polls. */
export interface Progress {
  /** What is being done: `reading <table>`, `staging <file>`, `checking`, `merging`, … */
  phase: string;
  /** Rows (or bytes, see `unit`) done in this phase, and the expected total when known. */
  done: number;
  total: number | null;
  unit: 'rows' | 'bytes';
}

export type ProgressListener = (progress: Progress) => void;

export const noProgress: ProgressListener = () => undefined;
