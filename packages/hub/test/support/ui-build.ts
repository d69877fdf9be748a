// The Hub UI's browser tests serve packages/ui/dist, which the hub reads once when it starts. `npm test` builds
// everything first (scripts/test.sh), so there it is fresh and nothing is rebuilt: several test files run at
// once, and rebuilding under another file's starting hub would pull its files away. Run alone after editing the
// UI's sources, a test file rebuilds it first (esbuild, well under a second).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(import.meta.dirname, '../../../..');
const UI = path.join(REPO, 'packages/ui');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export function ensureUiBuilt(): void {
  const built = path.join(UI, 'dist/index.html');
  const sources = Math.max(newestSource(path.join(UI, 'src')), statSync(path.join(UI, 'build.js')).mtimeMs);
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  execFileSync('npm', ['run', 'build', '-w', '@kataven/ui'], { cwd: REPO, stdio: 'ignore' });
}
