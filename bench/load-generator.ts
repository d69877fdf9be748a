// Load for the HTTP benchmarks: wrk (Debian's `wrk`, a C load generator; bench/run.sh installs it). A
// JavaScript load generator on the same two cores saturates before the server does and flattens every ratio
// towards 1, so there is no fallback.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** wrk prints e.g. "99%    1.23ms" or "99%  812.00us". */
function wrkMs(output: string, label: string): number {
  const match = new RegExp(`^\\s*${label}\\s+([0-9.]+)(us|ms|s)\\s*$`, 'm').exec(output);
  if (!match) throw new Error(`wrk output has no ${label} line:\n${output}`);
  const value = Number(match[1]);
  return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
}

function wrkArgs(url: string, seconds: number, headers: Record<string, string>, connections: number): string[] {
  const args = ['-c', '1', 'wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '--latency'];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  return [...args, url];
}

function parseWrk(output: string): LoadResult {
  if (/Non-2xx or 3xx responses/.test(output) || /Socket errors/.test(output)) {
    throw new Error(`wrk saw failed requests:\n${output}`);
  }
  const rps = /Requests\/sec:\s+([0-9.]+)/.exec(output);
  return { requestsPerSecond: Number(rps![1]), p50Ms: wrkMs(output, '50%'), p99Ms: wrkMs(output, '99%') };
}

export function load(
  url: string,
  seconds: number,
  headers: Record<string, string> = {},
  connections = 32,
): LoadResult {
  // Pinned to core 1; the server under test is pinned to core 0.
  return parseWrk(execFileSync('taskset', wrkArgs(url, seconds, headers, connections), { encoding: 'utf8' }));
}

/** The same, without blocking: several wrk processes at once (each on core 1), e.g. one per hub instance. */
export async function loadAsync(
  url: string,
  seconds: number,
  headers: Record<string, string> = {},
  connections = 32,
): Promise<LoadResult> {
  const { stdout } = await execFileAsync('taskset', wrkArgs(url, seconds, headers, connections), { encoding: 'utf8' });
  return parseWrk(stdout);
}

/**
 * loadAsync() with a wrk Lua script (-s) that builds each request itself (P4: each with another account's key),
 * and the script's arguments (after `--`).
 */
export async function loadScriptedAsync(
  url: string,
  seconds: number,
  script: string,
  scriptArgs: string[],
  connections = 32,
): Promise<LoadResult & { failures: { non_2xx: number; timeouts: number } }> {
  const args = [...wrkArgs(url, seconds, {}, connections)];
  args.splice(args.length - 1, 0, '-s', script);
  const { stdout } = await execFileAsync('taskset', [...args, '--', ...scriptArgs], { encoding: 'utf8' });
  // Failures are counted rather than thrown: on a loaded machine a run with a few timeouts is still a figure.
  const failed = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
  const timeouts = /Socket errors: .*timeout (\d+)/.exec(stdout);
  const rps = /Requests\/sec:\s+([0-9.]+)/.exec(stdout);
  return {
    requestsPerSecond: Number(rps![1]),
    p50Ms: wrkMs(stdout, '50%'),
    p99Ms: wrkMs(stdout, '99%'),
    failures: { non_2xx: Number(failed?.[1] ?? 0), timeouts: Number(timeouts?.[1] ?? 0) },
  };
}
