// Runs the compiled `kataven` executable (bin/kataven.js → dist/) as a child process, the way a user does, and
// collects its output. Every process started here is tracked, so a test file's `after` can stop all of them
// whatever happened in the tests.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const KATAVEN_BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/kataven.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * The inherited environment without any of the hub's configuration (so a developer's DATABASE_URL, PORT or
 * KATAVEN_* never leaks into a test), plus `overrides`.
 */
export function cliEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (['DATABASE_URL', 'REDIS_URL', 'PORT', 'HOST'].includes(name) || name.startsWith('KATAVEN_')) continue;
    env[name] = value;
  }
  return { ...env, ...overrides };
}

/** The last non-empty line of a process's output. */
export function lastLine(text: string): string {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  return lines[lines.length - 1] ?? '';
}

/** A loopback port nothing listens on right now. */
export { freeLoopbackPort as freePort } from '../../src/tenancy/embedded-database.js';

const running = new Set<CliProcess>();

export class CliProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  /** Settles when the process has exited and its output streams are closed. */
  readonly exited: Promise<CliResult>;
  private result: CliResult | undefined;

  constructor(
    readonly args: string[],
    options: CliOptions,
  ) {
    this.child = spawn(process.execPath, [KATAVEN_BIN, ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    running.add(this);
    this.exited = new Promise<CliResult>((resolve) => {
      const done = (code: number | null, signal: NodeJS.Signals | null) => {
        running.delete(this);
        this.result = { code, signal, stdout: this.stdout, stderr: this.stderr };
        resolve(this.result);
      };
      this.child.once('error', (err) => {
        this.stderr += `spawn failed: ${err.message}\n`;
        done(null, null);
      });
      this.child.once('close', done);
    });
  }

  get hasExited(): boolean {
    return this.result !== undefined;
  }

  /** What the process printed so far, for assertion messages. */
  describe(): string {
    return `kataven ${this.args.join(' ')}\n--- stdout ---\n${this.stdout}\n--- stderr ---\n${this.stderr}`;
  }

  /** Resolves with the first match of `pattern` in stdout; rejects if the process exits first or on timeout. */
  async waitForStdout(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.stdout.match(pattern);
      if (match !== null) return match;
      if (this.hasExited) {
        throw new Error(`process exited (${this.result!.code ?? this.result!.signal}) before printing ${pattern}\n${this.describe()}`);
      }
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}\n${this.describe()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Sends `signal` and waits for the exit; after `timeoutMs` it is killed with SIGKILL and the wait rejects. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<CliResult> {
    if (!this.hasExited) this.child.kill(signal);
    return this.waitForExit(timeoutMs);
  }

  /** Waits for the process to end by itself; after `timeoutMs` it is killed with SIGKILL and the wait rejects. */
  async waitForExit(timeoutMs: number): Promise<CliResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(new Error(`did not exit within ${timeoutMs} ms\n${this.describe()}`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Starts `kataven <args>` and returns at once (for `serve`). */
export function startCli(args: string[], options: CliOptions): CliProcess {
  return new CliProcess(args, options);
}

/** Runs `kataven <args>` to its end (killed, and the promise rejected, after `timeoutMs`). */
export async function runCli(args: string[], options: CliOptions & { timeoutMs?: number }): Promise<CliResult> {
  return new CliProcess(args, options).waitForExit(options.timeoutMs ?? 30_000);
}

/** Stops every process started here that still runs: SIGTERM, then SIGKILL for any that does not exit. */
export async function stopAllCliProcesses(timeoutMs = 15_000): Promise<void> {
  await Promise.all([...running].map((p) => p.stop('SIGTERM', timeoutMs).catch(() => undefined)));
}
