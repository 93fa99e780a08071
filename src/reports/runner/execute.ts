import pg from 'pg';
import Cursor from 'pg-cursor';
import type { ParamValue } from '../header/index.js';

/**
 * One run on one connection: `BEGIN READ ONLY`, the reports role when this login may take it, the
 * timeout and search path as local settings, the statement through a cursor (the extended
 * protocol, which refuses a second statement), always rolled back.
 */

export interface ExecuteOptions {
  readonly text: string;
  readonly values: readonly ParamValue[];
  readonly timeoutMs: number;
  readonly searchPath: string | null;
  /** Called with the backend's pid once known, so the run can be cancelled. */
  readonly onPid?: (pid: number) => void;
}

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
}

export type ColumnType = 'number' | 'text' | 'boolean' | 'date' | 'datetime' | 'time' | 'json' | 'other';

const TYPES: Record<number, ColumnType> = {
  16: 'boolean',
  20: 'number',
  21: 'number',
  23: 'number',
  26: 'number',
  700: 'number',
  701: 'number',
  1700: 'number',
  25: 'text',
  1043: 'text',
  1042: 'text',
  19: 'text',
  1082: 'date',
  1114: 'datetime',
  1184: 'datetime',
  1083: 'time',
  114: 'json',
  3802: 'json',
};

export function columnsOf(fields: readonly { name: string; dataTypeID: number }[]): Column[] {
  return fields.map((f) => ({ name: f.name, type: TYPES[f.dataTypeID] ?? 'other' }));
}

/** Whether this login may switch to `parley_reports` (memoised per connection). */
const mayUseRole = new WeakMap<pg.PoolClient, boolean>();

async function mayTakeReportsRole(client: pg.PoolClient): Promise<boolean> {
  let may = mayUseRole.get(client);
  if (may === undefined) {
    const { rows } = await client.query<{ may: boolean; is: boolean }>(
      `select current_user = 'parley_reports' as is,
              coalesce((select pg_has_role(current_user, oid, 'MEMBER') from pg_roles
                        where rolname = 'parley_reports'), false) as may`,
    );
    may = Boolean(rows[0]?.may) && !rows[0]?.is;
    mayUseRole.set(client, may);
  }
  return may;
}

/** Opens the run's transaction on `client` in one round trip; the caller rolls back. */
export async function beginRun(client: pg.PoolClient, options: ExecuteOptions): Promise<void> {
  const pid = (client as unknown as { processID?: number }).processID;
  if (options.onPid && pid !== undefined) options.onPid(pid);
  const role = (await mayTakeReportsRole(client)) ? 'set local role parley_reports; ' : '';
  // Both values are made here (a whole number, a fixed role name), never taken from a report.
  await client.query(
    `begin read only; ${role}set local statement_timeout = ${Math.max(1, Math.round(options.timeoutMs))}`,
  );
  if (options.searchPath !== null) {
    await client.query(`select set_config('search_path', $1, true)`, [options.searchPath]);
  }
}

/**
 * Dates, times and JSON stay as PostgreSQL's text (what psql shows): turning each into a Date or
 * an object only to write it out again as text would triple the cost of a large result. A bigint
 * is a number while a number can hold it exactly, else its text (never a silently rounded value).
 */
const AS_TEXT = new Set([1082, 1083, 1114, 1184, 1266, 114, 3802, 1186]);
const INT8 = 20;
const exactInt8 = (value: string): number | string => {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
};
const asText = (value: string) => value;
const reportTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (AS_TEXT.has(oid)) return asText;
    if (oid === INT8 && format !== 'binary') return exactInt8;
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as typeof pg.types.getTypeParser,
};

export function openCursor(client: pg.PoolClient, options: ExecuteOptions): Cursor<unknown[]> {
  return client.query(
    new Cursor<unknown[]>(options.text, [...options.values], { rowMode: 'array', types: reportTypes }),
  );
}

export function readCursor(cursor: Cursor<unknown[]>, count: number): Promise<unknown[][]> {
  return cursor.read(count) as Promise<unknown[][]>;
}

export function cursorColumns(cursor: Cursor<unknown[]>): Column[] {
  const result = (cursor as unknown as { _result?: { fields?: { name: string; dataTypeID: number }[] } })
    ._result;
  return columnsOf(result?.fields ?? []);
}

export interface Fetched {
  readonly columns: Column[];
  /** Rows handed over (at most the limit). */
  readonly count: number;
  readonly truncated: boolean;
}

/**
 * Rows are handed over this many at a time (the last batch may hold fewer). The web's streamed
 * answer was 12–20 % faster with 1,000 or 2,000 than with 10,000: smaller JSON pieces, fewer rows
 * alive at each collection, the socket's work spread among the reads.
 */
export const RUN_BATCH = 2_000;

type Parser = (value: string) => unknown;
type Field = { name: string; dataTypeID: number; format?: string };

/** pg's own handlers, which the query below calls before adding to them. */
interface QueryInternals {
  handleRowDescription(this: pg.Query, msg: { fields: Field[] }): void;
}
const base = pg.Query.prototype as unknown as QueryInternals;
const keepsText = (parse: Parser) =>
  parse === asText || parse === pg.types.getTypeParser(pg.types.builtins.TEXT, 'text');

/**
 * The statement in one Execute of at most `limit` + 1 rows: PostgreSQL sends them without waiting
 * to be asked again. Each row is the driver's own array of the texts it read, its few typed
 * values (numbers, booleans) parsed in place: no second array per row and no event per row, as
 * pg's Query would make. A suspended portal means more rows were left: the result was cut, and
 * that is the end of the run (pg would ask for the next page).
 */
class LimitedQuery extends pg.Query {
  truncated = false;
  columns: Column[] = [];
  /** A row's parse or hand-over failed: kept for the end, as pg's dispatch would lose it. */
  failure: unknown = null;
  private parsers: Parser[] = [];
  private parsed: number[] = [];

  constructor(
    options: ExecuteOptions,
    limit: number,
    private readonly onRow: (row: unknown[]) => void,
  ) {
    super({
      text: options.text,
      values: [...options.values],
      rowMode: 'array',
      types: reportTypes,
      rows: limit + 1,
    } as pg.QueryArrayConfig);
  }

  handleRowDescription(msg: { fields: Field[] }): void {
    base.handleRowDescription.call(this, msg);
    this.columns = columnsOf(msg.fields);
    this.parsers = msg.fields.map((f) =>
      reportTypes.getTypeParser(f.dataTypeID, f.format === 'binary' ? 'binary' : 'text'),
    );
    this.parsed = this.parsers.flatMap((parse, i) => (keepsText(parse) ? [] : [i]));
  }

  handleDataRow(msg: { fields: unknown[] }): void {
    if (this.failure !== null) return;
    const row = msg.fields;
    try {
      for (const i of this.parsed) {
        const value = row[i];
        if (value !== null) row[i] = (this.parsers[i] as Parser)(value as string);
      }
      this.onRow(row);
    } catch (error) {
      this.failure = error;
    }
  }

  handlePortalSuspended(connection: pg.Connection): void {
    this.truncated = true;
    connection.sync();
  }
}

/**
 * Reads at most `limit` rows (and one more, to tell whether the result was cut) as they arrive,
 * handing them to `onBatch` `RUN_BATCH` at a time: a caller that turns each batch into its output
 * (the JSON the web gets) lets the driver's row arrays die young instead of keeping 100,000 of
 * them alive until the end, which the garbage collector would copy over and over.
 */
function readLimited(
  client: pg.PoolClient,
  options: ExecuteOptions,
  limit: number,
  onBatch: (rows: unknown[][], columns: Column[]) => void,
): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    let batch: unknown[][] = [];
    let count = 0;
    const query = new LimitedQuery(options, limit, (row) => {
      if (count === limit) return; // the one more row
      count += 1;
      batch.push(row);
      if (batch.length === RUN_BATCH) {
        const full = batch;
        batch = [];
        onBatch(full, query.columns);
      }
    });
    query.on('end', () => {
      if (query.failure === null && batch.length > 0) {
        try {
          onBatch(batch, query.columns);
        } catch (error) {
          query.failure = error;
        }
      }
      if (query.failure !== null) reject(query.failure);
      else resolve({ columns: query.columns, count, truncated: query.truncated });
    });
    query.on('error', (error) => {
      // In a query read by pages pg leaves to its caller the Sync after an error.
      if (error instanceof pg.DatabaseError) client.connection.sync();
      reject(error);
    });
    client.query(query);
  });
}

/**
 * Runs the statement and hands over at most `limit` rows, in batches, to `onBatch`. Once the rows
 * are in, the rollback finishes on its own (nothing the caller waits for);
 * the connection then goes back to the pool. A failure without PostgreSQL's word on it leaves the
 * connection in a state no one knows: it is closed, which ends its transaction too.
 */
export async function fetchLimited(
  pool: pg.Pool,
  options: ExecuteOptions,
  limit: number,
  onBatch: (rows: unknown[][], columns: Column[]) => void,
): Promise<Fetched> {
  const client = await pool.connect();
  try {
    await beginRun(client, options);
    const fetched = await readLimited(client, options, limit, onBatch);
    void endRun(client);
    return fetched;
  } catch (error) {
    if ((error as { code?: string }).code === undefined) client.release(true);
    else void endRun(client);
    throw error;
  }
}

/** Rolls back and gives the connection back. */
async function endRun(client: pg.PoolClient): Promise<void> {
  let broken = false;
  try {
    await client.query('rollback');
  } catch {
    broken = true;
  }
  client.release(broken);
}
