// Starts a real hub for a test file: real PostgreSQL on 127.0.0.1:5432, a control database and account
// databases under a prefix unique to this hub, all dropped again by close(). Requests go through Fastify's
// inject (the full HTTP pipeline without a socket) unless a test listens.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import { startAuthService, startHub, type Hub, type HubOptions } from '../../src/hub.js';

export const POSTGRES_URL = process.env.KATAVEN_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

export interface TestHub {
  hub: Hub;
  /** Account databases of this hub are named `<prefix>…`. */
  prefix: string;
  home: string;
  env: Record<string, string>;
  /** Creates an account; the slug is made unique unless `exact` is set. */
  createAccount(slug?: string): Promise<string>;
  /** Mints a key from the shell path (K7) for an account. */
  mintKey(account: string, options?: { name?: string; expiry?: string }): Promise<{ key: string; id: string }>;
  /** A dev-issuer user JWT (T9) obtained through POST /api/login. */
  devToken(): Promise<string>;
  request(options: RequestOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface RequestOptions {
  method?: InjectOptions['method'];
  url: string;
  token?: string;
  account?: string;
  body?: unknown;
  headers?: Record<string, string>;
  json?: boolean;
}

/** A fresh, valid, unique slug: lowercase letters and digits after the base. */
export function uniqueSlug(base = 'acct'): string {
  return `${base}-${randomBytes(4).toString('hex')}`;
}

export async function dropDatabasesWithPrefix(prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE left(datname, length($1)) = $1',
      [prefix],
    );
    for (const { datname } of rows) {
      if (!/^[a-z0-9_]+$/.test(datname)) continue;
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

export function testEnv(overrides: Record<string, string> = {}): { env: Record<string, string>; prefix: string; home: string } {
  const prefix = `t${randomBytes(4).toString('hex')}_`;
  const home = mkdtempSync(path.join(os.tmpdir(), 'kataven-test-'));
  const env: Record<string, string> = {
    DATABASE_URL: `${POSTGRES_URL}/${prefix}control`,
    // Required with DATABASE_URL (issue 7 item 6); tests run development hubs unless they say otherwise.
    KATAVEN_ENV: 'development',
    KATAVEN_DB_PREFIX: prefix,
    KATAVEN_HOME: home,
    KATAVEN_PEPPER: randomBytes(32).toString('hex'),
    KATAVEN_LOG_LEVEL: 'silent',
    ...overrides,
  };
  return { env, prefix, home };
}

/**
 * KATAVEN_TEST_AUTH_MODE=grpc runs every test hub against a standalone auth-service over gRPC (T5) instead of
 * the in-process one: `npm test` runs the auth suites both ways.
 */
const AUTH_MODE = process.env.KATAVEN_TEST_AUTH_MODE === 'grpc' ? 'grpc' : 'in-process';

export interface TestHubOptions extends HubOptions {
  /**
   * Run this hub against a standalone auth-service over gRPC whatever KATAVEN_TEST_AUTH_MODE says; the service
   * is configured by the hub's environment plus these variables (its own KATAVEN_GRPC_TLS_CERT/_KEY, say).
   */
  grpcAuthService?: Record<string, string>;
}

export async function startTestHub(
  overrides: Record<string, string> = {},
  options: TestHubOptions = {},
): Promise<TestHub> {
  const { grpcAuthService, ...hubOptions } = options;
  const { env, prefix, home } = testEnv(overrides);
  let authService: Awaited<ReturnType<typeof startAuthService>> | undefined;
  if ((AUTH_MODE === 'grpc' || grpcAuthService !== undefined) && env.KATAVEN_AUTH_SERVICE_URL === undefined) {
    authService = await startAuthService(loadConfig({ ...env, ...grpcAuthService }, home), '127.0.0.1', 0);
    env.KATAVEN_AUTH_SERVICE_URL = `127.0.0.1:${authService.grpc.port}`;
  }
  let hub: Hub;
  try {
    hub = await startHub(loadConfig(env, home), hubOptions);
    await hub.app.ready();
  } catch (err) {
    await authService?.close().catch(() => undefined);
    await dropDatabasesWithPrefix(prefix).catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
    throw err;
  }

  const request = (o: RequestOptions) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token !== undefined) headers.authorization = `Bearer ${o.token}`;
    if (o.account !== undefined) headers['x-account-id'] = o.account;
    if (o.json) headers.accept = 'application/json';
    return hub.app.inject({
      method: o.method ?? 'GET',
      url: o.url,
      headers,
      ...(o.body !== undefined ? { payload: o.body as InjectOptions['payload'] } : {}),
    });
  };

  return {
    hub,
    prefix,
    home,
    env,
    async createAccount(slug = uniqueSlug()) {
      return (await hub.createAccount(slug)).slug;
    },
    async mintKey(account, options = {}) {
      const { mintApiKey } = await import('../../src/keys/mint-api-key.js');
      const minted = await mintApiKey(hub, account, {
        name: options.name ?? 'test-key',
        expiry: options.expiry,
        createdBy: 'test',
      });
      return { key: minted.key, id: minted.id };
    },
    async devToken() {
      const response = await request({ method: 'POST', url: '/api/login', body: { username: 'dev', password: 'dev' } });
      if (response.statusCode !== 200) throw new Error(`dev login failed: ${response.statusCode} ${response.body}`);
      return response.json<{ token: string }>().token;
    },
    request,
    async close() {
      await hub.close();
      await authService?.close();
      await dropDatabasesWithPrefix(prefix);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
