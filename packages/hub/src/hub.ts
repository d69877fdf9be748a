// Assembles a running hub from a Config: databases (embedded or given), catalog, pools, credentials, app.
// The CLI and the tests both start hubs through here, so they exercise the same wiring.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import pg from 'pg';
import { ConfigError, DEFAULT_CLUSTER, type Config } from './config.js';
import { DevIssuer } from './auth/dev-issuer.js';
import { KeyHasher } from './auth/key-hashing.js';
import { SecretBox } from './secrets/secret-box.js';
import { PersistentVisitorTokens } from './widget/signing-keys.js';
import { discoveredIssuer, UserTokenVerifier, type TrustedIssuer } from './auth/user-token-verifier.js';
import { Verifier } from './auth/verifier.js';
import { AuthGate } from './auth/auth-gate.js';
import type { AuthService } from './auth/auth-service.js';
import { GrpcAuthServiceClient, serveAuthService, type RunningAuthService } from './auth/grpc/auth-service-grpc.js';
import { checkClientTransport, checkServeTransport, readGrpcTls } from './auth/grpc/grpc-tls.js';
import { InProcessRevocationBus, RedisRevocationBus, type BusTiming, type RevocationBus } from './auth/revocation-bus.js';
import { VerdictCache } from './auth/verdict-cache.js';
import { RefusalCache, type RefusalCacheOptions } from './auth/refusal-cache.js';
import { FailedAuthBudget } from './http/failed-auth-budget.js';
import { KeyUsageRecorder } from './keys/key-usage.js';
import { KeyDirectory } from './keys/key-directory.js';
import { AuditTrail } from './audit/audit-trail.js';
import { buildServer } from './server.js';
import { createAccount } from './tenancy/account-provisioning.js';
import type { AccountRecord } from './tenancy/catalog.js';
import { Catalog } from './tenancy/catalog.js';
import { DatabaseServer } from './tenancy/database-server.js';
import { startEmbeddedDatabase } from './tenancy/embedded-database.js';
import { migrateDatabase } from './tenancy/migrations.js';
import { ClusterPools } from './tenancy/cluster-pools.js';
import { DatabaseClusters } from './tenancy/database-clusters.js';
import { clusterReserve, fitTenantBudget, type HubReserve } from './tenancy/tenant-budget-check.js';
import { KEY_INDEXING_CONCURRENCY } from './keys/key-directory.js';
import type { Queryable } from './tenancy/queryable.js';
import { Tenancy } from './tenancy/tenancy.js';
import { ActiveAccountCache } from './tenancy/active-account-cache.js';
import { InProcessRateLimiter } from './limits/in-process-rate-limiter.js';
import type { RateLimiter } from './limits/rate-limiter.js';
import { RedisRateLimiter } from './limits/redis-rate-limiter.js';
import { RequestLimits } from './limits/request-limits.js';
import type { CallLifecycle } from './calls/call-lifecycle.js';
import { costCapLifecycle } from './calls/cost-cap-lifecycle.js';
import { CALL_EVENTS_PATH, CallProcessorClient } from './calls/call-processor.js';
import { RecordingStore } from './calls/recording-store.js';
import { RecordingUrls } from './calls/recording-urls.js';
import { InProcessReplayGuard, RedisReplayGuard, type ReplayGuard } from './calls/replay-guard.js';
import { InProcessIdempotencyStore } from './idempotency/in-process-store.js';
import { RedisIdempotencyStore } from './idempotency/redis-store.js';
import type { IdempotencyStore } from './idempotency/store.js';
import { startSimulatedCarrier, type CarrierTiming, type RunningSimulatedCarrier } from './calls/simulated-carrier.js';
import { LiveCallSlots, type CostCapLimiter } from './limits/cost-caps.js';
import { InProcessCostCaps } from './limits/in-process-cost-caps.js';
import { RedisCostCaps } from './limits/redis-cost-caps.js';
import type { AgentWidgetPolicyReader } from './widget/agent-widget-policy.js';
import type { VisitorTokens } from './widget/visitor-tokens.js';
import { WebSessions } from './widget/web-sessions.js';

/** What both a hub and a standalone auth-service stand on: databases, catalog, pools, credentials. */
export interface HubCore {
  config: Config;
  /** The default cluster's server (DATABASE_URL): the control plane, and accounts placed there. */
  server: DatabaseServer;
  /** A8: every cluster's server, the default included; an account's record says which is its. */
  clusters: DatabaseClusters;
  control: pg.Pool;
  catalog: Catalog;
  tenancy: Tenancy;
  /** Account pools, one budget per cluster. */
  pools: ClusterPools;
  hasher: KeyHasher;
  /** Seals and opens secrets kept at rest (KATAVEN_SECRETS_KEY). */
  secrets: SecretBox;
  /** The control plane's directory of keys (issue 7 item 4). */
  directory: KeyDirectory;
  /** The in-process auth-service. */
  verifier: Verifier;
  /** The verifier's cached view of active accounts; revocations on the bus must reach it. */
  accounts: ActiveAccountCache;
  /** User JWT verification (T8/T9), for handlers that verify a bearer themselves (GET /api/user/org). */
  users: UserTokenVerifier;
  devIssuer: DevIssuer | undefined;
  /** W5: the widget issuer's keys, shared through the control plane (sign, verify, JWKS, rotate). */
  visitorTokens: PersistentVisitorTokens;
  /** Whether the hub runs on the embedded PostgreSQL. */
  embedded: boolean;
  createAccount(slug: string): Promise<AccountRecord>;
  close(): Promise<void>;
}

export interface Hub extends HubCore {
  app: FastifyInstance;
  audit: AuditTrail;
  gate: AuthGate;
  bus: RevocationBus;
  cache: VerdictCache;
  /** Issue 7 item 4: recently refused forged keys (undefined when turned off). */
  refusals: RefusalCache | undefined;
  /** Issue 7 item 4: the per-IP budget of failed verifications (undefined when turned off). */
  failedAuth: FailedAuthBudget | undefined;
  /** C3a: the client of the call processor (KATAVEN_CALL_PROCESSOR_URL, or the built-in simulated carrier). */
  callProcessor: CallProcessorClient;
  /** The built-in simulated carrier on its loopback port; undefined when a real processor is configured. */
  simulatedCarrier: RunningSimulatedCarrier | undefined;
  /** C3a/L2: told once when a call ends. */
  calls: CallLifecycle;
  /** C4: recordings in KATAVEN_HOME/recordings. */
  recordings: RecordingStore;
  /** The hub's base URL as the call processor reaches it; undefined until known (KATAVEN_HUB_URL, or setPublicUrl). */
  publicUrl(): string | undefined;
  /**
   * Where the call processor reports (`<public URL>/internal/call-events`); undefined until the public URL is known,
   * and then originate must refuse (503): the processor would have nowhere to report the call's end.
   */
  reportUrl(): string | undefined;
  /**
   * Tells the hub its public URL when KATAVEN_HUB_URL does not: `kataven serve` once it listens, a test once its
   * hub listens on port 0. A wildcard listening address (0.0.0.0, ::) becomes loopback. KATAVEN_HUB_URL wins.
   */
  setPublicUrl(url: string): void;
  /** L2: the cost caps every call placement passes (shared by all instances through Redis). */
  costCaps: CostCapLimiter;
  /** The slots of the calls this instance placed, renewed while they live (L2 leases). */
  liveCalls: LiveCallSlots;
  /** W5: the web sessions this instance opened, and how any of them ends. */
  webSessions: WebSessions;
}

export interface HubOptions {
  logger?: FastifyServerOptions['logger'];
  log?: (message: string) => void;
  /** The clock (ms since the epoch) of expiry checks, the verdict cache and K6; tests move it. */
  now?: () => number;
  /** The revocation bus's heartbeat and acknowledgement timing (T7); tests shorten it. */
  busTiming?: Partial<BusTiming>;
  /** How long a concurrency lease lives unless renewed (R2; LEASE_TTL_MS); tests shorten it. */
  leaseTtlMs?: number;
  /**
   * Issue 7 item 4: failed verifications allowed per client IP per minute (FAILED_AUTH_PER_IP_PER_MINUTE by
   * default); false turns the budget off, for tests that send many failures on purpose or measure timings.
   */
  failedAuthPerMinute?: number | false;
  /** Issue 7 item 4: the negative cache of refused forged keys; false turns it off (timing measurements). */
  refusalCache?: Omit<RefusalCacheOptions, 'now'> | false;
  /** C3a/L2: what a call's end is told to (the cost caps); default: nothing. */
  calls?: CallLifecycle;
  /** The built-in simulated carrier's report timing; tests shorten it. */
  carrierTiming?: Partial<CarrierTiming>;
  /** How long a call's cost-cap slot lives unless renewed (L2; CALL_LEASE_TTL_MS); tests shorten it. */
  callLeaseTtlMs?: number;
  /** W5: the widget's token keys; default: this hub's own. Tests give two hubs one set. */
  visitorTokens?: VisitorTokens;
  /** W7: an agent's widget policy; default: the stored one (tests give a fake). */
  agentPolicy?: AgentWidgetPolicyReader;
}

/** A listening address as others reach it: no trailing slash, a wildcard host replaced by loopback. */
export function reachableUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.hostname === '0.0.0.0') parsed.hostname = '127.0.0.1';
  if (parsed.hostname === '[::]') parsed.hostname = '[::1]';
  return parsed.toString().replace(/\/+$/, '');
}

/**
 * A secret from the environment (KATAVEN_PEPPER, KATAVEN_SECRETS_KEY), or in development one generated once and
 * kept in the home folder (mode 0600), so a restart keeps verifying keys and opening sealed values.
 */
async function resolveSecret(
  config: Config,
  given: string | undefined,
  variable: string,
  file: string,
  generate: () => string,
): Promise<string> {
  if (given !== undefined) return given;
  if (config.env === 'production') throw new Error(`${variable} is required in production`);
  const where = path.join(config.home, file);
  if (existsSync(where)) return (await readFile(where, 'utf8')).trim();
  const secret = generate();
  await mkdir(config.home, { recursive: true, mode: 0o711 });
  await writeFile(where, secret, { mode: 0o600 });
  return secret;
}

/** The connections this hub opens outside the tenant budget (A5), which the server must hold beside it. */
export const HUB_RESERVE: HubReserve = { controlPool: 10, keyDirectoryLookups: 10, keyIndexing: KEY_INDEXING_CONCURRENCY, accountCreation: 2 };

/** The control-plane database exists and is migrated before anything else runs. */
async function prepareControlPlane(server: DatabaseServer): Promise<void> {
  await server.createDatabase(server.controlDatabase);
  await migrateDatabase(server.connection(server.controlDatabase), 'control');
}

/**
 * A8: every cluster the catalog has accounts on must be configured, or those accounts could not be served: a
 * configuration error, so the start fails (STYLE 4) naming the clusters, rather than 503s later.
 */
async function checkClustersInUse(catalog: Catalog, clusters: DatabaseClusters): Promise<void> {
  const missing = (await catalog.clustersInUse()).filter((name) => !clusters.has(name));
  if (missing.length > 0) {
    throw new ConfigError(
      `invalid configuration:\n  KATAVEN_DB_CLUSTERS: the catalog has accounts on ${missing.map((n) => `"${n}"`).join(', ')}, ` +
        `which ${missing.length === 1 ? 'is' : 'are'} not configured (configured: ${clusters.names.join(', ')})`,
    );
  }
}

/**
 * Issue 7 item 4: accounts created before the key directory have their keys entered once (4 at a time), before
 * this process verifies anything, so their keys are never refused for want of an entry. Each account is flagged
 * when done, so later starts find nothing to do. A failure is logged, not fatal: such an account's keys are
 * still looked up in its own database (Verifier), and entering them is retried every minute.
 */
async function indexExistingKeys(directory: KeyDirectory, server: DatabaseClusters, log: (message: string) => void): Promise<void> {
  const results = await directory.indexUnindexed(server);
  if (results.length === 0) return;
  const failed = results.filter((r) => r.error !== undefined);
  const keys = results.reduce((n, r) => n + (r.keys ?? 0), 0);
  log(`key directory: entered ${keys} keys of ${results.length - failed.length} accounts`);
  for (const r of failed) log(`key directory: entering the keys of ${r.slug} failed (${r.error}); retried every minute`);
  directory.retryPending(server, log);
}

export async function startCore(
  config: Config,
  log: (message: string) => void = () => undefined,
  now: () => number = Date.now,
): Promise<HubCore> {
  const embedded = config.databaseUrl === undefined ? await startEmbeddedDatabase(config.home, log) : undefined;
  const server = new DatabaseServer(config.databaseUrl ?? embedded!.url, config.pgTimeoutMs);
  let control: pg.Pool | undefined;
  let directoryLookups: pg.Pool | undefined;
  let visitorTokens: PersistentVisitorTokens | undefined;
  try {
    await prepareControlPlane(server);
    control = new pg.Pool({ ...server.pooledConnection(server.controlDatabase), max: HUB_RESERVE.controlPool });
    control.on('error', () => undefined);
    const catalog = new Catalog(control);
    const clusters = new DatabaseClusters(server, config.dbClusters, config.pgTimeoutMs);
    await checkClustersInUse(catalog, clusters);
    // Issue 14: a budget a server cannot hold fails here, loudly, rather than as refused connections under load.
    // Each cluster of KATAVEN_DB_CLUSTERS is checked against its own max_connections, and gets its own budget.
    const budgets = new Map<string, number>();
    const fitOn = (db: Queryable, reserve: HubReserve, server?: string) =>
      fitTenantBudget(db, config.maxTenantConnections, config.maxTenantConnectionsGiven, reserve, server);
    for (const name of clusters.names) {
      const fit =
        name === DEFAULT_CLUSTER
          ? await fitOn(control, HUB_RESERVE)
          : await clusters.server(name).withMaintenanceClient((client) => fitOn(client, clusterReserve(HUB_RESERVE), `cluster "${name}"`));
      if (!fit.ok) throw new Error(fit.message);
      if (fit.lowered) {
        const where = name === DEFAULT_CLUSTER ? "this server's" : `cluster "${name}"'s`;
        log(`tenant connection budget: ${fit.budget} (the default ${config.maxTenantConnections} does not fit ${where} max_connections)`);
      }
      budgets.set(name, fit.budget);
    }
    const pools = new ClusterPools(clusters, catalog, budgets, { acquireTimeoutMs: config.pgTimeoutMs, now });
    const hasher = new KeyHasher(
      await resolveSecret(config, config.pepper, 'KATAVEN_PEPPER', 'pepper', () => randomBytes(32).toString('base64url')),
      config.pepperPrevious,
    );
    // Secrets at rest (carrier credentials, C2): AES-256-GCM under KATAVEN_SECRETS_KEY.
    const secrets = new SecretBox(
      await resolveSecret(config, config.secretsKey, 'KATAVEN_SECRETS_KEY', 'secrets-key', () => randomBytes(32).toString('hex')),
    );
    // Issue 7 item 4: the key directory's lookups (one per cache-miss verification of an sk_live_ key, forged
    // ones included) have connections of their own, so a flood of forged keys queues behind itself and never
    // in front of the catalog, the operator console or /readyz on the control pool.
    directoryLookups = new pg.Pool({ ...server.pooledConnection(server.controlDatabase), max: HUB_RESERVE.keyDirectoryLookups });
    directoryLookups.on('error', () => undefined);
    const directory = new KeyDirectory(control, directoryLookups);
    await indexExistingKeys(directory, clusters, log);

    // W5: the widget issuer's signing keys, from the control plane (the first one made there once). Built here, in
    // the core, so that a standalone auth-service recognises and refuses widget tokens exactly as a hub does.
    visitorTokens = await PersistentVisitorTokens.open({ pool: control, secrets, now, log });

    const issuers: TrustedIssuer[] = [];
    if (config.oidc) issuers.push(discoveredIssuer(config.oidc.issuer, config.oidc.audience, config.oidc.accountsClaim));
    const devIssuer = config.env === 'development' ? await DevIssuer.load(config.home, config.accountsClaim) : undefined;
    if (devIssuer) issuers.push(devIssuer.trustedIssuer());
    const accounts = new ActiveAccountCache(catalog, { now });
    const tenancy = new Tenancy(catalog, pools, accounts);
    const users = new UserTokenVerifier(issuers, now);
    const verifier = new Verifier({
      accounts, pools, hasher, directory, users, widgetTokens: visitorTokens, now: () => new Date(now()),
    });
    const controlPool = control;
    const keys = visitorTokens;
    const lookupPool = directoryLookups;
    return {
      config,
      server,
      clusters,
      control,
      catalog,
      tenancy,
      pools,
      hasher,
      secrets,
      directory,
      verifier,
      accounts,
      users,
      devIssuer,
      visitorTokens,
      embedded: embedded !== undefined,
      createAccount: (slug) => createAccount({ server: clusters, catalog, databasePrefix: config.accountDbPrefix }, slug),
      async close() {
        directory.stop();
        keys.close();
        await pools.closeAll();
        await lookupPool.end();
        await controlPool.end();
        await embedded?.stop();
      },
    };
  } catch (err) {
    visitorTokens?.close();
    await directoryLookups?.end().catch(() => undefined);
    await control?.end().catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw err;
  }
}

export async function startHub(config: Config, options: HubOptions = {}): Promise<Hub> {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => undefined);
  // T5: the channel to a standalone auth-service is settled (TLS files read, or a loopback target) before anything starts.
  const grpcTls = config.authServiceUrl !== undefined && config.grpcTls ? readGrpcTls(config.grpcTls) : undefined;
  if (config.authServiceUrl !== undefined) checkClientTransport(config.authServiceUrl, grpcTls);
  const core = await startCore(config, log, now);
  let bus: RevocationBus | undefined;
  let authService: AuthService | undefined;
  let limiter: RateLimiter | undefined;
  let replayGuard: ReplayGuard | undefined;
  let idempotency: IdempotencyStore | undefined;
  let carrier: RunningSimulatedCarrier | undefined;
  let costCaps: CostCapLimiter | undefined;
  try {
    bus = config.redisUrl
      ? await RedisRevocationBus.connect(config.redisUrl, await core.catalog.deploymentId(), {
          commandTimeoutMs: config.redisTimeoutMs,
          ...options.busTiming,
        })
      : new InProcessRevocationBus();
    // R1: counted in Redis, shared by all instances; without REDIS_URL, in this process (one instance only).
    limiter = config.redisUrl
      ? await RedisRateLimiter.connect(config.redisUrl, now, {
          commandTimeoutMs: config.redisTimeoutMs,
          leaseTtlMs: options.leaseTtlMs ?? config.rateLeaseMs,
          onError: (err, what) => log(`${what} failed: ${err instanceof Error ? err.message : String(err)}`),
        })
      : new InProcessRateLimiter(now, options.leaseTtlMs ?? config.rateLeaseMs);
    const limits = new RequestLimits({ limiter, accounts: core.accounts, now });
    // L2: the same choice for the cost caps; in-process, they hold for this one instance only.
    costCaps = config.redisUrl
      ? await RedisCostCaps.connect(config.redisUrl, now, {
          commandTimeoutMs: config.redisTimeoutMs,
          leaseTtlMs: options.callLeaseTtlMs ?? config.callLeaseMs,
        })
      : new InProcessCostCaps(now, options.callLeaseTtlMs ?? config.callLeaseMs);
    const liveCalls = new LiveCallSlots(costCaps);
    const webSessions = new WebSessions({
      tenancy: core.tenancy,
      costCaps,
      liveCalls,
      now,
      maxSeconds: config.webSessionMaxSeconds,
      log,
    });
    // W5: the widget issuer's keys (sign, verify, JWKS), shared by every instance through the control plane;
    // a test may give a hub another set.
    const visitorTokens = options.visitorTokens ?? core.visitorTokens;
    authService = config.authServiceUrl ? new GrpcAuthServiceClient(config.authServiceUrl, grpcTls) : core.verifier;
    const cache = new VerdictCache({ now });
    const refusals = options.refusalCache === false ? undefined : new RefusalCache({ ...options.refusalCache, now });
    const failedAuth =
      options.failedAuthPerMinute === false
        ? undefined
        : new FailedAuthBudget({
            limits,
            perMinute: options.failedAuthPerMinute ?? config.failedAuthPerMinute,
            deployment: core.server.controlDatabase,
            now,
          });
    const audit = new AuditTrail(core.tenancy, (err, account, lost) =>
      log(`audit: writing the log of ${account} failed (${err instanceof Error ? err.message : String(err)}); ${lost} rows dropped`),
    );
    const keyUses = (account: string, keyId: string) => audit.recordKeyUse(account, keyId);
    core.verifier.setKeyUseSink(keyUses);
    const usage = new KeyUsageRecorder(keyUses, now);
    const gate = new AuthGate(authService, cache, bus, (claims, cached) => usage.touch(claims, cached), refusals);
    core.pools.setLastWords((slug) => audit.lastWordsOf(slug));
    listenForRevocations(bus, core.accounts);

    // C3a: a real call processor, or the simulated carrier in this process on a loopback port, reached over real
    // HTTP all the same. Its secret is then this process's own unless one is configured.
    const processorSecret = config.callProcessorSecret ?? randomBytes(32).toString('base64url');
    if (config.callProcessorUrl === undefined) {
      carrier = await startSimulatedCarrier({
        host: '127.0.0.1',
        port: 0,
        secret: processorSecret,
        callSeconds: config.simulatedCallSeconds,
        log,
        now,
        ...(options.carrierTiming ? { timing: options.carrierTiming } : {}),
      });
    }
    const callProcessor = new CallProcessorClient({
      url: config.callProcessorUrl ?? carrier!.url,
      secret: processorSecret,
      builtInSimulated: carrier !== undefined,
      now,
    });
    // Each report's event id once (C3a): across instances in Redis, else in this process.
    replayGuard = config.redisUrl
      ? await RedisReplayGuard.connect(config.redisUrl, await core.catalog.deploymentId(), { commandTimeoutMs: config.redisTimeoutMs })
      : new InProcessReplayGuard(now);
    // §E Idempotency-Key answers: across instances in Redis, else in this process.
    idempotency = config.redisUrl
      ? await RedisIdempotencyStore.connect(config.redisUrl, await core.catalog.deploymentId(), { commandTimeoutMs: config.redisTimeoutMs })
      : new InProcessIdempotencyStore(now);
    const recordings = new RecordingStore(path.join(config.home, 'recordings'));
    // C4: every instance sharing KATAVEN_SECRETS_KEY signs and verifies recording URLs alike.
    const recordingUrls = new RecordingUrls(core.secrets.deriveKey('recording-urls'), now);
    let publicUrl = config.hubUrl;
    // L2: a call's end frees its slot and counts its minutes; a test's own lifecycle is told afterwards.
    const capRelease = costCapLifecycle(costCaps, liveCalls, log);
    const observer = options.calls;
    const calls: CallLifecycle = observer
      ? {
          async onCallEnded(account, call) {
            await capRelease.onCallEnded(account, call);
            await observer.onCallEnded(account, call);
          },
        }
      : capRelease;

    const app = buildServer(
      {
        control: core.control,
        tenancy: core.tenancy,
        hasher: core.hasher,
        directory: core.directory,
        users: core.users,
        gate,
        audit,
        catalog: core.catalog,
        createAccount: (slug) => core.createAccount(slug),
        limits,
        failedAuth,
        activeAccounts: core.accounts,
        secrets: core.secrets,
        calls,
        callProcessor,
        costCaps,
        liveCalls,
        callReports: { secret: processorSecret, replayGuard },
        recordings,
        recordingUrls,
        publicUrl: () => publicUrl,
        visitorTokens,
        webSessions,
        agentPolicy: options.agentPolicy,
        idempotency,
        now,
        ...(core.devIssuer ? { devLogin: { issuer: core.devIssuer, users: config.devUsers } } : {}),
        oidc: config.oidc,
      },
      { logger: options.logger ?? false, trustedProxies: config.trustedProxies, requestTimeoutMs: config.requestTimeoutMs },
    );
    const hubBus = bus;
    const hubLimiter = limiter;
    const hubCostCaps = costCaps;
    const hubAuthService = authService;
    const hubReplayGuard = replayGuard;
    const hubIdempotency = idempotency;
    const hubCarrier = carrier;
    return {
      ...core,
      app,
      audit,
      gate,
      bus,
      cache,
      refusals,
      failedAuth,
      callProcessor,
      simulatedCarrier: carrier,
      calls,
      recordings,
      publicUrl: () => publicUrl,
      reportUrl: () => (publicUrl === undefined ? undefined : `${publicUrl}${CALL_EVENTS_PATH}`),
      setPublicUrl(url: string) {
        if (config.hubUrl === undefined) publicUrl = reachableUrl(url);
      },
      costCaps,
      liveCalls,
      webSessions,
      async close() {
        // Simulated calls stop first (no report after this), then in-flight requests finish and their batched
        // audit rows are flushed (AU2).
        await hubCarrier?.close();
        await app.close();
        await audit.close();
        await hubAuthService.close?.();
        await hubBus.close();
        await hubLimiter.close();
        await hubReplayGuard.close();
        await hubIdempotency.close();
        // The calls and web sessions this instance placed stop being renewed and timed; their slots expire
        // unless they end first.
        webSessions.close();
        liveCalls.close();
        await hubCostCaps.close();
        await core.close();
      },
    };
  } catch (err) {
    await authService?.close?.().catch(() => undefined);
    await bus?.close().catch(() => undefined);
    await limiter?.close().catch(() => undefined);
    await replayGuard?.close().catch(() => undefined);
    await idempotency?.close().catch(() => undefined);
    await carrier?.close().catch(() => undefined);
    await costCaps?.close().catch(() => undefined);
    await core.close().catch(() => undefined);
    throw err;
  }
}

/**
 * A8: an account's catalog row changed in a way every instance must see at once (a move's freeze and switch):
 * this instance drops its cached row and verdicts, then every other one is told through the bus (T7).
 */
export function accountChangeAnnouncer(hub: Pick<Hub, 'accounts' | 'gate'>): (slug: string) => Promise<void> {
  return async (slug) => {
    const revocation = { kind: 'account', account: slug } as const;
    hub.accounts.revoke(revocation);
    await hub.gate.revoke(revocation);
  };
}

/** Keeps a cache of the verification path in step with the revocation bus (T7), failing closed. */
function listenForRevocations(bus: RevocationBus, cache: ActiveAccountCache): void {
  bus.onRevocation((revocation) => cache.revoke(revocation));
  bus.onStatus((subscribed) => cache.setTrusted(subscribed));
  cache.setTrusted(bus.subscribed);
}

/** `kataven auth-service`: the in-process verifier, served alone over gRPC (T5). */
export async function startAuthService(
  config: Config,
  host: string,
  port: number,
  log: (message: string) => void = () => undefined,
): Promise<{ core: HubCore; grpc: RunningAuthService; close(): Promise<void> }> {
  // Mutual TLS when configured; plaintext only on loopback. Settled before anything starts.
  const tls = config.grpcTls ? readGrpcTls(config.grpcTls) : undefined;
  checkServeTransport(host, tls);
  const core = await startCore(config, log);
  let bus: RevocationBus | undefined;
  try {
    // Alone, the service learns of account revocations only through Redis; without it, it caches no account.
    if (config.redisUrl) {
      bus = await RedisRevocationBus.connect(config.redisUrl, await core.catalog.deploymentId(), {
        commandTimeoutMs: config.redisTimeoutMs,
      });
      listenForRevocations(bus, core.accounts);
    } else {
      core.accounts.setTrusted(false);
    }
    const grpc = await serveAuthService(core.verifier, host, port, tls);
    const serviceBus = bus;
    return {
      core,
      grpc,
      async close() {
        await grpc.close();
        await serviceBus?.close();
        await core.close();
      },
    };
  } catch (err) {
    await bus?.close().catch(() => undefined);
    await core.close().catch(() => undefined);
    throw err;
  }
}
