// The Idempotency-Key store in Redis, shared by every hub instance: two instances given the same key at the same
// moment claim it in one atomic script, so exactly one runs the request (SPEC §E). A record is a hash
// (fingerprint, token, and once answered status, content type and body) that expires on its own: after the
// in-progress lease while unanswered, 24 h after its answer.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { commandFailed, connectRequestRedis } from '../request-redis.js';
import { IDEMPOTENCY_LEASE_MS, IDEMPOTENCY_TTL_MS, type BeginOutcome, type IdempotencyStore, type StoredAnswer } from './store.js';

// KEYS[1] record; ARGV fingerprint, token, lease ms. Returns {'started'} or the record's fields.
const BEGIN = `
local found = redis.call('HMGET', KEYS[1], 'fp', 'status', 'ct', 'body')
if not found[1] then
  redis.call('HSET', KEYS[1], 'fp', ARGV[1], 'token', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {'started'}
end
return {'found', found[1], found[2] or '', found[3] or '', found[4] or ''}
`;
// KEYS[1] record; ARGV token, status, content type, body, ttl ms. Only the claim's holder answers.
const COMPLETE = `
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[2], 'ct', ARGV[3], 'body', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`;
const RELEASE = `
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`;

type Scripts = Redis & {
  idempotencyBegin(key: string, fingerprint: string, token: string, leaseMs: number): Promise<string[]>;
  idempotencyComplete(key: string, token: string, status: number, contentType: string, body: string, ttlMs: number): Promise<number>;
  idempotencyRelease(key: string, token: string): Promise<number>;
};

export class RedisIdempotencyStore implements IdempotencyStore {
  private constructor(
    private readonly redis: Scripts,
    private readonly prefix: string,
    private readonly leaseMs: number,
  ) {}

  /** Connects before the hub serves: a misconfigured REDIS_URL fails the start, not the first POST. */
  static async connect(
    url: string,
    deploymentId: string,
    options: { commandTimeoutMs?: number; leaseMs?: number } = {},
  ): Promise<RedisIdempotencyStore> {
    const redis = await connectRequestRedis(url, {
      connectionName: 'kataven-idempotency',
      scripts: {
        idempotencyBegin: { lua: BEGIN, numberOfKeys: 1 },
        idempotencyComplete: { lua: COMPLETE, numberOfKeys: 1 },
        idempotencyRelease: { lua: RELEASE, numberOfKeys: 1 },
      },
      ...(options.commandTimeoutMs !== undefined ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
    });
    // Deployments sharing one Redis never see each other's keys.
    return new RedisIdempotencyStore(redis as Scripts, `kataven:${deploymentId}:idempotency:`, options.leaseMs ?? IDEMPOTENCY_LEASE_MS);
  }

  async begin(key: string, fingerprint: string): Promise<BeginOutcome> {
    const token = randomUUID();
    const result = await this.redis
      .idempotencyBegin(this.prefix + key, fingerprint, token, this.leaseMs)
      .catch((err: unknown) => commandFailed(this.redis, err));
    if (result[0] === 'started') return { kind: 'started', token };
    const [, storedFingerprint, status, contentType, body] = result;
    if (storedFingerprint !== fingerprint) return { kind: 'mismatch' };
    if (!status) return { kind: 'in_progress' };
    return { kind: 'replay', answer: { status: Number(status), contentType: contentType ?? '', body: body ?? '' } };
  }

  async complete(key: string, token: string, answer: StoredAnswer): Promise<void> {
    await this.redis
      .idempotencyComplete(this.prefix + key, token, answer.status, answer.contentType, answer.body, IDEMPOTENCY_TTL_MS)
      .catch((err: unknown) => commandFailed(this.redis, err));
  }

  async release(key: string, token: string): Promise<void> {
    await this.redis.idempotencyRelease(this.prefix + key, token).catch((err: unknown) => commandFailed(this.redis, err));
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
