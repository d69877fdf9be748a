// T7: revocations reach every hub instance. Redis Pub/Sub when REDIS_URL is set; otherwise an in-process bus
// (the embedded default, one instance). Subscribers learn whether they can trust their subscription: while it
// is down they must not trust any cached verdict (fail closed).
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

export type Revocation =
  | { kind: 'key'; account: string; key_id: string }
  | { kind: 'account'; account: string };

export interface RevocationBus {
  /** Resolves once the revocation is published to every instance (or fails: the caller must say so). */
  publish(revocation: Revocation): Promise<void>;
  /** Every revocation, this instance's own included. */
  onRevocation(handler: (revocation: Revocation) => void): void;
  /** Called with false when the subscription drops and true once it is back. */
  onStatus(handler: (subscribed: boolean) => void): void;
  readonly subscribed: boolean;
  close(): Promise<void>;
}

export const REVOCATION_CHANNEL = 'kataven:revocations';
/** Every instance acknowledges each revocation here once its cache has dropped the credential. */
export const ACK_CHANNEL = 'kataven:revocation-acks';
/** How long publish() waits for the acknowledgements before answering anyway. */
const ACK_TIMEOUT_MS = 100;

interface Envelope {
  id: string;
  revocation: Revocation;
}

function parseEnvelope(message: string): Envelope | undefined {
  try {
    const value = JSON.parse(message) as { id?: unknown; revocation?: unknown };
    const revocation = parseRevocation(value.revocation);
    return typeof value.id === 'string' && revocation ? { id: value.id, revocation } : undefined;
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
 * Revocations over Redis Pub/Sub. publish() resolves once every subscribed instance has acknowledged that it
 * dropped the credential (PUBLISH says how many received it), or after ACK_TIMEOUT_MS: so when the revoking
 * response leaves, the other instances have normally already stopped accepting the key.
 */
export class RedisRevocationBus implements RevocationBus {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly events = new EventEmitter();
  private readonly pendingAcks = new Map<string, { remaining: number; done: () => void }>();
  private isSubscribed = false;
  private closed = false;

  private constructor(url: string) {
    const options = { lazyConnect: true, maxRetriesPerRequest: 2, connectionName: 'kataven-hub' } as const;
    this.publisher = new Redis(url, options);
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
      if (channel === REVOCATION_CHANNEL) this.received(message);
      else if (channel === ACK_CHANNEL) this.acknowledged(message);
    });
    this.subscriber.on('close', () => this.setSubscribed(false));
    this.subscriber.on('ready', () => {
      this.subscriber.subscribe(REVOCATION_CHANNEL, ACK_CHANNEL).then(
        () => this.setSubscribed(true),
        // The connection dropped again before SUBSCRIBE answered: the next 'ready' retries.
        () => this.setSubscribed(false),
      );
    });
  }

  /** Connects both connections and waits for the subscription, so a hub never starts trusting a cache blind. */
  static async connect(url: string): Promise<RedisRevocationBus> {
    const bus = new RedisRevocationBus(url);
    const subscribed = new Promise<void>((resolve) => bus.onStatus((up) => up && resolve()));
    await Promise.all([bus.publisher.connect(), bus.subscriber.connect()]);
    await subscribed;
    return bus;
  }

  get subscribed(): boolean {
    return this.isSubscribed;
  }

  async publish(revocation: Revocation): Promise<void> {
    const id = randomUUID();
    let done!: () => void;
    const acknowledged = new Promise<void>((resolve) => (done = resolve));
    const waiter = { remaining: Infinity, done };
    this.pendingAcks.set(id, waiter);
    const timer = setTimeout(done, ACK_TIMEOUT_MS);
    try {
      const receivers = await this.publisher.publish(REVOCATION_CHANNEL, JSON.stringify({ id, revocation }));
      // Acks may have arrived before PUBLISH answered; they were counted down from Infinity.
      waiter.remaining = receivers - (Infinity - waiter.remaining || 0);
      if (waiter.remaining <= 0) done();
      await acknowledged;
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
    this.closed = true;
    this.events.removeAllListeners();
    for (const { done } of this.pendingAcks.values()) done();
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }

  private received(message: string): void {
    const envelope = parseEnvelope(message);
    if (!envelope) return;
    // Handlers (the verdict cache) run synchronously: the ack below means "dropped", not "seen".
    this.events.emit('revocation', envelope.revocation);
    void this.publisher.publish(ACK_CHANNEL, envelope.id).catch(() => undefined);
  }

  private acknowledged(id: string): void {
    const waiter = this.pendingAcks.get(id);
    if (!waiter) return;
    waiter.remaining--;
    if (waiter.remaining <= 0) waiter.done();
  }

  private setSubscribed(up: boolean): void {
    if (this.closed || up === this.isSubscribed) return;
    this.isSubscribed = up;
    this.events.emit('status', up);
  }
}
