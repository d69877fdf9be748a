// Starts test/support/oidc-provider-process.ts (a real oidc-provider) as its own process, for the tests that need
// an OpenID Provider: the process at once (so a test's `after` can stop it whatever happens), and the issuer URL it
// prints once it listens.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { OidcProviderProcessConfig } from './oidc-provider-process.js';

const HUB_DIR = fileURLToPath(new URL('../..', import.meta.url));

export function startOidcProvider(config: OidcProviderProcessConfig): { process: ChildProcessWithoutNullStreams; issuer: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/oidc-provider-process.ts', JSON.stringify(config)], {
    cwd: HUB_DIR,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const issuer = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`oidc-provider did not start in 15 s:\n${stderr}`)), 15_000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const ready = /^(https?:\/\/\S+)$/m.exec(stdout);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]!);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`oidc-provider exited with ${code}:\n${stderr}`));
    });
  });
  return { process: child, issuer };
}
