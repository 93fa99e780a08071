import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './rows.js';

const COMMIT = CompiledQuery.raw('commit', []);
const ROLLBACK = CompiledQuery.raw('rollback', []);

/**
 * A transaction whose first statement travels with its BEGIN, in one round trip (a simple-protocol
 * query of two statements). For hot paths where each round trip is most of the cost (a chatbot
 * turn). `prelude` must be constant SQL or numbers the caller produced: it is sent as text, never
 * with anything a client sent. The callback gets the connection, inside the transaction; COMMIT
 * follows it, ROLLBACK any error.
 */
export async function shortTransaction<T>(
  db: Kysely<Database>,
  prelude: string,
  run: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (connection) => {
    await connection.executeQuery(CompiledQuery.raw(`begin; ${prelude}`, []));
    let result: T;
    try {
      result = await run(connection);
    } catch (error) {
      await connection.executeQuery(ROLLBACK).catch(() => undefined);
      throw error;
    }
    await connection.executeQuery(COMMIT);
    return result;
  });
}
