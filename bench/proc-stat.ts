// A process's fields from /proc/<pid>/stat, after its name (which may hold spaces): [0] is the state, [1] the
// parent's pid, [11]–[14] utime, stime, cutime and cstime in clock ticks (USER_HZ = 100 a second).
import { readFileSync } from 'node:fs';

export function procStat(pid: number): string[] {
  return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
}

/** CPU seconds (user + system) of `pid`, and of its reaped children too when `children`. */
export function cpuSecondsOf(pid: number, children = false): number {
  const f = procStat(pid);
  const ticks = Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
  return ticks / 100;
}
