// The auth-service's one operation (SPEC T5): Verify(token, account_header, surface) → claims or a T4 code.
// Checks that need no I/O run first (T2), so garbage never reaches PostgreSQL.
import type pg from 'pg';
import type { AccountRecord } from '../tenancy/catalog.js';
import type { AccountPools } from '../tenancy/cluster-pools.js';
import { isValidAccountSlug, RESERVED_ACCOUNT } from '../tenancy/account-slug.js';
import { findApiKeyByHash, recordApiKeyUse, rehashApiKey, type StoredKey } from '../keys/api-key-store.js';
import type { KeyDirectory } from '../keys/key-directory.js';
import type { KeyUseSink } from '../keys/key-usage.js';
import type { AuthService, VerifyRequest } from './auth-service.js';
import { deny, type KeyLimits, type Verdict } from './claims.js';
import type { KeyHash, KeyHasher } from './key-hashing.js';
import { parseToken } from './token-format.js';
import type { UserTokenVerifier } from './user-token-verifier.js';
import { widgetTokenRefusal, type WidgetTokenCheck } from './widget-token-refusal.js';

export interface VerifierDeps {
  /** Active accounts (a cached view of the catalog). */
  accounts: { find(slug: string): Promise<AccountRecord | undefined> };
  pools: AccountPools;
  hasher: KeyHasher;
  /** Which account each key belongs to (issue 7 item 4): asked before any account database. */
  directory: KeyDirectory;
  users: UserTokenVerifier;
  /** §W: the hub's own widget tokens, recognised so that they are refused here (403 widget_token_not_allowed). */
  widgetTokens: WidgetTokenCheck;
  now?: () => Date;
}

/** The key's sub-limits (R1), only the windows it has. */
function keyLimitsOf(key: StoredKey): { key_limits?: KeyLimits } {
  const limits: KeyLimits = {};
  if (key.rate_per_minute !== null) limits.per_minute = key.rate_per_minute;
  if (key.rate_per_hour !== null) limits.per_hour = key.rate_per_hour;
  if (key.rate_per_day !== null) limits.per_day = key.rate_per_day;
  if (key.rate_concurrent !== null) limits.concurrent = key.rate_concurrent;
  return Object.keys(limits).length > 0 ? { key_limits: limits } : {};
}

/** Checks an X-Account-ID value alone: A1 then A2. Undefined when it is acceptable. */
function accountHeaderProblem(header: string): Verdict | undefined {
  if (!isValidAccountSlug(header)) return deny('invalid_account');
  if (header === RESERVED_ACCOUNT) return deny('reserved_account');
  return undefined;
}

/** The in-process auth-service. */
export class Verifier implements AuthService {
  private readonly now: () => Date;
  private keyUses: KeyUseSink | undefined;

  constructor(private readonly deps: VerifierDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Where K6's later writes go (a hub's AuditTrail.recordKeyUse: with the account's next audit batch, on the same
   * connection). Without one (a standalone auth-service), each is a write of its own, off the request path.
   */
  setKeyUseSink(sink: KeyUseSink): void {
    this.keyUses = sink;
  }

  async verify(request: VerifyRequest): Promise<Verdict> {
    const parsed = parseToken(request.token);
    if (parsed.kind === 'malformed') return deny('malformed_token');
    // §W/T4: a widget token is refused on every route this service guards, the operator console included. A
    // visitor token comes without X-Account-ID (its account is in its claims), so a missing header or one naming
    // another account does not decide its answer; a header that fails A1 or names kataven-admin still does, as
    // for every credential (A1/A2 hold at the edge, before any signature is checked).
    if (parsed.kind === 'jwt' && this.deps.widgetTokens.claimsWidgetIssuer(request.token)) {
      const problem = request.accountHeader === undefined ? undefined : accountHeaderProblem(request.accountHeader);
      return problem ?? deny(await widgetTokenRefusal(this.deps.widgetTokens, request.token));
    }
    // O1/O2: a key can never act as an operator.
    if (request.surface === 'operator') {
      return parsed.kind === 'jwt' ? this.verifyOperator(request) : deny('requires_hub_ui_auth');
    }
    switch (parsed.kind) {
      case 'key':
        // pk_live_ widget keys are public identifiers, not bearer credentials (§W).
        if (parsed.prefix !== 'sk_live_') return deny('malformed_token');
        return this.verifyApiKey(request, parsed.account);
      case 'jwt':
        return this.verifyUserToken(request);
    }
  }

  private async verifyApiKey(request: VerifyRequest, account: string): Promise<Verdict> {
    if (account === RESERVED_ACCOUNT) return deny('reserved_account');
    if (request.accountHeader !== undefined) {
      const problem = accountHeaderProblem(request.accountHeader);
      if (problem) return problem;
      if (request.accountHeader !== account) return deny('account_mismatch');
    }
    // Issue 7 item 4: the key directory answers first, with one indexed control-plane query whatever the account
    // (existing or not, its pool open or not), so a forged key neither reveals whether its account exists nor
    // opens a tenant pool (A5). Only a key the directory places in this very account goes further.
    const candidates = this.deps.hasher.candidates(request.token);
    const owner = await this.deps.directory.lookup(candidates.map((c) => c.hash));
    // A miss is final, except for an account from before the directory whose keys this process could not enter
    // yet (its backfill failed at start): its own database still decides for it, as before.
    if (owner === undefined ? !this.deps.directory.isPending(account) : owner !== account) return deny('invalid_token');
    const record = await this.activeAccount(account);
    if (!record) return deny('invalid_token');
    return this.deps.pools.use(record, (db) => this.checkStoredKey(db, candidates, account));
  }

  private async checkStoredKey(db: pg.Pool, candidates: KeyHash[], account: string): Promise<Verdict> {
    const key = await findApiKeyByHash(
      db,
      candidates.map((c) => c.hash),
    );
    if (!key) return deny('invalid_token');
    if (key.disabled_at !== null) return deny('key_revoked');
    const now = this.now();
    if (key.expires_at !== null && key.expires_at <= now) return deny('key_expired');

    // K6: the first successful use is recorded before answering; later ones at most once a minute, off the
    // request path.
    if (key.last_used_at === null) {
      await recordApiKeyUse(db, key.id);
    } else if (now.getTime() - key.last_used_at.getTime() >= 60_000) {
      if (this.keyUses) this.keyUses(account, key.id);
      else void recordApiKeyUse(db, key.id).catch(() => undefined);
    }
    const current = candidates[0]!;
    if (key.pepper_version !== current.pepperVersion) {
      // T3 rotation: the row and its directory entry move to the current pepper's hash together.
      const stored = candidates.find((c) => c.pepperVersion === key.pepper_version);
      void this.deps.directory
        .rehash(account, stored?.hash ?? current.hash, current.hash, current.pepperVersion, () =>
          rehashApiKey(db, key.id, current.hash, current.pepperVersion),
        )
        .catch(() => undefined);
    }
    return {
      ok: true,
      claims: {
        account,
        actor: 'api_key',
        key_id: key.id,
        key_name: key.name,
        roles: [],
        ...(key.expires_at ? { expires_at: key.expires_at.toISOString() } : {}),
        ...keyLimitsOf(key),
      },
    };
  }

  private async verifyUserToken(request: VerifyRequest): Promise<Verdict> {
    // The header is checked before the signature: A1/A2 hold at the edge whatever the credential.
    if (request.accountHeader === undefined) return deny('missing_account_header');
    const problem = accountHeaderProblem(request.accountHeader);
    if (problem) return problem;
    const account = request.accountHeader;
    // A non-member and a member of an account that does not exist get the same answer: nothing tells them
    // whether the account exists.
    return this.verifyMember(request.token, account, async () => (await this.activeAccount(account)) !== undefined);
  }

  /**
   * O1: the operator console. Only a user JWT that is a member of kataven-admin (the reserved account, which
   * has no database) qualifies; the operator role is the console's own check.
   */
  private verifyOperator(request: VerifyRequest): Promise<Verdict> {
    return this.verifyMember(request.token, RESERVED_ACCOUNT, () => Promise.resolve(true));
  }

  /** A user JWT (T8) whose membership claim includes `account`, which `exists`: the user's claims for it. */
  private async verifyMember(token: string, account: string, exists: () => Promise<boolean>): Promise<Verdict> {
    const result = await this.deps.users.verify(token);
    if (!result.ok) return deny(result.reason === 'unavailable' ? 'service_unavailable' : 'invalid_token');
    const { identity } = result;
    const member = identity.accounts === '*' || identity.accounts.includes(account);
    if (!member || !(await exists())) return deny('account_mismatch');
    return {
      ok: true,
      claims: {
        account,
        actor: 'user',
        sub: identity.sub,
        roles: identity.roles,
        expires_at: identity.expiresAt.toISOString(),
      },
    };
  }

  private activeAccount(slug: string): Promise<AccountRecord | undefined> {
    return this.deps.accounts.find(slug);
  }
}
