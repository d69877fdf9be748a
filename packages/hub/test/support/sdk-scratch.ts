// @kataven/sdk as a user gets it: `npm pack` of packages/sdk's built dist, installed from the tarball into a
// scratch project outside the workspace (no workspace link), with the SDK's pinned TypeScript and the hub's
// @types/node. Shared by sdk-package.test.ts and sdk-quickstart.test.ts.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const run = promisify(execFile);
export const SDK_DIR = fileURLToPath(new URL('../../../sdk/', import.meta.url));

/** The environment of a command run as a user would run it: none of the npm variables of a script running us. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^npm_/i.test(name)) env[name] = value;
  return { ...env, ...extra };
}

export interface PackedSdk {
  /** The tarball's file name, in the folder it was packed into. */
  filename: string;
  /** The files in the tarball, sorted. */
  files: string[];
}

/**
 * Packs the built dist/ into `destination`. Without prepack's rebuild: test files run in parallel and import that
 * dist (scripts/test.sh builds it first); a dist older than its sources is a failure here, not a silent pass.
 */
export async function packSdk(destination: string): Promise<PackedSdk> {
  const builtAt = (await stat(path.join(SDK_DIR, 'dist', 'index.js'))).mtimeMs;
  for (const file of await readdir(path.join(SDK_DIR, 'src'), { recursive: true })) {
    const source = await stat(path.join(SDK_DIR, 'src', file));
    assert.ok(source.isDirectory() || source.mtimeMs <= builtAt, `packages/sdk/dist is older than src/${file}: run npm run build`);
  }
  const packed = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], {
    cwd: SDK_DIR,
    env: cleanEnv(),
    maxBuffer: 8 << 20,
  });
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as { filename: string; files: { path: string }[] }[];
  assert.ok(info, packed.stdout);
  return { filename: info.filename, files: info.files.map((f) => f.path).sort() };
}

/**
 * A scratch project (ESM) in `folder` with the packed SDK installed from its tarball, the SDK's pinned TypeScript
 * and the hub's @types/node; returns the tarball and the path of the installed tsc.
 */
export async function scratchProjectWithSdk(folder: string): Promise<{ packed: PackedSdk; tsc: string }> {
  const packed = await packSdk(folder);
  const sdkManifest = JSON.parse(await readFile(path.join(SDK_DIR, 'package.json'), 'utf8')) as { devDependencies: { typescript: string } };
  const hubManifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { devDependencies: Record<string, string> };
  await writeFile(path.join(folder, 'package.json'), JSON.stringify({ name: 'sdk-scratch', private: true, type: 'module' }));
  await run(
    'npm',
    ['install', path.join(folder, packed.filename), `typescript@${sdkManifest.devDependencies.typescript}`, `@types/node@${hubManifest.devDependencies['@types/node']}`, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'],
    { cwd: folder, env: cleanEnv(), maxBuffer: 8 << 20 },
  );
  return { packed, tsc: path.join(folder, 'node_modules', '.bin', 'tsc') };
}

/** `tsc -p project` in the scratch project, failing the test with the compiler's report. */
export async function typeCheck(tsc: string, folder: string, project: string, args: string[] = ['--noEmit']): Promise<void> {
  await run(tsc, [...args, '-p', project], { cwd: folder, env: cleanEnv() }).catch((err: Error & { stdout?: string }) => {
    assert.fail(`tsc ${args.join(' ')} -p ${project} failed:\n${err.stdout ?? err.message}`);
  });
}
