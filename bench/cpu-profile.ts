// Where a server's CPU goes: a V8 CPU profile (`node --cpu-prof`) summarised by self time per package (a
// node_modules package, a directory of the hub's build, a Node.js internal module, or V8's own idle/GC/program
// entries). Used by P6 to say what the guardrails still cost (issue 10).
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The bucket a function's self time counts in. */
function bucketOf({ functionName, url }: ProfileNode['callFrame']): string {
  if (!url) return functionName.startsWith('(') ? functionName : `(native) ${functionName || 'anonymous'}`;
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const dist = url.indexOf('/packages/hub/dist/');
  if (dist >= 0) {
    const parts = url.slice(dist + '/packages/hub/dist/'.length).split('/');
    return `hub: ${parts.length > 1 ? `${parts[0]}/` : parts[0]}`;
  }
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  return url;
}

/** Share of all sampled time per bucket, largest first. */
export function summariseCpuProfile(file: string, top = 20): { bucket: string; percent: number }[] {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    const bucket = bucketOf(byId.get(id)!.callFrame);
    totals.set(bucket, (totals.get(bucket) ?? 0) + delta);
    all += delta;
  });
  return [...totals]
    .map(([bucket, time]) => ({ bucket, percent: Number(((100 * time) / all).toFixed(1)) }))
    .sort((a, b) => b.percent - a.percent)
    .slice(0, top);
}
