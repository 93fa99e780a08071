/** A report as stored (or shipped as a built-in file). */
export interface Report {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly body: string;
  readonly sourceId: number | null;
  readonly searchPath: string | null;
  readonly timeoutSeconds: number | null;
  /** Roles besides admin that may run it. */
  readonly runRoles: readonly string[];
  readonly builtin: boolean;
  readonly updatedAt: Date | null;
}

export type RunVia = 'web' | 'cli' | 'export' | 'schedule';

export const DEFAULT_TIMEOUT_SECONDS = 30;
export const DEFAULT_ROW_LIMIT = 1000;
export const MAX_ROW_LIMIT = 100_000;
