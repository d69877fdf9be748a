// N hub processes on loopback ports sharing one PostgreSQL and one Redis — several instances behind a load
// balancer, as production runs them. Optionally with the auth-service as a process of its own (T5). Used by
// the revocation tests and the benchmarks.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliEnv, freePort, runCli, startCli, type CliProcess } from './cli-process.js';
import { dropDatabasesWithPrefix, POSTGRES_URL } from './test-hub.js';

export const REDIS_URL = process.env.KATAVEN_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface HubCluster {
  /** Base URLs, e.g. http://127.0.0.1:40123, one per instance. */
  urls: string[];
  instances: CliProcess[];
  /** The auth-service process, when started with `authService: true`. */
  authService: CliProcess | undefined;
  env: Record<string, string>;
  prefix: string;
  /** Runs a one-shot `kataven` command (accounts create, keys mint…) against the cluster's databases. */
  cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }>;
  close(): Promise<void>;
}

export interface ClusterOptions {
  instances: number;
  /** Run the auth-service alone and point every hub at it over gRPC. */
  authService?: boolean;
  env?: Record<string, string>;
  /** Variables of one instance only (by index), on top of `env`. */
  instanceEnv?: (index: number) => Record<string, string>;
}

export async function startHubCluster(options: ClusterOptions): Promise<HubCluster> {
  const prefix = `c${randomBytes(4).toString('hex')}_`;
  const home = mkdtempSync(path.join(os.tmpdir(), 'kataven-cluster-'));
  const env: Record<string, string> = {
    DATABASE_URL: `${POSTGRES_URL}/${prefix}control`,
    REDIS_URL,
    // Required with DATABASE_URL (issue 7 item 6); development, so dev login works on every instance.
    KATAVEN_ENV: 'development',
    KATAVEN_DB_PREFIX: prefix,
    // One home for all: the same dev signing key, so a dev login on one instance is valid on all.
    KATAVEN_HOME: home,
    KATAVEN_PEPPER: randomBytes(32).toString('hex'),
    KATAVEN_LOG_LEVEL: 'warn',
    ...options.env,
  };
  const spawned: CliProcess[] = [];
  const close = async () => {
    await Promise.all(spawned.map((p) => p.stop('SIGTERM', 10_000).catch(() => undefined)));
    await dropDatabasesWithPrefix(prefix);
    rmSync(home, { recursive: true, force: true });
  };
  try {
    // The control plane is created and migrated once, before instances race to do it.
    const migrated = await runCli(['migrate'], { env: cliEnv(env), cwd: home });
    if (migrated.code !== 0) throw new Error(`kataven migrate failed: ${migrated.stderr}`);

    let authService: CliProcess | undefined;
    if (options.authService) {
      const port = await freePort();
      authService = startCli(['auth-service', '--port', String(port)], { env: cliEnv(env), cwd: home });
      spawned.push(authService);
      await authService.waitForStdout(/listening on/, 30_000);
      env.KATAVEN_AUTH_SERVICE_URL = `127.0.0.1:${port}`;
    }
    const ports = await Promise.all(Array.from({ length: options.instances }, () => freePort()));
    const instances = ports.map((port, index) => {
      const p = startCli(['serve', '--port', String(port)], { env: cliEnv({ ...env, ...options.instanceEnv?.(index) }), cwd: home });
      spawned.push(p);
      return p;
    });
    await Promise.all(instances.map((p) => p.waitForStdout(/Kataven Hub listening on/, 30_000)));
    return {
      urls: ports.map((port) => `http://127.0.0.1:${port}`),
      instances,
      authService,
      env,
      prefix,
      cli: (args) => runCli(args, { env: cliEnv(env), cwd: home }),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
