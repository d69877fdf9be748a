// Collects what a hub's pino logger writes, one entry per line, for tests that read the logs.
import { Writable } from 'node:stream';

export function logCapture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}
