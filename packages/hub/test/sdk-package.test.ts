// @kataven/sdk as a user gets it (SPEC §S): `npm pack` of packages/sdk, installed from the tarball into a scratch
// project outside the workspace (no workspace link), a TypeScript script type-checked with the pinned compiler
// (strict, the declarations checked too, once without @types/node, since the SDK needs only what browsers, Node and
// edge runtimes share, and once as a Node project without the DOM library) and run with node against a test hub.
import assert from 'node:assert/strict';
import { lstat, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cleanEnv, run, scratchProjectWithSdk, typeCheck as tscCheck } from './support/sdk-scratch.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

const SCRIPT = `import { Kataven, KatavenError, NotFoundError, type Agent, type Call } from '@kataven/sdk';

declare const process: { env: Record<string, string | undefined> };

const kataven = new Kataven({ apiKey: process.env.KATAVEN_API_KEY!, baseUrl: process.env.KATAVEN_API_URL, retry: true });
const agent: Agent = await kataven.agents.create({ name: 'From the tarball', status: 'active' });
const listed = await kataven.agents.list();
let notFound = '';
try {
  await kataven.agents.get('agent_01J00000000000000000000000');
} catch (err) {
  if (err instanceof NotFoundError && err instanceof KatavenError) notFound = err.code;
}
const calls: Call[] = [];
for await (const call of kataven.calls.list({ limit: 10 })) calls.push(call);
// @ts-expect-error the SDK never mints API keys (K5)
void kataven.apiKeys.create;
console.log(JSON.stringify({ name: agent.name, status: agent.status, listed: listed.map((a) => a.id), notFound, calls: calls.length }));
`;

const NODE_SCRIPT = `import { Kataven, RateLimitError } from '@kataven/sdk';

const kataven = new Kataven({ apiKey: process.env.KATAVEN_API_KEY ?? '', retry: { maxRetries: 2 }, fetch: globalThis.fetch });
try {
  const limits = await kataven.callLimits.get({ signal: AbortSignal.timeout(5000) });
  console.log(limits.concurrent_max);
} catch (err) {
  if (err instanceof RateLimitError) console.log(err.retryAfter);
}
`;

describe('@kataven/sdk packed, installed and used', { timeout: 240_000 }, () => {
  let t: TestHub;
  let baseUrl: string;
  let scratch: string;

  before(async () => {
    t = await startTestHub();
    baseUrl = await t.hub.app.listen({ port: 0, host: '127.0.0.1' });
    scratch = await mkdtemp(path.join(os.tmpdir(), 'kataven-sdk-scratch-'));
  });
  after(async () => {
    await t?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  test('npm pack → npm install <tarball> → tsc --noEmit → node, against a running hub', async () => {
    // 1. Pack the built dist/ (it must not be older than its sources) and 2. install the tarball and the pinned
    // TypeScript into a scratch project outside the workspace.
    const { packed, tsc } = await scratchProjectWithSdk(scratch);
    const files = packed.files;
    assert.ok(files.includes('dist/index.js') && files.includes('dist/index.d.ts') && files.includes('package.json'), files.join(', '));
    // The types generated from /openapi.json, which the public types are derived from.
    assert.ok(files.includes('dist/generated/openapi.d.ts'), files.join(', '));
    for (const file of files) assert.match(file, /^(package\.json|README\.md|dist\/.*\.(js|d\.ts))$/, `unexpected file in the tarball: ${file}`);
    const installed = path.join(scratch, 'node_modules', '@kataven', 'sdk');
    assert.equal((await lstat(installed)).isSymbolicLink(), false, 'a real install, not a workspace link');
    const manifest = JSON.parse(await readFile(path.join(installed, 'package.json'), 'utf8')) as { dependencies?: unknown; exports: unknown };
    assert.equal(manifest.dependencies, undefined, 'no runtime dependency');

    // 3. Type-check a script using it: strict, library declarations checked, no @types/node.
    await writeFile(path.join(scratch, 'main.ts'), SCRIPT);
    await writeFile(
      path.join(scratch, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          skipLibCheck: false,
          lib: ['ES2022', 'DOM'],
          types: [],
          outDir: 'out',
        },
        files: ['main.ts'],
      }),
    );
    const typeCheck = (project: string) => tscCheck(tsc, scratch, project);
    await typeCheck(scratch);
    // The usual Node project too: Node's own types and no DOM library.
    await writeFile(path.join(scratch, 'node.ts'), NODE_SCRIPT);
    await writeFile(
      path.join(scratch, 'tsconfig.node.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false, lib: ['ES2022'], types: ['node'], noEmit: true },
        files: ['node.ts'],
      }),
    );
    await typeCheck(path.join(scratch, 'tsconfig.node.json'));
    await run(tsc, ['-p', scratch], { cwd: scratch, env: cleanEnv() });

    // 4. Run it against the hub.
    const account = await t.createAccount();
    const { key } = await t.mintKey(account);
    const output = await run(process.execPath, [path.join(scratch, 'out', 'main.js')], {
      cwd: scratch,
      env: cleanEnv({ KATAVEN_API_KEY: key, KATAVEN_API_URL: baseUrl }),
    });
    const result = JSON.parse(output.stdout) as { name: string; status: string; listed: string[]; notFound: string; calls: number };
    assert.deepEqual([result.name, result.status, result.listed.length, result.notFound, result.calls], ['From the tarball', 'active', 1, 'not_found', 0]);
  });
});
