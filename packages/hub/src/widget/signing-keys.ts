// W5: the widget issuer's signing keys, kept in the control plane so that every instance signs and verifies alike
// (migrations/control/0004_signing_keys.sql). Each instance signs with the current key and verifies with every
// published one; `kataven signing-keys rotate` makes a new current key and keeps the previous one published until
// the last token it could have signed has expired. Private halves exist only sealed under KATAVEN_SECRETS_KEY at
// rest, and in memory (the current one) while the process runs: never in a log line or an answer.
//
// Instances learn of a rotation without a restart: a token whose kid they do not know makes them reload (at most
// once a second, so tokens with forged kids cost PostgreSQL one query a second at most), and they reload every
// minute anyway, so they start signing with the new key within a minute.
import { performance } from 'node:perf_hooks';
import * as jose from 'jose';
import type pg from 'pg';
import { SecretOpenError, type SecretBox, type SecretPlace } from '../secrets/secret-box.js';
import {
  claimsWidgetIssuer,
  REFRESH_TOKEN_TTL_SECONDS,
  signWidgetToken,
  verifyWidgetToken,
  type SignedWidgetToken,
  type VisitorTokens,
  type WidgetTokenClaims,
  type WidgetTokenUse,
  type WidgetTokenVerdict,
} from './visitor-tokens.js';

/** Every instance reloads the keys this often, so a rotation reaches its signing within a minute. */
export const SIGNING_KEYS_RELOAD_INTERVAL_MS = 60_000;
/** A token with an unknown kid reloads the keys at most this often (forged kids must not hammer PostgreSQL). */
export const UNKNOWN_KID_RELOAD_INTERVAL_MS = 1_000;
/**
 * How long past the longest token lifetime (refresh tokens, 24 h) a retired key stays published: an instance that
 * has not reloaded yet keeps signing with it for up to SIGNING_KEYS_RELOAD_INTERVAL_MS after the rotation, and
 * instances' clocks differ by a little. Five minutes covers both with room to spare.
 */
export const PUBLICATION_MARGIN_SECONDS = 5 * 60;
/** From a rotation to the moment the retired key is dropped from JWKS and verification. */
export const RETIRED_KEY_PUBLISHED_SECONDS = REFRESH_TOKEN_TTL_SECONDS + PUBLICATION_MARGIN_SECONDS;

/** Serialises first creation and rotations across instances (any constant; hashed into the lock's bigint). */
const LOCK_NAME = 'kataven: widget signing keys';

/** What `kataven signing-keys list` shows of a key: never its private half. */
export interface SigningKeyInfo {
  kid: string;
  createdAt: Date;
  /** Signs new tokens. */
  current: boolean;
  /** When it stopped being current; null while current. */
  retiredAt: Date | null;
  /** When it stops being published and trusted; null while current (published as long as it is current). */
  publishedUntil: Date | null;
}

export interface RotationResult {
  current: SigningKeyInfo;
  /** The key that was current until now, still published until its `publishedUntil`; undefined on an empty table. */
  previous: SigningKeyInfo | undefined;
}

/** The hub cannot use the keys in the control plane: they were sealed under another KATAVEN_SECRETS_KEY. */
export class SigningKeysUnreadable extends Error {
  override name = 'SigningKeysUnreadable';
}

export interface PersistentVisitorTokensOptions {
  /** The control plane. */
  pool: pg.Pool;
  secrets: SecretBox;
  /** Expiry of tokens and publication windows of keys (ms since the epoch); tests move it. */
  now?: () => number;
  log?: (message: string) => void;
  /** SIGNING_KEYS_RELOAD_INTERVAL_MS unless a test says otherwise. */
  reloadIntervalMs?: number;
  /** UNKNOWN_KID_RELOAD_INTERVAL_MS unless a test says otherwise (measured on the monotonic clock, not `now`). */
  unknownKidReloadIntervalMs?: number;
}

interface KeyRow {
  kid: string;
  public_jwk: jose.JWK;
  private_jwk_sealed: Buffer;
  created_at: Date;
  retired_at: Date | null;
  published_until: Date | null;
}

interface PublishedKey {
  jwk: jose.JWK;
  publicKey: jose.CryptoKey;
  /** ms since the epoch; null while current. */
  publishedUntil: number | null;
}

interface Signer {
  kid: string;
  privateKey: jose.CryptoKey;
}

/**
 * Where a private half is sealed. The kid is in the additional data, so a sealed value moved under another kid
 * (or into another table) does not open; the account is a value no account slug (A1) can take.
 */
export function signingKeyPlace(kid: string): SecretPlace {
  return { account: '(control plane)', table: 'widget_signing_keys', row: kid, field: 'private_jwk' };
}

function infoOf(row: Pick<KeyRow, 'kid' | 'created_at' | 'retired_at' | 'published_until'>): SigningKeyInfo {
  return {
    kid: row.kid,
    createdAt: row.created_at,
    current: row.retired_at === null,
    retiredAt: row.retired_at,
    publishedUntil: row.published_until,
  };
}

/** A fresh ES256 key: its kid (RFC 7638 thumbprint), its public JWK as published, and its sealed private half. */
async function newKey(secrets: SecretBox): Promise<{ kid: string; publicJwk: jose.JWK; sealed: Buffer }> {
  const { privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
  const privateJwk = await jose.exportJWK(privateKey);
  const { kty, crv, x, y } = privateJwk;
  const kid = await jose.calculateJwkThumbprint({ kty, crv, x, y });
  return {
    kid,
    publicJwk: { kty, crv, x, y, kid, alg: 'ES256', use: 'sig' },
    sealed: secrets.seal(JSON.stringify(privateJwk), signingKeyPlace(kid)),
  };
}

/** The kid of a JWT's protected header, without verifying anything; undefined when there is none. */
function kidOf(token: string): string | undefined {
  try {
    const { kid } = jose.decodeProtectedHeader(token);
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class PersistentVisitorTokens implements VisitorTokens {
  /** Set by open() before the instance is handed out. */
  private signer: Signer | undefined;
  private published = new Map<string, PublishedKey>();
  private loading: Promise<void> | undefined;
  /** performance.now() when an unknown kid last started a reload (the throttle). */
  private lastReloadAt = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly log: (message: string) => void;
  private readonly unknownKidReloadIntervalMs: number;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly secrets: SecretBox,
    options: PersistentVisitorTokensOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => undefined);
    this.unknownKidReloadIntervalMs = options.unknownKidReloadIntervalMs ?? UNKNOWN_KID_RELOAD_INTERVAL_MS;
  }

  /**
   * Loads the keys, creating the first one if there is none (exactly once, however many instances start together).
   * Rejects with SigningKeysUnreadable when the current key does not open with this KATAVEN_SECRETS_KEY: the hub
   * must not start, since every token it signed would be refused by the other instances (and theirs by it).
   */
  static async open(options: PersistentVisitorTokensOptions): Promise<PersistentVisitorTokens> {
    const tokens = new PersistentVisitorTokens(options.pool, options.secrets, options);
    await tokens.ensureCurrentKey();
    await tokens.load(true);
    tokens.timer = setInterval(() => void tokens.tick(), options.reloadIntervalMs ?? SIGNING_KEYS_RELOAD_INTERVAL_MS);
    tokens.timer.unref();
    return tokens;
  }

  async sign(use: WidgetTokenUse, claims: WidgetTokenClaims, ttlSeconds: number): Promise<SignedWidgetToken> {
    const signer = this.currentSigner();
    return signWidgetToken(signer.privateKey, signer.kid, this.now(), use, claims, ttlSeconds);
  }

  async verify(use: WidgetTokenUse, token: string): Promise<WidgetTokenVerdict> {
    const kid = kidOf(token);
    // A kid this instance does not know may be another instance's new key (a rotation not yet seen here).
    if (kid !== undefined && !this.published.has(kid)) await this.reloadForUnknownKid();
    const nowMs = this.now();
    return verifyWidgetToken(
      (header) => {
        const key = header.kid === undefined ? undefined : this.published.get(header.kid);
        // A retired key past its window is no longer trusted, whether or not this instance has pruned it yet.
        if (key === undefined || (key.publishedUntil !== null && key.publishedUntil <= nowMs)) {
          throw new jose.errors.JWKSNoMatchingKey();
        }
        return key.publicKey;
      },
      nowMs,
      use,
      token,
    );
  }

  claimsWidgetIssuer(token: string): boolean {
    return claimsWidgetIssuer(token);
  }

  /** The public halves of the current key and of every retired key still in its window, current first. */
  jwks(): Promise<{ keys: jose.JWK[] }> {
    const nowMs = this.now();
    const live = [...this.published.values()].filter((k) => k.publishedUntil === null || k.publishedUntil > nowMs);
    // Current first (no end), then the retired ones, latest-ending first.
    const end = (k: PublishedKey) => k.publishedUntil ?? Number.MAX_SAFE_INTEGER;
    const keys = live.sort((a, b) => end(b) - end(a)).map((k) => k.jwk);
    return Promise.resolve({ keys });
  }

  /** The kid new tokens are signed with here. */
  get currentKid(): string {
    return this.currentSigner().kid;
  }

  private currentSigner(): Signer {
    if (this.signer === undefined) throw new Error('PersistentVisitorTokens used before open() finished');
    return this.signer;
  }

  /**
   * Makes a new current key; the previous one stops signing and stays published for RETIRED_KEY_PUBLISHED_SECONDS.
   * Keys whose window has passed are dropped. Refused (SigningKeysUnreadable) when this process cannot open the
   * current key: its KATAVEN_SECRETS_KEY is not the deployment's, and a key sealed under it would open nowhere else.
   */
  async rotate(): Promise<RotationResult> {
    const nowMs = this.now();
    const result = await this.locked(async (client) => {
      const { rows } = await client.query<KeyRow>('SELECT * FROM widget_signing_keys WHERE retired_at IS NULL FOR UPDATE');
      const previous = rows[0];
      if (previous !== undefined) this.openPrivateHalf(previous);
      const created = await newKey(this.secrets);
      let retired: KeyRow | undefined;
      if (previous !== undefined) {
        const updated = await client.query<KeyRow>(
          `UPDATE widget_signing_keys SET retired_at = $2, published_until = $3 WHERE kid = $1
           RETURNING kid, created_at, retired_at, published_until`,
          [previous.kid, new Date(nowMs), new Date(nowMs + RETIRED_KEY_PUBLISHED_SECONDS * 1000)],
        );
        retired = updated.rows[0];
      }
      const inserted = await client.query<KeyRow>(
        `INSERT INTO widget_signing_keys (kid, public_jwk, private_jwk_sealed, created_at) VALUES ($1, $2, $3, $4)
         RETURNING kid, created_at, retired_at, published_until`,
        [created.kid, JSON.stringify(created.publicJwk), created.sealed, new Date(nowMs)],
      );
      // Nothing signed by these can still be valid: their private halves need not stay at rest any longer.
      await client.query('DELETE FROM widget_signing_keys WHERE published_until <= $1', [new Date(nowMs)]);
      return { current: infoOf(inserted.rows[0]!), previous: retired === undefined ? undefined : infoOf(retired) };
    });
    await this.load(false);
    return result;
  }

  /** Every key in the table, newest first (private halves excluded). */
  async list(): Promise<SigningKeyInfo[]> {
    const { rows } = await this.pool.query<KeyRow>(
      'SELECT kid, created_at, retired_at, published_until FROM widget_signing_keys ORDER BY created_at DESC, kid',
    );
    return rows.map(infoOf);
  }

  /** Reads the keys again now (tests; the timer and unknown kids do it on their own). */
  reload(): Promise<void> {
    return this.reloadNow();
  }

  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The periodic reload: retired keys past their window are dropped, then the keys are read again. */
  private async tick(): Promise<void> {
    try {
      await this.pool.query('DELETE FROM widget_signing_keys WHERE published_until <= $1', [new Date(this.now())]);
      await this.reloadNow();
    } catch (err) {
      // The keys in memory stay in use; the next tick tries again.
      this.log(`widget signing keys: reloading from the control plane failed (${message(err)}); retried in a minute`);
    }
  }

  /**
   * Only reloads that unknown kids cause count against the once-a-second budget: a reload at start, on the timer
   * or after a rotation here says nothing about a kid that arrives next. A genuine new kid that arrives within a
   * second of a forged one's reload, and after a rotation that reload missed, is refused once; the next reload
   * (at most a second later) knows it.
   */
  private async reloadForUnknownKid(): Promise<void> {
    if (this.loading === undefined) {
      if (performance.now() - this.lastReloadAt < this.unknownKidReloadIntervalMs) return;
      this.lastReloadAt = performance.now();
    }
    try {
      await this.reloadNow();
    } catch (err) {
      // The token is then judged by the keys already known (and, with an unknown kid, refused).
      this.log(`widget signing keys: reloading from the control plane failed (${message(err)})`);
    }
  }

  /** One reload at a time: concurrent callers share it. */
  private reloadNow(): Promise<void> {
    this.loading ??= this.load(false).finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  /**
   * Reads the published keys and opens the current one's private half when it changed. At start a key that does
   * not open is fatal; later it is logged and the key in use keeps signing (still published everywhere for a day).
   */
  private async load(starting: boolean): Promise<void> {
    const { rows } = await this.pool.query<KeyRow>(
      'SELECT * FROM widget_signing_keys WHERE published_until IS NULL OR published_until > $1',
      [new Date(this.now())],
    );
    const current = rows.find((r) => r.retired_at === null);
    if (current !== undefined && current.kid !== this.signer?.kid) {
      try {
        this.signer = { kid: current.kid, privateKey: await this.importPrivateHalf(current) };
      } catch (err) {
        if (starting) throw err;
        this.log(`widget signing keys: ${message(err)}; still signing with ${this.signer?.kid ?? 'no key'}`);
      }
    } else if (current === undefined && starting) {
      throw new SigningKeysUnreadable('the control plane holds no current widget signing key');
    }
    const published = new Map<string, PublishedKey>();
    for (const row of rows) {
      const known = this.published.get(row.kid);
      published.set(row.kid, {
        jwk: row.public_jwk,
        publicKey: known?.publicKey ?? ((await jose.importJWK(row.public_jwk, 'ES256')) as jose.CryptoKey),
        publishedUntil: row.published_until?.getTime() ?? null,
      });
    }
    this.published = published;
  }

  /** The private JWK of a row, checked against the row's public half (a sealed value swapped in does not pass). */
  private openPrivateHalf(row: KeyRow): jose.JWK {
    let privateJwk: jose.JWK;
    try {
      privateJwk = JSON.parse(this.secrets.open(row.private_jwk_sealed, signingKeyPlace(row.kid))) as jose.JWK;
    } catch (err) {
      if (!(err instanceof SecretOpenError)) throw err;
      throw new SigningKeysUnreadable(
        `the widget signing key ${row.kid} in the control-plane database does not open with this KATAVEN_SECRETS_KEY: ` +
          'every hub instance, the auth-service and the CLI must be given the KATAVEN_SECRETS_KEY that sealed it',
      );
    }
    if (privateJwk.x !== row.public_jwk.x || privateJwk.y !== row.public_jwk.y || privateJwk.crv !== 'P-256') {
      throw new SigningKeysUnreadable(`the widget signing key ${row.kid} does not match its public half`);
    }
    return privateJwk;
  }

  private async importPrivateHalf(row: KeyRow): Promise<jose.CryptoKey> {
    return (await jose.importJWK(this.openPrivateHalf(row), 'ES256')) as jose.CryptoKey;
  }

  /** The first key, created once: instances starting together queue on the lock and find it made. */
  private async ensureCurrentKey(): Promise<void> {
    const existing = await this.pool.query('SELECT 1 FROM widget_signing_keys WHERE retired_at IS NULL');
    if (existing.rowCount !== 0) return;
    await this.locked(async (client) => {
      const { rowCount } = await client.query('SELECT 1 FROM widget_signing_keys WHERE retired_at IS NULL');
      if (rowCount !== 0) return;
      const created = await newKey(this.secrets);
      await client.query(
        'INSERT INTO widget_signing_keys (kid, public_jwk, private_jwk_sealed, created_at) VALUES ($1, $2, $3, $4)',
        [created.kid, JSON.stringify(created.publicJwk), created.sealed, new Date(this.now())],
      );
      this.log(`widget signing keys: created the first key ${created.kid}`);
    });
  }

  /** `fn` in a transaction holding the signing keys' advisory lock (released at commit or rollback). */
  private async locked<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [LOCK_NAME]);
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}
