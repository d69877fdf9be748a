// What a store function needs from the database: something to send a query to. A pool (one-shot work, reads)
// and a checked-out client (a request's transaction, see http/mutation-transaction.ts) both are.
import type pg from 'pg';

export type Queryable = Pick<pg.Pool, 'query'>;
