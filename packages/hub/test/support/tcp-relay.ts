// A TCP relay the tests control, placed between a hub and one of its services (Redis, PostgreSQL) to make the
// faults a real network makes: a connection reset, a refused connection, and the quiet ones a NAT or a
// firewall makes, where packets stop flowing and nothing closes (issue 7, STYLE 16).
//
// A blackholed connection is paused, not drained: its bytes wait in the kernel's buffers, as they would wait in
// TCP retransmission, and flow again (in order) when the relay passes again. Dropping them instead would desync
// the protocol on both ends, which no real network does without also resetting the connection.
import net from 'node:net';

/** How much of what a client sends first is kept (an HTTP request's head fits). */
const FIRST_BYTES = 2048;

export type RelayMode = 'pass' | 'blackhole' | 'reset' | 'refuse';

export interface RelayConnection {
  readonly id: number;
  /** What the client sent first (e.g. ioredis' CLIENT SETNAME, an HTTP request's head), to pick one connection out. */
  readonly firstBytes: string;
  readonly blackholed: boolean;
  /** Stops forwarding this connection both ways, silently. */
  blackhole(): void;
  /** Forwards this connection again, flushing what waited. */
  pass(): void;
  /** Resets both sides (RST). */
  reset(): void;
}

class Pair implements RelayConnection {
  firstBytes = '';
  blackholed = false;
  closed = false;

  constructor(
    readonly id: number,
    readonly client: net.Socket,
    readonly upstream: net.Socket,
  ) {}

  blackhole(): void {
    if (this.closed) return;
    this.blackholed = true;
    this.client.pause();
    this.upstream.pause();
  }

  pass(): void {
    if (this.closed) return;
    this.blackholed = false;
    this.client.resume();
    this.upstream.resume();
  }

  reset(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.resetAndDestroy();
    this.upstream.resetAndDestroy();
  }
}

export class TcpRelay {
  private server: net.Server | undefined;
  private readonly pairs = new Set<Pair>();
  private nextId = 1;
  private currentMode: RelayMode = 'pass';
  /** How many of the next connections that start to answer are reset instead (cutResponses). */
  private responsesToCut = 0;
  /** Every connection accepted, closed ones included, oldest first. */
  readonly accepted: RelayConnection[] = [];
  port = 0;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** A relay on a loopback port of its own, forwarding to `target` (host:port). */
  static async start(target: { host: string; port: number }): Promise<TcpRelay> {
    const relay = new TcpRelay(target.host, target.port);
    await relay.listen(0);
    return relay;
  }

  /** `redis://127.0.0.1:<relay port>` style URL of `url` with its host and port replaced by the relay's. */
  urlFor(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.href.replace(/\/$/, '');
  }

  get mode(): RelayMode {
    return this.currentMode;
  }

  /** Live connections, oldest first. */
  get connections(): RelayConnection[] {
    return [...this.pairs].filter((p) => !p.closed);
  }

  /**
   * pass: forward everything (blackholed connections flow again); blackhole: stop forwarding every connection,
   * and accept new ones without forwarding; reset: RST every connection, and new ones too; refuse: RST every
   * connection and stop listening (new connections are refused by the kernel).
   */
  async setMode(mode: RelayMode): Promise<void> {
    const previous = this.currentMode;
    this.currentMode = mode;
    if (mode === 'pass') for (const pair of this.pairs) pair.pass();
    if (mode === 'blackhole') for (const pair of this.pairs) pair.blackhole();
    if (mode === 'reset' || mode === 'refuse') for (const pair of [...this.pairs]) pair.reset();
    if (mode === 'refuse' && previous !== 'refuse') await this.stopListening();
    if (mode !== 'refuse' && previous === 'refuse') await this.listen(this.port);
  }

  /**
   * The fault after the fact: requests still flow to the server, but each of the next `count` connections that
   * starts to answer is reset (both sides) instead of delivering the answer. The server did the work; the client
   * only sees its connection die after sending. Then the relay passes again.
   */
  cutResponses(count = Number.POSITIVE_INFINITY): void {
    this.responsesToCut = count;
  }

  /** Blackholes the live connections `match` picks; returns how many. */
  blackholeWhere(match: (connection: RelayConnection) => boolean): number {
    let n = 0;
    for (const pair of this.pairs) {
      if (!pair.closed && match(pair)) {
        pair.blackhole();
        n++;
      }
    }
    return n;
  }

  async close(): Promise<void> {
    for (const pair of [...this.pairs]) pair.reset();
    await this.stopListening();
  }

  private listen(port: number): Promise<void> {
    const server = net.createServer((client) => this.accept(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.removeListener('error', reject);
        this.port = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  private stopListening(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    if (this.currentMode === 'reset') {
      client.on('error', () => undefined);
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(this.targetPort, this.targetHost);
    const pair = new Pair(this.nextId++, client, upstream);
    this.pairs.add(pair);
    this.accepted.push(pair);
    const end = () => {
      if (pair.closed) return this.pairs.delete(pair);
      pair.closed = true;
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.on('data', (chunk: Buffer) => {
      if (pair.firstBytes.length < FIRST_BYTES) pair.firstBytes += chunk.toString('latin1').slice(0, FIRST_BYTES - pair.firstBytes.length);
      if (!upstream.write(chunk)) {
        client.pause();
        upstream.once('drain', () => !pair.blackholed && client.resume());
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (pair.closed) return;
      if (this.responsesToCut > 0) {
        this.responsesToCut--;
        pair.reset();
        return;
      }
      if (!client.write(chunk)) {
        upstream.pause();
        client.once('drain', () => !pair.blackholed && upstream.resume());
      }
    });
    if (this.currentMode === 'blackhole') pair.blackhole();
  }
}
