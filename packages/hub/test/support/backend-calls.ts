// Counts the hub's real PostgreSQL and Redis calls while a function runs, by wrapping the drivers' own entry
// points (pg.Client query and connect: every pool and client goes through them; ioredis sendCommand: every
// command of every connection). Nothing is replaced: each call still reaches the real server. Counting is global,
// so stray background work can only make a count too high, never hide a call.
import { Redis } from 'ioredis';
import pg from 'pg';

type AnyMethod = (this: unknown, ...args: unknown[]) => unknown;

export interface BackendCalls<T> {
  result: T;
  /** PostgreSQL queries and connection attempts. */
  database: number;
  /** Redis commands. */
  redis: number;
}

export async function countBackendCalls<T>(fn: () => Promise<T>): Promise<BackendCalls<T>> {
  // Let work started by earlier requests (K6 usage writes) reach its driver call before the window opens.
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  const client = pg.Client.prototype as unknown as Record<'query' | 'connect', AnyMethod>;
  const redis = Redis.prototype as unknown as Record<'sendCommand', AnyMethod>;
  const original = { query: client.query, connect: client.connect, sendCommand: redis.sendCommand };
  let database = 0;
  let redisCalls = 0;
  client.query = function (this: unknown, ...args: unknown[]) {
    database++;
    return original.query.apply(this, args);
  };
  client.connect = function (this: unknown, ...args: unknown[]) {
    database++;
    return original.connect.apply(this, args);
  };
  redis.sendCommand = function (this: unknown, ...args: unknown[]) {
    redisCalls++;
    return original.sendCommand.apply(this, args);
  };
  try {
    return { result: await fn(), database, redis: redisCalls };
  } finally {
    client.query = original.query;
    client.connect = original.connect;
    redis.sendCommand = original.sendCommand;
  }
}
