// Where P6's remaining gap goes (issue 10): one P6 server (bench/p6-server.ts, pinned to core 0), the open twin
// and the real `GET /v1/agents` each profiled under the same wrk load, and every function's self time per request
// in both, sorted by the difference (real − open), then summed by package. Self time in microseconds per request;
// `(idle)` is time the server waited. S=<seconds per route> (8), TOP=<rows> (60).
//   node --import tsx bench/p6-profile-diff.ts
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { load } from './load-generator.js';
import { startPinnedServer } from './pinned-server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const S = Number(process.env.S ?? 8);
const file = '/tmp/p6diff.cpuprofile';
const server = await startPinnedServer(path.join(here, 'p6-server.ts'), { env: { P6_PROFILE_FILE: file } });
const auth = { authorization: `Bearer ${server.key}` };
load(`${server.url}/bench/agents`, 3);
load(`${server.url}/v1/agents`, 3, auth);
interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }
const result: Record<string, Map<string, number>> = {};
const cpu: Record<string, number> = {};
for (const [label, route, headers] of [['open', '/bench/agents', {}], ['real', '/v1/agents', auth]] as const) {
  rmSync(file, { force: true });
  server.signal('SIGUSR2');
  const before = server.cpuSeconds();
  const r = load(`${server.url}${route}`, S, headers);
  const c = server.cpuSeconds() - before;
  server.signal('SIGUSR2');
  for (let i = 0; i < 100 && !existsSync(file); i++) await sleep(100);
  await sleep(500);
  const n = r.requestsPerSecond * S;
  cpu[label] = (c * 1e6) / n;
  console.error(label, Math.round(r.requestsPerSecond), 'req/s', cpu[label].toFixed(1), 'cpu us/req');
  const p = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const m = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const u = f.url.replace(/.*node_modules\//, '').replace(/.*packages\/hub\/dist\//, 'hub/');
    const k = `${f.functionName || '(anon)'} ${u}:${f.lineNumber}`;
    m.set(k, (m.get(k) ?? 0) + (p.timeDeltas[i] ?? 0) / n);
  });
  result[label] = m;
}
await server.stop();
const keys = new Set([...result.open!.keys(), ...result.real!.keys()]);
const rows = [...keys].map((k) => ({ k, open: result.open!.get(k) ?? 0, real: result.real!.get(k) ?? 0 }));
rows.sort((a, b) => b.real - b.open - (a.real - a.open));
const sum = (f: (r: (typeof rows)[0]) => number) => rows.reduce((s, r) => s + f(r), 0);
console.log('total sampled us/req open', sum((r) => r.open).toFixed(1), 'real', sum((r) => r.real).toFixed(1));
for (const r of rows.slice(0, Number(process.env.TOP ?? 60))) console.log((r.real - r.open).toFixed(2).padStart(7), r.open.toFixed(2).padStart(7), r.real.toFixed(2).padStart(7), r.k);
const bucket = (k: string) => { const u = k.split(' ').slice(1).join(' '); return u.startsWith('hub/') ? u.split('/').slice(0, 2).join('/').replace(/:.*/, '') : u.split('/')[0]!.replace(/:.*/, '') || k.split(' ')[0]!; };
const b = new Map<string, [number, number]>();
for (const r of rows) { const x = b.get(bucket(r.k)) ?? [0, 0]; x[0] += r.open; x[1] += r.real; b.set(bucket(r.k), x); }
console.log('--- by bucket');
for (const [k, [o, re]] of [...b].sort((a, c) => c[1][1] - c[1][0] - (a[1][1] - a[1][0])).slice(0, 30)) console.log((re - o).toFixed(2).padStart(7), o.toFixed(2).padStart(7), re.toFixed(2).padStart(7), k);
