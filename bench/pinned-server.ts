// The driver side of a single-hub HTTP benchmark (P1, P6): the server script in a child process pinned to core 0
// (wrk runs on core 1, bench/load-generator.ts: without pinning, the two trade places on the two cores and runs of
// the same route differ by half), and wrk runs that also report the server's own CPU time per request (from
// /proc): on a virtual machine whose speed drifts from run to run, that is the steadier figure.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { load, type LoadResult } from './load-generator.js';
import { cpuSecondsOf } from './proc-stat.js';

export type Measured = LoadResult & { cpuUsPerRequest: number };

export interface PinnedServer {
  url: string;
  key: string;
  /** Whatever else the server printed on its first line (p6-server.ts: how a second instance joins it). */
  info: Record<string, unknown>;
  /** CPU seconds (user + system) the server process has used so far. */
  cpuSeconds(): number;
  /** Sends the server process a signal (p6-server.ts: SIGUSR2 starts and stops its CPU profile). */
  signal(signal: NodeJS.Signals): void;
  /** One wrk run of `seconds` against `route`, with the server's CPU microseconds per request. */
  measured(route: string, seconds: number, headers?: Record<string, string>): Measured;
  stop(): Promise<void>;
}

/**
 * Starts `script` (which prints `{url, key, …}` as its first line once it listens) on core 0, with extra
 * environment (e.g. how to join another instance) and extra Node.js flags (e.g. --cpu-prof).
 */
export async function startPinnedServer(
  script: string,
  options: { env?: Record<string, string>; nodeArgs?: string[] } = {},
): Promise<PinnedServer> {
  const server = spawn('taskset', ['-c', '0', process.execPath, ...(options.nodeArgs ?? []), '--import', 'tsx', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...options.env },
  });
  const [line] = (await once(server.stdout.setEncoding('utf8'), 'data')) as [string];
  const { url, key, ...info } = JSON.parse(line) as { url: string; key: string } & Record<string, unknown>;
  /** CPU seconds (user + system) the server process has used so far. */
  const cpuSeconds = () => {
    return cpuSecondsOf(server.pid!);
  };
  return {
    url,
    key,
    info,
    cpuSeconds,
    signal: (signal) => void server.kill(signal),
    measured(route, seconds, headers = {}) {
      const before = cpuSeconds();
      const result = load(`${url}${route}`, seconds, headers);
      const cpu = cpuSeconds() - before;
      return { ...result, cpuUsPerRequest: (cpu * 1e6) / (result.requestsPerSecond * seconds) };
    },
    async stop() {
      server.kill('SIGTERM');
      await once(server, 'exit');
    },
  };
}
