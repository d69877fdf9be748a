// A Redis connection on the request path (rate limits, cost caps, the replay guard of call reports): it fails
// fast instead of queueing (no offline queue: while Redis is unreachable a request answers 503 at once), every
// command has a deadline (a Redis that went silent, no close and no error, fails the request within it: issue 7),
// and a connection that missed a deadline is replaced, since ioredis would otherwise keep using a connection that
// may be silently dead for hours. Connected before the hub serves: a bad REDIS_URL fails the start.
import { Redis } from 'ioredis';

export interface RequestRedisOptions {
  /** Shown in CLIENT LIST. */
  connectionName: string;
  /** Lua scripts, defined as commands (sent with EVALSHA). */
  scripts?: Record<string, { lua: string; numberOfKeys?: number }>;
  commandTimeoutMs?: number;
  /**
   * Commands issued in the same tick go out in one write (default). A connection whose commands are already
   * batched by its caller, one in flight at a time (the rate limiter's), turns it off: ioredis builds a
   * pipeline object per tick for it, which costs more than it saves there (issue 10).
   */
  autoPipelining?: boolean;
}

export async function connectRequestRedis(url: string, options: RequestRedisOptions): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectionName: options.connectionName,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 500,
    connectTimeout: 2000,
    // Commands issued in the same tick go out in one write: fewer syscalls on both sides, the same commands in
    // the same order.
    enableAutoPipelining: options.autoPipelining ?? true,
  });
  redis.on('error', () => undefined);
  for (const [name, script] of Object.entries(options.scripts ?? {})) redis.defineCommand(name, script);
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw err;
  }
  return redis;
}

/** Rethrows a command's failure, first replacing the connection when the failure was a missed deadline. */
export function commandFailed(redis: Redis, err: unknown): never {
  if (err instanceof Error && err.message === 'Command timed out' && redis.status === 'ready') redis.disconnect(true);
  throw err;
}
