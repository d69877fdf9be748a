// A bench server's CPU profile of the load alone, without its start: with P6_PROFILE_FILE set, SIGUSR2 starts a
// profile and the next SIGUSR2 writes it to that file (bench/p6-profile-diff.ts, P4's profiling runs).
import { writeFileSync } from 'node:fs';
import inspector from 'node:inspector';

export async function profileOnSignal(file: string | undefined): Promise<void> {
  if (!file) return;
  const session = new inspector.Session();
  session.connect();
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) => session.post(method, (err, result) => (err ? reject(err) : resolve(result))));
  await post('Profiler.enable');
  let profiling = false;
  process.on('SIGUSR2', () => {
    profiling = !profiling;
    void (profiling ? post('Profiler.start') : post('Profiler.stop').then((r) => writeFileSync(file, JSON.stringify((r as { profile: unknown }).profile))));
  });
}
