// The hub's configuration: the environment, parsed once at start by one schema (SPEC "CLI and configuration").
// Nothing else in the hub reads process.env; everything receives a Config.
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { grpcTargetHost, isLoopbackHost, LOOPBACK_ADDRESSES } from './loopback.js';
import { LEASE_TTL_MS } from './limits/rate-limiter.js';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** An optional whole number within [min, max], given as a string. */
const optionalInt = (min: number, max: number) =>
  optionalString.transform((value, ctx) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!/^[0-9]+$/.test(value) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}` });
      return z.NEVER;
    }
    return n;
  });

const postgresUrl = optionalString.refine(
  (v) => v === undefined || /^postgres(ql)?:\/\//.test(v),
  'must be a postgres:// or postgresql:// URL',
);

const devUsers = optionalString.transform((value, ctx) => {
  if (value === undefined) return [{ username: 'dev', password: 'dev' }];
  const users = [];
  for (const entry of value.split(',')) {
    const at = entry.indexOf(':');
    if (at <= 0 || at === entry.length - 1) {
      ctx.addIssue({ code: 'custom', message: 'must be a comma-separated list of user:password' });
      return z.NEVER;
    }
    users.push({ username: entry.slice(0, at), password: entry.slice(at + 1) });
  }
  return users;
});

/** A cluster name (A8): what the catalog records for an account, so short, lowercase and stable. */
export const CLUSTER_NAME = /^[a-z][a-z0-9_-]{0,30}$/;
/** The cluster of DATABASE_URL's server, which also holds the catalog. */
export const DEFAULT_CLUSTER = 'default';

/**
 * KATAVEN_DB_CLUSTERS (A8): further PostgreSQL servers for account databases, as `name=postgres://…` entries
 * separated by commas (`eu2=postgres://u:p@db2:5432,eu3=postgres://u:p@db3:5432`). DATABASE_URL's server is
 * always the cluster `default` and holds the catalog; an entry cannot take that name. A URL's path is ignored
 * (account databases are named by A3). An entry starts where a comma is followed by `name=`, so a URL may itself
 * hold commas elsewhere (a query string).
 */
const dbClusters = optionalString.transform((value, ctx) => {
  const clusters: { name: string; url: string }[] = [];
  if (value === undefined) return clusters;
  for (const entry of value.split(/,(?=\s*[a-z][a-z0-9_-]*=)/)) {
    const at = entry.indexOf('=');
    const name = entry.slice(0, Math.max(at, 0)).trim();
    const url = entry.slice(at + 1).trim();
    let problem: string | undefined;
    if (at <= 0 || !CLUSTER_NAME.test(name)) problem = `${JSON.stringify(entry.trim())} is not name=postgres://… (a name matching ${CLUSTER_NAME.source})`;
    else if (name === DEFAULT_CLUSTER) problem = `"${DEFAULT_CLUSTER}" is DATABASE_URL's server and cannot be named again`;
    else if (!/^postgres(ql)?:\/\/[^/]/.test(url)) problem = `cluster ${name}: must be a postgres:// or postgresql:// URL`;
    else if (clusters.some((c) => c.name === name)) problem = `cluster ${name} is named twice`;
    if (problem !== undefined) {
      ctx.addIssue({ code: 'custom', message: `${problem}; the format is name=postgres://…,name2=postgres://…` });
      return z.NEVER;
    }
    clusters.push({ name, url });
  }
  return clusters;
});

/** An IP address (v4 or v6), or a CIDR range `address/prefix` with a prefix within the family's width. */
export function isAddressOrCidr(entry: string): boolean {
  const slash = entry.indexOf('/');
  const family = isIP(slash < 0 ? entry : entry.slice(0, slash));
  if (family === 0) return false;
  if (slash < 0) return true;
  const prefix = entry.slice(slash + 1);
  return /^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * KATAVEN_TRUSTED_PROXIES (issue 7 item 5): the load balancers in front of the hub, whose X-Forwarded-For it
 * believes, as IPs or CIDR ranges. Unset = none: the socket's peer is the client, so per-IP budgets (P0) and audit
 * IPs (AU1) cannot be bought with a header. Only addresses and ranges, not proxy-addr's names (`loopback`, …):
 * what is trusted should be visible in the value.
 */
const trustedProxies = optionalString.transform((value, ctx) => {
  if (value === undefined) return [];
  const entries = value.split(',').map((entry) => entry.trim());
  const invalid = entries.filter((entry) => !isAddressOrCidr(entry));
  if (invalid.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `must be a comma-separated list of IP addresses or CIDR ranges (e.g. 10.0.0.0/8,192.0.2.7); not ${invalid.map((e) => JSON.stringify(e)).join(', ')}`,
    });
    return z.NEVER;
  }
  return entries;
});

const GRPC_TLS_VARIABLES = ['KATAVEN_GRPC_TLS_CA', 'KATAVEN_GRPC_TLS_CERT', 'KATAVEN_GRPC_TLS_KEY'] as const;

/** Why a non-loopback gRPC channel without TLS is refused, and what to do (the hub's and the service's side). */
export const PLAINTEXT_RULE =
  `the auth-service's gRPC channel goes without TLS only on loopback (${LOOPBACK_ADDRESSES}); ` +
  'set KATAVEN_GRPC_TLS_CA, KATAVEN_GRPC_TLS_CERT and KATAVEN_GRPC_TLS_KEY for mutual TLS (see the README)';

const schema = z
  .object({
    DATABASE_URL: postgresUrl,
    REDIS_URL: optionalString.refine(
      (v) => v === undefined || /^rediss?:\/\//.test(v),
      'must be a redis:// or rediss:// URL',
    ),
    PORT: optionalInt(0, 65535),
    HOST: optionalString,
    // No schema default: development is the default only on the embedded database (checked below).
    KATAVEN_ENV: optionalString.pipe(z.enum(['development', 'production']).optional()),
    KATAVEN_HOME: optionalString,
    KATAVEN_PEPPER: optionalString.refine(
      (v) => v === undefined || v.length >= 32,
      'must be at least 32 characters',
    ),
    KATAVEN_PEPPER_PREVIOUS: optionalString,
    KATAVEN_OIDC_ISSUER: optionalString.refine(
      (v) => v === undefined || /^https?:\/\//.test(v),
      'must be an http(s) URL',
    ),
    KATAVEN_OIDC_AUDIENCE: optionalString,
    KATAVEN_OIDC_ACCOUNTS_CLAIM: optionalString,
    KATAVEN_AUTH_SERVICE_URL: optionalString,
    // Mutual TLS of the auth-service's gRPC channel (T5): PEM files, all three or none.
    KATAVEN_GRPC_TLS_CA: optionalString,
    KATAVEN_GRPC_TLS_CERT: optionalString,
    KATAVEN_GRPC_TLS_KEY: optionalString,
    KATAVEN_MAX_TENANT_CONNECTIONS: optionalInt(1, 100_000),
    KATAVEN_DB_CLUSTERS: dbClusters,
    // Issue 7: deadlines of everything the hub waits on (milliseconds).
    KATAVEN_REDIS_TIMEOUT_MS: optionalInt(10, 60_000),
    KATAVEN_PG_TIMEOUT_MS: optionalInt(100, 600_000),
    // Below the concurrency lease's 60 s, so a slow client's request ends long before its slot could lapse (R2).
    KATAVEN_REQUEST_TIMEOUT_MS: optionalInt(1000, 50_000),
    KATAVEN_TRUSTED_PROXIES: trustedProxies,
    // Issue 8 (C2–C4): secrets at rest and the call processor.
    KATAVEN_SECRETS_KEY: optionalString.refine(
      (v) => v === undefined || /^[0-9a-fA-F]{64}$/.test(v),
      'must be 64 hexadecimal characters (a 256-bit AES key: openssl rand -hex 32)',
    ),
    KATAVEN_CALL_PROCESSOR_URL: optionalString.refine(
      (v) => v === undefined || /^https?:\/\/[^/]/.test(v),
      'must be an http(s) URL',
    ),
    KATAVEN_CALL_PROCESSOR_SECRET: optionalString.refine(
      (v) => v === undefined || v.length >= 32,
      'must be at least 32 characters',
    ),
    KATAVEN_SIMULATED_CALL_SECONDS: optionalInt(0, 3600),
    // L2: how long a live call's concurrency slot outlives the last renewal of the instance that placed it.
    KATAVEN_CALL_LEASE_SECONDS: optionalInt(3, 600),
    // R2: how long a concurrent rate-limit slot outlives the last renewal of the instance that holds it.
    KATAVEN_RATE_LEASE_SECONDS: optionalInt(3, 600),
    // W5: the longest a widget web session lives before the hub ends it (and frees its cost-cap slot).
    KATAVEN_WEB_SESSION_MAX_SECONDS: optionalInt(1, 86_400),
    // Issue 7 item 4: failed verifications per client IP per minute (behind a shared NAT, more may be needed).
    KATAVEN_FAILED_AUTH_PER_MINUTE: optionalInt(1, 1_000_000),
    KATAVEN_HUB_URL: optionalString.refine((v) => v === undefined || /^https?:\/\/[^/]/.test(v), 'must be an http(s) URL'),
    KATAVEN_DEV_USERS: devUsers,
    // Test-support knob: the prefix of account database names (A3 says `kt_`). Test runs give theirs a unique
    // prefix so that concurrent runs on one PostgreSQL server never touch each other's databases.
    KATAVEN_DB_PREFIX: optionalString.refine(
      (v) => v === undefined || /^[a-z][a-z0-9_]{0,10}_$/.test(v),
      'must match ^[a-z][a-z0-9_]{0,10}_$',
    ),
    KATAVEN_LOG_LEVEL: optionalString.pipe(
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
  })
  .superRefine((env, ctx) => {
    // Issue 7 item 6: development turns dev login on (dev/dev, an admin of every account and an operator). It is
    // the default of the embedded install only; a hub given a real database must say which it is, so that a
    // production deployment that forgot KATAVEN_ENV does not start with dev login open.
    if (env.KATAVEN_ENV === undefined && env.DATABASE_URL !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['KATAVEN_ENV'],
        message: 'is required when DATABASE_URL is set (development or production)',
      });
    }
    if (env.KATAVEN_ENV === 'production') {
      if (env.KATAVEN_PEPPER === undefined) {
        ctx.addIssue({ code: 'custom', path: ['KATAVEN_PEPPER'], message: 'is required in production' });
      }
      if (env.KATAVEN_SECRETS_KEY === undefined) {
        ctx.addIssue({ code: 'custom', path: ['KATAVEN_SECRETS_KEY'], message: 'is required in production (openssl rand -hex 32)' });
      }
      if (env.DATABASE_URL === undefined) {
        ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'is required in production' });
      }
    }
    // A8: the other clusters are named beside DATABASE_URL's (the default); the embedded server is one machine's.
    if (env.KATAVEN_DB_CLUSTERS.length > 0 && env.DATABASE_URL === undefined) {
      ctx.addIssue({ code: 'custom', path: ['KATAVEN_DB_CLUSTERS'], message: 'needs DATABASE_URL (the default cluster, which holds the catalog)' });
    }
    if (env.KATAVEN_CALL_PROCESSOR_URL !== undefined && env.KATAVEN_CALL_PROCESSOR_SECRET === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['KATAVEN_CALL_PROCESSOR_SECRET'],
        message: 'is required with KATAVEN_CALL_PROCESSOR_URL: the hub and the call processor sign what they send each other with it',
      });
    }
    if ((env.KATAVEN_OIDC_ISSUER === undefined) !== (env.KATAVEN_OIDC_AUDIENCE === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['KATAVEN_OIDC_AUDIENCE'],
        message: 'KATAVEN_OIDC_ISSUER and KATAVEN_OIDC_AUDIENCE are set together',
      });
    }
    const tlsSet = GRPC_TLS_VARIABLES.filter((name) => env[name] !== undefined);
    if (tlsSet.length > 0 && tlsSet.length < GRPC_TLS_VARIABLES.length) {
      for (const name of GRPC_TLS_VARIABLES.filter((n) => env[n] === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `is required when ${tlsSet.join(' and ')} ${tlsSet.length === 1 ? 'is' : 'are'} set: mutual TLS needs all three KATAVEN_GRPC_TLS_* variables (or none)`,
        });
      }
    }
    if (tlsSet.length === 0 && env.KATAVEN_AUTH_SERVICE_URL !== undefined) {
      const host = grpcTargetHost(env.KATAVEN_AUTH_SERVICE_URL);
      if (host === undefined || !isLoopbackHost(host)) {
        ctx.addIssue({
          code: 'custom',
          path: ['KATAVEN_AUTH_SERVICE_URL'],
          message: `${host === undefined ? 'does not name a loopback host' : `names ${host}, not a loopback address`}: ${PLAINTEXT_RULE}`,
        });
      }
    }
  });

export interface Config {
  env: 'development' | 'production';
  /** The control-plane database; undefined = start the embedded PostgreSQL. */
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  port: number;
  host: string;
  /** Where the embedded database, the development pepper and the dev signing key live. */
  home: string;
  pepper: string | undefined;
  pepperPrevious: string | undefined;
  oidc: { issuer: string; audience: string; accountsClaim: string } | undefined;
  accountsClaim: string;
  authServiceUrl: string | undefined;
  /** Mutual TLS of the auth-service's gRPC channel: PEM file paths (read at start by readGrpcTls); undefined = plaintext, loopback only. */
  grpcTls: { ca: string; cert: string; key: string } | undefined;
  /** A5: the connection budget of account pools, per cluster (each PostgreSQL server has its own). */
  maxTenantConnections: number;
  /** A8: the clusters besides DATABASE_URL's (`default`), from KATAVEN_DB_CLUSTERS; empty = one server. */
  dbClusters: { name: string; url: string }[];
  maxTenantConnectionsGiven: boolean;
  /** Deadline of every Redis command (rate limits, the revocation bus): past it the request answers 503. */
  redisTimeoutMs: number;
  /** Deadline of a PostgreSQL connection and of each query: past it the request answers 503. */
  pgTimeoutMs: number;
  /** The whole request (headers and body) must have arrived within this; headers within min(10 s, this). */
  requestTimeoutMs: number;
  /** IPs and CIDR ranges of the proxies whose X-Forwarded-For is believed (Fastify's trustProxy); empty = none. */
  trustedProxies: string[];
  /** KATAVEN_SECRETS_KEY (64 hex): AES-256-GCM key of secrets at rest; undefined = development, generated in home. */
  secretsKey: string | undefined;
  /** A real call processor (C3a); undefined = the simulated carrier, started in-process on a loopback port. */
  callProcessorUrl: string | undefined;
  /** The HMAC secret the hub and the call processor sign their requests with; undefined = generated per process (simulated). */
  callProcessorSecret: string | undefined;
  /** How long a simulated call talks (C3a). */
  simulatedCallSeconds: number;
  /** L2: a live call's slot expires this long after its instance last renewed it (it renews every third). */
  callLeaseMs: number;
  /** R2: a held concurrent slot expires this long after its instance last renewed it (it renews every third). */
  rateLeaseMs: number;
  /** W5: a web session is ended this long after it started, whatever the visitor does (default 900). */
  webSessionMaxSeconds: number;
  /** Failed verifications allowed per client IP per minute (issue 7); undefined = the default (30). */
  failedAuthPerMinute: number | undefined;
  /** The hub's base URL as a call processor reaches it (its reports); undefined = the address `serve` listens on. */
  hubUrl: string | undefined;
  devUsers: { username: string; password: string }[];
  accountDbPrefix: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The error of a bad configuration, in the one format: a line per variable. */
export function configError(issues: { variable: string; message: string }[]): ConfigError {
  const lines = issues.map((issue) => `  ${issue.variable}: ${issue.message}`);
  return new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
}

/** Parses the environment once; a bad value fails the start with a message naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw configError(
      parsed.error.issues.map((issue) => ({ variable: issue.path.join('.') || 'environment', message: issue.message })),
    );
  }
  const e = parsed.data;
  const accountsClaim = e.KATAVEN_OIDC_ACCOUNTS_CLAIM ?? 'kataven:accounts';
  return {
    env: e.KATAVEN_ENV ?? 'development',
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    port: e.PORT ?? 8080,
    host: e.HOST ?? '127.0.0.1',
    home: path.resolve(cwd, e.KATAVEN_HOME ?? '.kataven'),
    pepper: e.KATAVEN_PEPPER,
    pepperPrevious: e.KATAVEN_PEPPER_PREVIOUS,
    oidc:
      e.KATAVEN_OIDC_ISSUER !== undefined && e.KATAVEN_OIDC_AUDIENCE !== undefined
        ? { issuer: e.KATAVEN_OIDC_ISSUER, audience: e.KATAVEN_OIDC_AUDIENCE, accountsClaim }
        : undefined,
    accountsClaim,
    authServiceUrl: e.KATAVEN_AUTH_SERVICE_URL,
    grpcTls:
      e.KATAVEN_GRPC_TLS_CA !== undefined && e.KATAVEN_GRPC_TLS_CERT !== undefined && e.KATAVEN_GRPC_TLS_KEY !== undefined
        ? {
            ca: path.resolve(cwd, e.KATAVEN_GRPC_TLS_CA),
            cert: path.resolve(cwd, e.KATAVEN_GRPC_TLS_CERT),
            key: path.resolve(cwd, e.KATAVEN_GRPC_TLS_KEY),
          }
        : undefined,
    maxTenantConnections: e.KATAVEN_MAX_TENANT_CONNECTIONS ?? 100,
    dbClusters: e.KATAVEN_DB_CLUSTERS,
    maxTenantConnectionsGiven: e.KATAVEN_MAX_TENANT_CONNECTIONS !== undefined,
    redisTimeoutMs: e.KATAVEN_REDIS_TIMEOUT_MS ?? 500,
    pgTimeoutMs: e.KATAVEN_PG_TIMEOUT_MS ?? 3000,
    requestTimeoutMs: e.KATAVEN_REQUEST_TIMEOUT_MS ?? 30_000,
    trustedProxies: e.KATAVEN_TRUSTED_PROXIES,
    secretsKey: e.KATAVEN_SECRETS_KEY?.toLowerCase(),
    callProcessorUrl: e.KATAVEN_CALL_PROCESSOR_URL?.replace(/\/+$/, ''),
    callProcessorSecret: e.KATAVEN_CALL_PROCESSOR_SECRET,
    simulatedCallSeconds: e.KATAVEN_SIMULATED_CALL_SECONDS ?? 20,
    callLeaseMs: (e.KATAVEN_CALL_LEASE_SECONDS ?? 30) * 1000,
    rateLeaseMs: e.KATAVEN_RATE_LEASE_SECONDS !== undefined ? e.KATAVEN_RATE_LEASE_SECONDS * 1000 : LEASE_TTL_MS,
    webSessionMaxSeconds: e.KATAVEN_WEB_SESSION_MAX_SECONDS ?? 900,
    failedAuthPerMinute: e.KATAVEN_FAILED_AUTH_PER_MINUTE,
    hubUrl: e.KATAVEN_HUB_URL?.replace(/\/+$/, ''),
    devUsers: e.KATAVEN_DEV_USERS,
    accountDbPrefix: e.KATAVEN_DB_PREFIX ?? 'kt_',
    logLevel: e.KATAVEN_LOG_LEVEL,
  };
}
