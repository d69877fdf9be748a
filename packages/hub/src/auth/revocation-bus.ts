// T7: revocations reach every hub instance. Redis Pub/Sub when REDIS_URL is set; otherwise an in-process bus
// (the embedded default, one instance). Subscribers learn whether they can trust their subscription: while it
// is not known to work they must not trust any cached verdict (fail closed).
//
// "Known to work" is proven, not assumed (issue 7): a connection that dies without a close (an idle flow dropped
// by a NAT or a firewall) looks perfectly subscribed to its client for hours. So each instance publishes a
// heartbeat on the revocation channel every HEARTBEAT_INTERVAL and trusts its subscription only while it keeps
// hearing its own heartbeats come back through it: a heartbeat sent at `t` keeps the subscription trusted until
// `t + deadline`. Past that the instance drops its cache, reconnects, and trusts again only once it has heard a
// heartbeat sent after it resubscribed.
//
// Instances announce themselves in a presence set (a sorted set scored by expiry, in Redis' own clock) while,
// and only while, they trust their cache. A revocation waits for the acknowledgement of every instance present
// when it was published (read atomically with the PUBLISH), and a missing one is a failed publish (503), never a
// silent success. The heartbeat refreshes the presence in the same script that publishes it, for `deadline +
// PRESENCE_MARGIN`: an instance whose heartbeats stop reaching Redis stops trusting its cache before its presence
// expires, so a revoker never skips an instance that may still answer from a cache.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

export type Revocation =
  | { kind: 'key'; account: string; key_id: string }
  | { kind: 'account'; account: string };

export interface RevocationBus {
  /** Resolves once the revocation has reached every live instance; rejects otherwise (the caller must say so). */
  publish(revocation: Revocation): Promise<void>;
  /** Every revocation, this instance's own included. */
  onRevocation(handler: (revocation: Revocation) => void): void;
  /** Called with false when the subscription can no longer be trusted and with true once it is proven again. */
  onStatus(handler: (subscribed: boolean) => void): void;
  readonly subscribed: boolean;
  close(): Promise<void>;
}

/** The Redis names of one deployment's bus (its id comes from the control plane, Catalog.deploymentId). */
export function busNames(namespace: string) {
  return {
    /** Revocations and heartbeats. */
    revocations: `kataven:{${namespace}}:revocations`,
    /** Every instance acknowledges each revocation here once its cache has dropped the credential. */
    acks: `kataven:{${namespace}}:revocation-acks`,
    /** Instance id → expiry (ms, Redis clock) of the instances that trust their cache. */
    presence: `kataven:{${namespace}}:instances`,
  };
}

export interface BusTiming {
  /** How often an instance publishes its heartbeat. */
  heartbeatIntervalMs: number;
  /** A subscription is trusted until this long after the send time of the last own heartbeat heard (≤ 2 s). */
  heartbeatDeadlineMs: number;
  /** How long publish() waits for the acknowledgements of the live instances before failing. */
  ackTimeoutMs: number;
  /** Deadline of every Redis command (ioredis commandTimeout). */
  commandTimeoutMs: number;
}

export const DEFAULT_BUS_TIMING: BusTiming = {
  heartbeatIntervalMs: 250,
  heartbeatDeadlineMs: 1500,
  ackTimeoutMs: 500,
  commandTimeoutMs: 500,
};

/** How often the deadline is checked: the bound of a silent cut is heartbeatDeadlineMs + this. */
const WATCHDOG_TICK_MS = 50;
/** A presence outlives the trust it announces by this much (clock rates, script latency). */
const PRESENCE_MARGIN_MS = 1000;

type Message =
  | { kind: 'revocation'; id: string; revocation: Revocation }
  | { kind: 'heartbeat'; instance: string; sent: number };

function parseMessage(text: string): Message | undefined {
  try {
    const value = JSON.parse(text) as { id?: unknown; revocation?: unknown; hb?: unknown; sent?: unknown };
    if (typeof value.hb === 'string' && typeof value.sent === 'number') {
      return { kind: 'heartbeat', instance: value.hb, sent: value.sent };
    }
    const revocation = parseRevocation(value.revocation);
    return typeof value.id === 'string' && revocation ? { kind: 'revocation', id: value.id, revocation } : undefined;
  } catch {
    return undefined; // not from a hub of this version
  }
}

function parseRevocation(input: unknown): Revocation | undefined {
  if (input === null || typeof input !== 'object') return undefined;
  const value = input as Partial<Revocation> & { key_id?: unknown };
  if (typeof value.account !== 'string') return undefined;
  if (value.kind === 'account') return { kind: 'account', account: value.account };
  if (value.kind === 'key' && typeof value.key_id === 'string') {
    return { kind: 'key', account: value.account, key_id: value.key_id };
  }
  return undefined;
}

export class InProcessRevocationBus implements RevocationBus {
  private readonly events = new EventEmitter();
  readonly subscribed = true;

  async publish(revocation: Revocation): Promise<void> {
    this.events.emit('revocation', revocation);
  }

  onRevocation(handler: (revocation: Revocation) => void): void {
    this.events.on('revocation', handler);
  }

  onStatus(): void {
    // Always subscribed: there is nothing to lose.
  }

  async close(): Promise<void> {
    this.events.removeAllListeners();
  }
}

/**
 * KEYS[1]: the presence set. ARGV: instance id, 1 to announce it (else withdraw it), its presence ttl (ms), the
 * channel, the heartbeat message. Expired members are swept; the score is Redis' clock, so instances' clocks
 * never need to agree.
 */
const HEARTBEAT_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if ARGV[2] == '1' then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) * 2)
else
  redis.call('ZREM', KEYS[1], ARGV[1])
end
return redis.call('PUBLISH', ARGV[4], ARGV[5])
`;

/** KEYS[1]: the presence set. ARGV: the channel, the message. Returns the instances live as it was published. */
const REVOKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('PUBLISH', ARGV[1], ARGV[2])
return redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. now, '+inf')
`;

type BusRedis = Redis & {
  katavenHeartbeat(...args: (string | number)[]): Promise<number>;
  katavenRevoke(...args: (string | number)[]): Promise<string[]>;
};

/** Why a revocation is not known to have reached every instance. */
export class RevocationNotAcknowledged extends Error {
  override name = 'RevocationNotAcknowledged';
}

interface PendingAck {
  acked: Set<string>;
  /** The instances to hear from; undefined until the revoke script has answered. */
  expected: string[] | undefined;
  check(): void;
}

/**
 * Revocations over Redis Pub/Sub, with heartbeats, presence and acknowledgements (see the top of the file).
 */
export class RedisRevocationBus implements RevocationBus {
  /** This instance, as it appears in the presence set and in acknowledgements. */
  readonly instanceId = randomUUID();
  private readonly names: ReturnType<typeof busNames>;
  private readonly publisher: BusRedis;
  private readonly subscriber: Redis;
  private readonly events = new EventEmitter();
  private readonly pendingAcks = new Map<string, PendingAck>();
  private readonly timers: NodeJS.Timeout[] = [];
  /** The subscription is confirmed by the server (SUBSCRIBE answered) since this (monotonic) time. */
  private subscribedSince: number | undefined;
  /** Trusted until this monotonic time (the send time of the last own heartbeat heard + deadline). */
  private trustedUntil = 0;
  private trusted = false;
  /** When trust was last lost (or the bus started): a reconnect is forced every deadline while it is not back. */
  private untrustedSince = performance.now();
  private heartbeatInFlight = false;
  /** A heartbeat was heard while not trusted: presence is being announced, and trust follows. */
  private announcing = false;
  private closed = false;

  private constructor(
    url: string,
    namespace: string,
    private readonly timing: BusTiming,
  ) {
    this.names = busNames(namespace);
    const options = {
      lazyConnect: true,
      maxRetriesPerRequest: 2,
      connectionName: 'kataven-hub',
      commandTimeout: timing.commandTimeoutMs,
      connectTimeout: Math.max(1000, timing.heartbeatDeadlineMs),
    } as const;
    this.publisher = new Redis(url, options) as BusRedis;
    this.publisher.defineCommand('katavenHeartbeat', { numberOfKeys: 1, lua: HEARTBEAT_SCRIPT });
    this.publisher.defineCommand('katavenRevoke', { numberOfKeys: 1, lua: REVOKE_SCRIPT });
    // The subscription is re-made by hand on every (re)connection, so "subscribed" means exactly that.
    this.subscriber = new Redis(url, {
      ...options,
      maxRetriesPerRequest: null,
      autoResubscribe: false,
      // Named per process, so an operator (or a test) can find one instance's subscription in CLIENT LIST.
      connectionName: `kataven-revocations-${process.pid}`,
      retryStrategy: (attempt: number) => Math.min(50 * attempt, 1000),
    });
    this.publisher.on('error', () => undefined);
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel === this.names.revocations) this.received(message);
      else if (channel === this.names.acks) this.acknowledged(message);
    });
    this.subscriber.on('close', () => {
      this.subscribedSince = undefined;
      void this.distrust();
    });
    this.subscriber.on('ready', () => {
      this.subscriber.subscribe(this.names.revocations, this.names.acks).then(
        () => {
          this.subscribedSince = performance.now();
          this.heartbeat(); // proves the new subscription at once rather than at the next tick
        },
        // The connection dropped again before SUBSCRIBE answered: the next 'ready' retries.
        () => void this.distrust(),
      );
    });
  }

  /**
   * Connects both connections and waits until the subscription is proven by a heartbeat, so a hub never starts
   * trusting a cache blind. `namespace`: the deployment's id (Catalog.deploymentId).
   */
  static async connect(url: string, namespace: string, timing: Partial<BusTiming> = {}): Promise<RedisRevocationBus> {
    const bus = new RedisRevocationBus(url, namespace, { ...DEFAULT_BUS_TIMING, ...timing });
    const live = new Promise<void>((resolve) => bus.onStatus((up) => up && resolve()));
    try {
      await Promise.all([bus.publisher.connect(), bus.subscriber.connect()]);
      bus.start();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error('Redis: the revocation subscription did not carry a heartbeat within 10 s')),
          10_000,
        );
      });
      await Promise.race([live, deadline]).finally(() => clearTimeout(timer));
    } catch (err) {
      await bus.close();
      throw err;
    }
    return bus;
  }

  get subscribed(): boolean {
    return this.trusted;
  }

  async publish(revocation: Revocation): Promise<void> {
    const id = randomUUID();
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    const pending: PendingAck = {
      acked: new Set(),
      expected: undefined,
      check: () => {
        if (pending.expected?.every((instance) => pending.acked.has(instance))) resolve();
      },
    };
    // Registered before publishing: acknowledgements may arrive before the script's answer.
    this.pendingAcks.set(id, pending);
    let timer: NodeJS.Timeout | undefined;
    try {
      const live = await this.publisher.katavenRevoke(
        this.names.presence,
        this.names.revocations,
        JSON.stringify({ id, revocation }),
      );
      // This instance dropped the credential before publishing (AuthGate.revoke): its own ack is not awaited.
      pending.expected = live.filter((instance) => instance !== this.instanceId);
      pending.check();
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const missing = pending.expected!.filter((instance) => !pending.acked.has(instance)).length;
          reject(new RevocationNotAcknowledged(`${missing} live instance(s) did not acknowledge the revocation`));
        }, this.timing.ackTimeoutMs);
      });
      await Promise.race([done, timedOut]);
    } finally {
      clearTimeout(timer);
      this.pendingAcks.delete(id);
    }
  }

  onRevocation(handler: (revocation: Revocation) => void): void {
    this.events.on('revocation', handler);
  }

  onStatus(handler: (subscribed: boolean) => void): void {
    this.events.on('status', handler);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    this.events.removeAllListeners();
    // Withdrawn from the presence set at once, so no revoker waits for an instance that has gone.
    if (this.publisher.status === 'ready') {
      await this.publisher.zrem(this.names.presence, this.instanceId).catch(() => undefined);
    }
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }

  private start(): void {
    const heartbeats = setInterval(() => this.heartbeat(), this.timing.heartbeatIntervalMs);
    const watchdog = setInterval(() => this.watch(), WATCHDOG_TICK_MS);
    heartbeats.unref();
    watchdog.unref();
    this.timers.push(heartbeats, watchdog);
    this.heartbeat();
  }

  /** Publishes a heartbeat, refreshing (trusted) or withdrawing (not trusted) this instance's presence. */
  private heartbeat(): void {
    if (this.closed || this.heartbeatInFlight || this.subscribedSince === undefined) return;
    this.heartbeatInFlight = true;
    const message = JSON.stringify({ hb: this.instanceId, sent: performance.now() });
    const presenceTtl = this.timing.heartbeatDeadlineMs + PRESENCE_MARGIN_MS;
    this.publisher
      .katavenHeartbeat(
        this.names.presence,
        this.instanceId,
        this.trusted || this.announcing ? '1' : '0',
        presenceTtl,
        this.names.revocations,
        message,
      )
      .catch(() => undefined) // a heartbeat that does not arrive is the signal; the watchdog acts on it
      .finally(() => (this.heartbeatInFlight = false));
  }

  /** Distrusts the subscription once its deadline has passed, and forces reconnects until it is proven again. */
  private watch(): void {
    if (this.closed) return;
    const now = performance.now();
    if (this.trusted && now > this.trustedUntil) {
      this.reconnect(this.distrust());
    } else if (!this.trusted && now - this.untrustedSince > this.timing.heartbeatDeadlineMs) {
      this.reconnect(Promise.resolve()); // still not proven a deadline later: try again
    }
  }

  /**
   * The connections may be silently dead (no close, no error, for hours; TCP keepalive takes two), so both are
   * replaced: the subscriber at once, the publisher once the withdrawal of the presence has been tried on it.
   * A connection that was merely slow loses nothing: the subscription is re-made and proven again.
   */
  private reconnect(withdrawn: Promise<void>): void {
    this.untrustedSince = performance.now();
    this.subscriber.disconnect(true);
    void withdrawn.then(() => !this.closed && this.publisher.disconnect(true));
  }

  private received(text: string): void {
    const message = parseMessage(text);
    if (!message) return;
    if (message.kind === 'heartbeat') {
      if (message.instance === this.instanceId) this.heardOwnHeartbeat(message.sent);
      return;
    }
    // Handlers (the verdict cache) run synchronously: the ack below means "dropped", not "seen".
    this.events.emit('revocation', message.revocation);
    void this.publisher.publish(this.names.acks, `${message.id} ${this.instanceId}`).catch(() => undefined);
  }

  private heardOwnHeartbeat(sent: number): void {
    // Only a heartbeat sent after the current subscription was made proves it.
    if (this.subscribedSince === undefined || sent < this.subscribedSince) return;
    this.trustedUntil = Math.max(this.trustedUntil, sent + this.timing.heartbeatDeadlineMs);
    if (this.trusted || this.announcing || performance.now() > this.trustedUntil) return;
    // Announce presence before trusting the cache, so that no revocation published from now on skips this
    // instance; only then start trusting. (While announcing, the periodic heartbeats announce too, so none of
    // them withdraws the presence behind this one.)
    this.announcing = true;
    const presenceTtl = this.timing.heartbeatDeadlineMs + PRESENCE_MARGIN_MS;
    this.publisher
      .katavenHeartbeat(
        this.names.presence,
        this.instanceId,
        '1',
        presenceTtl,
        this.names.revocations,
        JSON.stringify({ hb: this.instanceId, sent: performance.now() }),
      )
      .then(
        () => {
          this.announcing = false;
          if (this.closed || this.trusted || this.subscribedSince === undefined) return;
          if (performance.now() > this.trustedUntil) return;
          this.trusted = true;
          this.events.emit('status', true);
        },
        () => (this.announcing = false),
      );
  }

  private acknowledged(text: string): void {
    const [id, instance] = text.split(' ');
    if (id === undefined || instance === undefined) return;
    const pending = this.pendingAcks.get(id);
    if (!pending) return;
    pending.acked.add(instance);
    pending.check();
  }

  /** Stops trusting the subscription; resolves once the withdrawal of the presence has been tried. */
  private distrust(): Promise<void> {
    if (this.closed || !this.trusted) return Promise.resolve();
    this.trusted = false;
    this.untrustedSince = performance.now();
    this.events.emit('status', false);
    // Withdrawn from the presence set (best effort: if Redis cannot be reached, the presence expires on its own
    // before any revoker could rely on it).
    return this.publisher.zrem(this.names.presence, this.instanceId).then(
      () => undefined,
      () => undefined,
    );
  }
}
