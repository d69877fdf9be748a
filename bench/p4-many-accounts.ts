// P4 (issue 14): many accounts under a fixed connection budget. One hub (bench/p4-server.ts) pinned to core 0
// with a budget of P4_BUDGET connections (default 40) and P4_ACCOUNTS accounts (default 1,000), each with its
// own database and sk_live_ key; wrk on core 1 with 16 connections, GET /v1/agents (cache-hit or cache-miss
// auth, Redis limits, the audit row, the tenant query). In one run:
//   - the reconnect floor: pgbench -C -c 16 -j 2 -S (a new connection per transaction) on a scratch database of
//     the same server, also on core 1: what a request costs when it needs a connection it does not have;
//   - one account; round-robin over 200 and over 1,000 accounts; a Zipf spread (s = 1) over 1,000 accounts;
// each with req/s, p50/p99, the peak of the connections PostgreSQL shows to the account databases
// (pg_stat_activity, sampled every 25 ms) and the connections opened per request (pg_stat_database.sessions).
// Targets: round-robin ≥ 0.8× the floor; Zipf p99 ≤ 3× the single-account p99; connections ≤ the budget.
// A second floor does the hub's own SQL on each new connection (pgbench -C with a script: the agents list and one
// audit row, on an account's database): what PostgreSQL alone costs for a cold request's work. Every run also
// reports PostgreSQL's CPU per request (every backend of the server, the exited ones read from the postmaster's
// reaped-children time: a server on this machine only), so the gap to the floor splits into PostgreSQL's part
// and the hub's.
// Those runs saturate the machine (16 clients, no pause), so their latencies are mostly queueing for a CPU. The
// Zipf spread and the single account are run once more paced (each client pausing between requests, the same
// pause for both, about half the Zipf spread's saturated rate): there the tail is what a cold account costs.
// Failed requests (non-2xx, wrk timeouts) are counted in each scenario, not fatal; progress goes to stderr.
//   node --import tsx bench/p4-many-accounts.ts
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadAsync, loadScriptedAsync, type LoadResult } from './load-generator.js';
import { accountDatabaseName } from '../packages/hub/src/tenancy/account-slug.js';
import { cpuSecondsOf, procStat } from './proc-stat.js';
import { startPinnedServer } from './pinned-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 3);
const CONNECTIONS = 16;
const POSTGRES_URL = process.env.KATAVEN_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
const loadAverage = () => os.loadavg().map((x) => Number(x.toFixed(2)));

const loadBefore = loadAverage();
const server = await startPinnedServer(path.join(here, 'p4-server.ts'));
const { keysFile, prefix, budget, accounts, setup_s } = server.info as {
  keysFile: string;
  prefix: string;
  budget: number;
  accounts: number;
  setup_s: unknown;
};
const admin = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
await admin.connect();
const scratch = `${prefix}pgbench`;

/** Connections to the bench hub's account databases, as PostgreSQL sees them (its control database excluded). */
const tenantConnections = async () =>
  (
    await admin.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE left(datname, length($1)) = $1 AND datname NOT IN ($2, $3)`,
      [prefix, `${prefix}control`, scratch],
    )
  ).rows[0]!.n;
/** Sessions ever opened to the account databases (PostgreSQL 14+: pg_stat_database.sessions). */
const sessionsOpened = async () =>
  Number(
    (
      await admin.query<{ n: string }>(
        `SELECT coalesce(sum(sessions), 0)::bigint AS n FROM pg_stat_database WHERE left(datname, length($1)) = $1 AND datname NOT IN ($2, $3)`,
        [prefix, `${prefix}control`, scratch],
      )
    ).rows[0]!.n,
  );

/** Requests the bench hub has answered so far (bench/p4-server.ts), wrk's abandoned ones included. */
const answered = async () => ((await (await fetch(`${server.url}/bench/answered`)).json()) as { answered: number }).answered;

/**
 * Blocks PostgreSQL read from outside its shared buffers (the OS page cache or the disk), over every database of
 * the server: a cold account's catalog and table pages that shared_buffers no longer held.
 */
const blocksRead = async () =>
  Number((await admin.query<{ n: string }>('SELECT coalesce(sum(blks_read), 0)::bigint AS n FROM pg_stat_database')).rows[0]!.n);

/** Transactions committed in the control-plane database (catalog and key directory lookups). */
const controlTransactions = async () =>
  Number(
    (await admin.query<{ n: string }>('SELECT xact_commit AS n FROM pg_stat_database WHERE datname = $1', [`${prefix}control`])).rows[0]?.n ?? 0,
  );

/**
 * CPU seconds of the whole PostgreSQL server so far, or undefined when it does not run on this machine: the
 * postmaster and its live processes, plus (cutime, cstime) every backend that exited and was reaped. A backend
 * alive at the start of a window and gone by its end is counted once: its start is subtracted, its whole life
 * added on exit.
 */
async function postgresCpu(): Promise<(() => number) | undefined> {
  const dataDirectory = (await admin.query<{ data_directory: string }>('SHOW data_directory')).rows[0]!.data_directory;
  let postmaster: number;
  try {
    postmaster = Number(readFileSync(path.join(dataDirectory, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
  return () => {
    let seconds = cpuSecondsOf(postmaster, true);
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (Number(procStat(Number(entry))[1]) === postmaster) seconds += cpuSecondsOf(Number(entry));
      } catch {
        // exited meanwhile: its time is in the postmaster's cutime from now on
      }
    }
    return seconds;
  };
}
const postgresSnapshot = await postgresCpu();
/** PostgreSQL CPU seconds spent while `work` ran (undefined when the server is not on this machine). */
async function postgresSecondsOf<T>(work: () => Promise<T> | T): Promise<{ result: T; seconds: number | undefined }> {
  const before = postgresSnapshot?.();
  const result = await work();
  const after = postgresSnapshot?.();
  return { result, seconds: before === undefined || after === undefined ? undefined : after - before };
}
const perRequestMs = (seconds: number | undefined, requests: number) =>
  seconds === undefined ? null : Number(((seconds * 1000) / requests).toFixed(2));

interface Scenario {
  req_per_s: number;
  p50_ms: number;
  p99_ms: number;
  peak_connections: number;
  connections_opened_per_request: number;
  control_plane_transactions_per_request: number;
  server_cpu_us_per_request: number;
  /** Every PostgreSQL process's CPU (the sampler's own queries included: 0.3–0.9 ms each, 40 a second), per request. */
  postgres_cpu_ms_per_request: number | null;
  /** Blocks read from outside shared_buffers, per request (every database of the server). */
  blocks_read_per_request: number;
  failures: { non_2xx: number; timeouts: number };
}

type Run = (seconds: number) => Promise<LoadResult & { failures?: { non_2xx: number; timeouts: number } }>;

async function measured(label: string, run: Run): Promise<Scenario> {
  await run(WARMUP_S); // the same pattern first: the pools, the caches and the JIT in the state this load keeps them
  // Statistics are flushed to pg_stat_database at most once a second: settle before and after.
  await new Promise((r) => setTimeout(r, 1100));
  const sessionsBefore = await sessionsOpened();
  const answeredBefore = await answered();
  const controlBefore = await controlTransactions();
  const blocksBefore = await blocksRead();
  const cpuBefore = server.cpuSeconds();
  let peak = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await tenantConnections());
      // Every 25 ms, not 10: one sample costs PostgreSQL ~0.3–0.9 ms of CPU here, which at 100 a second took
      // 3–6 % of this machine from the runs it measures (and the floors run without a sampler).
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  const { result, seconds: postgresSeconds } = await postgresSecondsOf(() => run(DURATION_S).finally(() => (sampling = false)));
  await sampler;
  const cpu = server.cpuSeconds() - cpuBefore;
  await new Promise((r) => setTimeout(r, 1100));
  const requests = result.requestsPerSecond * DURATION_S;
  const scenario: Scenario = {
    req_per_s: Math.round(result.requestsPerSecond),
    p50_ms: result.p50Ms,
    p99_ms: result.p99Ms,
    peak_connections: peak,
    // Per request the hub answered in the window: wrk's count leaves out the ones in flight when it stopped, whose
    // connections PostgreSQL counted (the window's first 1.1 s wait lets the previous run's finish before it starts).
    connections_opened_per_request: Number((((await sessionsOpened()) - sessionsBefore) / Math.max(1, (await answered()) - answeredBefore)).toFixed(3)),
    // The sampler's own queries run in the `postgres` database: they are not counted here.
    control_plane_transactions_per_request: Number((((await controlTransactions()) - controlBefore) / requests).toFixed(3)),
    server_cpu_us_per_request: Math.round((cpu * 1e6) / requests),
    postgres_cpu_ms_per_request: perRequestMs(postgresSeconds, requests),
    blocks_read_per_request: Number((((await blocksRead()) - blocksBefore) / requests).toFixed(1)),
    failures: result.failures ?? { non_2xx: 0, timeouts: 0 },
  };
  console.error(`p4: ${label} ${JSON.stringify(scenario)} (load average ${loadAverage().join(' ')})`);
  return scenario;
}

interface Floor {
  tps: number;
  latency_avg_ms: number;
  connection_ms: number;
  postgres_cpu_ms_per_transaction: number | null;
  blocks_read_per_transaction: number;
}

/** pgbench -C (every transaction on a new connection) on the load generator's core, with `script` pgbench's args. */
async function pgbenchFloor(database: string, script: string[]): Promise<Floor> {
  const url = `${POSTGRES_URL}/${database}`;
  const blocksBefore = await blocksRead();
  const { result: out, seconds } = await postgresSecondsOf(() =>
    execFileSync('taskset', ['-c', '1', 'pgbench', '-C', '-c', String(CONNECTIONS), '-j', '2', ...script, '-T', String(DURATION_S), url], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  );
  const field = (pattern: RegExp) => Number(pattern.exec(out)?.[1] ?? NaN);
  const tps = field(/tps = ([0-9.]+)/);
  await new Promise((r) => setTimeout(r, 1100)); // statistics are flushed at most once a second
  const blocks = (await blocksRead()) - blocksBefore;
  return {
    tps: Math.round(tps),
    latency_avg_ms: field(/latency average = ([0-9.]+) ms/),
    connection_ms: field(/average connection time = ([0-9.]+) ms/),
    postgres_cpu_ms_per_transaction: perRequestMs(seconds, tps * DURATION_S),
    blocks_read_per_transaction: Number((blocks / (tps * DURATION_S)).toFixed(1)),
  };
}

/** The floor: pgbench's own select-only transaction on a scratch database. */
function reconnectFloor(): Promise<Floor> {
  execFileSync('pgbench', ['-i', '-q', '-s', '1', `${POSTGRES_URL}/${scratch}`], { stdio: 'ignore' });
  return pgbenchFloor(scratch, ['-S']);
}

/**
 * The hub's own SQL on each new connection, on an account's database (its three agents): the agents list as
 * listAgents() sends it, and one audit row as the last words send it. Its rows are the bench's and go with it.
 */
function sameWorkFloor(database: string): Promise<Floor> {
  const entry = {
    at: new Date().toISOString(),
    request_id: 'req_p4samework0000000000',
    actor: 'api_key',
    key_id: null,
    key_name: 'bench',
    sub: null,
    method: 'GET',
    route: '/v1/agents',
    status: 200,
    ip: '127.0.0.1',
    user_agent: 'wrk',
  };
  const columns = Object.keys(entry).join(', ');
  const script = path.join(os.tmpdir(), `${prefix}same-work.sql`);
  writeFileSync(
    script,
    'SELECT id, name, status, llm_model, voice_provider, auth_mode, greeting_mode, greeting_message, created_at, updated_at ' +
      'FROM agents ORDER BY created_at DESC, id DESC;\n' +
      `INSERT INTO audit_log (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::audit_log, '${JSON.stringify([entry])}'::json);\n`,
  );
  return pgbenchFloor(database, ['-n', '-f', script]).finally(() => rmSync(script, { force: true }));
}

const url = server.url;
const spread = (n: number, mode: 'round-robin' | 'zipf', pauseMs = 0) => (seconds: number) =>
  loadScriptedAsync(url, seconds, path.join(here, 'p4-keys.lua'), [keysFile, String(n), mode, String(pauseMs)], CONNECTIONS);
try {
  await admin.query(`CREATE DATABASE "${scratch}"`);
  // PostgreSQL with no request at all. Right after the setup created the accounts, the checkpointer still writes
  // their pages out: a checkpoint first, so what is measured is the server at rest with this many databases.
  await admin.query('CHECKPOINT');
  const idle = await postgresSecondsOf(() => new Promise((resolve) => setTimeout(resolve, DURATION_S * 1000)));
  const idleCores = idle.seconds === undefined ? null : Number((idle.seconds / DURATION_S).toFixed(3));
  console.error(`p4: PostgreSQL idle, ${idleCores} of a core`);
  const floor = await reconnectFloor();
  console.error(`p4: reconnect floor ${JSON.stringify(floor)} (load average ${loadAverage().join(' ')})`);
  const sameWork = await sameWorkFloor(accountDatabaseName('p4-00000', prefix));
  console.error(`p4: same-work floor ${JSON.stringify(sameWork)} (load average ${loadAverage().join(' ')})`);
  // Every key verified once (cache misses against each account's database), the JIT warm.
  await spread(accounts, 'round-robin')(5);
  const single = await measured('single account', (s) => loadAsync(`${url}/v1/agents`, s, { authorization: `Bearer ${server.key}` }, CONNECTIONS));
  const rr200 = await measured('round-robin 200', spread(Math.min(200, accounts), 'round-robin'));
  const rrAll = await measured('round-robin all', spread(accounts, 'round-robin'));
  const zipf = await measured('zipf', spread(accounts, 'zipf'));
  // Paced at about half the Zipf spread's saturated rate: CONNECTIONS clients, each pausing between requests.
  const pauseMs = Math.max(1, Math.round((1000 * CONNECTIONS) / (zipf.req_per_s / 2) - zipf.p50_ms));
  const singlePaced = await measured('single account, paced', spread(1, 'round-robin', pauseMs));
  const zipfPaced = await measured('zipf, paced', spread(accounts, 'zipf', pauseMs));
  const ratio = (x: number) => Number(x.toFixed(3));
  const report = {
    benchmark: 'P4 GET /v1/agents with sk_live_ keys over many accounts under a fixed tenant connection budget',
    machine: { cores: os.cpus().length, load_average_before: loadBefore, load_average_after: loadAverage() },
    generator: `wrk -t1 -c${CONNECTIONS} (core 1), hub on core 0; pgbench -C -c${CONNECTIONS} -j2 (-S, and the same-work script) on core 1`,
    seconds_per_run: DURATION_S,
    budget,
    accounts,
    setup_s,
    postgres_idle_cpu_cores: idleCores,
    reconnect_floor: floor,
    same_work_floor: sameWork,
    single_account: single,
    round_robin_200: rr200,
    [`round_robin_${accounts}`]: rrAll,
    [`zipf_s1_${accounts}`]: zipf,
    paced: { pause_ms_per_client: pauseMs, single_account: singlePaced, [`zipf_s1_${accounts}`]: zipfPaced },
    ratios: {
      round_robin_200_vs_floor: ratio(rr200.req_per_s / floor.tps),
      [`round_robin_${accounts}_vs_floor`]: ratio(rrAll.req_per_s / floor.tps),
      round_robin_200_vs_same_work_floor: ratio(rr200.req_per_s / sameWork.tps),
      zipf_p99_vs_single_p99: ratio(zipf.p99_ms / single.p99_ms),
      paced_zipf_p99_vs_single_p99: ratio(zipfPaced.p99_ms / singlePaced.p99_ms),
      peak_connections_vs_budget: `${Math.max(...[single, rr200, rrAll, zipf, singlePaced, zipfPaced].map((s) => s.peak_connections))} / ${budget}`,
    },
    targets: { round_robin_vs_floor: '>= 0.8', zipf_p99_vs_single_p99: '<= 3', peak_connections: `<= ${budget}` },
  };
  // Printed before the teardown, which drops the 1,000 databases.
  console.log(JSON.stringify(report, null, 2));
} finally {
  await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`).catch(() => undefined);
  await admin.end();
  await server.stop();
}
