// C3a: each report's event id is accepted once. A signed report replayed within its five-minute window (later
// ones are refused by their timestamp) finds its id taken. In Redis (SET NX PX) the claim holds across every hub
// instance; without REDIS_URL, in this process (one instance only, as for the rate limits). The account database
// keeps every applied event id too (call_events), so a report is applied once even past this window.
import type { Redis } from 'ioredis';
import { commandFailed, connectRequestRedis } from '../request-redis.js';
import { SIGNATURE_TOLERANCE_MS } from './call-signature.js';

/** Long enough to cover a timestamp's whole window on both sides. */
export const REPLAY_WINDOW_MS = 2 * SIGNATURE_TOLERANCE_MS + 60_000;

export interface ReplayGuard {
  /** True the first time `id` is claimed within the window; false for a replay. */
  claim(id: string): Promise<boolean>;
  /** Gives a claim back (its report could not be applied), so that a retry of it is accepted. */
  release(id: string): Promise<void>;
  close(): Promise<void>;
}

export class InProcessReplayGuard implements ReplayGuard {
  private readonly seen = new Map<string, number>();
  private lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async claim(id: string): Promise<boolean> {
    const now = this.now();
    this.sweep(now);
    const until = this.seen.get(id);
    if (until !== undefined && until > now) return false;
    this.seen.set(id, now + REPLAY_WINDOW_MS);
    return true;
  }

  async release(id: string): Promise<void> {
    this.seen.delete(id);
  }

  async close(): Promise<void> {
    this.seen.clear();
  }

  /** Expired claims go at most once a minute, so the map holds about one window's worth of ids. */
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [id, until] of this.seen) if (until <= now) this.seen.delete(id);
  }
}

export class RedisReplayGuard implements ReplayGuard {
  private constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Connects before the hub serves: a misconfigured REDIS_URL fails the start, not the first report. */
  static async connect(url: string, deploymentId: string, options: { commandTimeoutMs?: number } = {}): Promise<RedisReplayGuard> {
    const redis = await connectRequestRedis(url, {
      connectionName: 'kataven-call-events',
      ...(options.commandTimeoutMs !== undefined ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
    });
    // Deployments sharing one Redis never see each other's ids.
    return new RedisReplayGuard(redis, `kataven:${deploymentId}:call-event:`);
  }

  async claim(id: string): Promise<boolean> {
    const result = await this.redis
      .set(this.prefix + id, '1', 'PX', REPLAY_WINDOW_MS, 'NX')
      .catch((err: unknown) => commandFailed(this.redis, err));
    return result === 'OK';
  }

  async release(id: string): Promise<void> {
    await this.redis.del(this.prefix + id).catch((err: unknown) => commandFailed(this.redis, err));
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
