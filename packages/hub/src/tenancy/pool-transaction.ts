// One transaction on a connection of its own, for work outside a protected request (which has the request's
// transaction, http/mutation-transaction.ts): the call processor's reports, the widget's refresh tokens.
import type pg from 'pg';

/** Runs `fn` between BEGIN and COMMIT; if it throws, rolls back and rethrows. */
export async function poolTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw err;
  } finally {
    // A connection that could not roll back may still be inside the transaction: closed, not reused.
    client.release(broken);
  }
}
