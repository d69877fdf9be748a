// Load for the HTTP benchmarks: wrk (Debian's `wrk`, a C load generator; bench/run.sh installs it). A
// JavaScript load generator on the same two cores saturates before the server does and flattens every ratio
// towards 1, so there is no fallback.
import { execFileSync } from 'node:child_process';

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

export function load(
  url: string,
  seconds: number,
  headers: Record<string, string> = {},
  connections = 32,
): LoadResult {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency'];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  // Pinned to core 1; the server under test is pinned to core 0.
  const output = execFileSync('taskset', ['-c', '1', 'wrk', ...args, url], { encoding: 'utf8' });
  if (/Non-2xx or 3xx responses/.test(output) || /Socket errors/.test(output)) {
    throw new Error(`wrk saw failed requests:\n${output}`);
  }
  const rps = /Requests\/sec:\s+([0-9.]+)/.exec(output);
  return { requestsPerSecond: Number(rps![1]), p50Ms: wrkMs(output, '50%'), p99Ms: wrkMs(output, '99%') };
}
