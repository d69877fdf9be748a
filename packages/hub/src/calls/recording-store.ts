// C4: recordings on the hub's disk, KATAVEN_HOME/recordings/<account>/<session id>.wav. A path is only ever built
// from an account slug that passes A1 and a session id that is a UUID, so no input can name another file.
import { randomBytes } from 'node:crypto';
import { constants, createReadStream, type ReadStream } from 'node:fs';
import { access, mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isValidAccountSlug } from '../tenancy/account-slug.js';

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export class RecordingStore {
  constructor(
    /** KATAVEN_HOME/recordings */
    readonly root: string,
  ) {}

  /** `<account>/<session>.wav`, relative to the root; throws for anything but a valid slug and a lowercase UUID. */
  relativePath(account: string, sessionId: string): string {
    if (!isValidAccountSlug(account) || !SESSION_ID.test(sessionId)) throw new Error('recording path: invalid account or session id');
    return `${account}/${sessionId}.wav`;
  }

  private fullPath(account: string, sessionId: string): string {
    return path.join(this.root, this.relativePath(account, sessionId));
  }

  /** Whether recordings can be kept: the folder exists (or can be made) and is writable. */
  async writable(): Promise<boolean> {
    try {
      await mkdir(this.root, { recursive: true, mode: 0o700 });
      await access(this.root, constants.W_OK);
      return (await stat(this.root)).isDirectory();
    } catch {
      return false;
    }
  }

  /**
   * Writes the recording: to a temporary file in the same folder, then renamed over the final name, so a reader
   * never sees half a file and a crash leaves no truncated recording under the real name.
   */
  async write(account: string, sessionId: string, data: Buffer): Promise<string> {
    const relative = this.relativePath(account, sessionId);
    const target = path.join(this.root, relative);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, data, { mode: 0o600 });
      await rename(temporary, target);
    } catch (err) {
      await unlink(temporary).catch(() => undefined);
      throw err;
    }
    return relative;
  }

  /** The file's size, or undefined when there is none. */
  async size(account: string, sessionId: string): Promise<number | undefined> {
    try {
      const info = await stat(this.fullPath(account, sessionId));
      return info.isFile() ? info.size : undefined;
    } catch {
      return undefined;
    }
  }

  open(account: string, sessionId: string): ReadStream {
    return createReadStream(this.fullPath(account, sessionId));
  }

  /** Deletes the file; true if it existed. */
  async delete(account: string, sessionId: string): Promise<boolean> {
    try {
      await unlink(this.fullPath(account, sessionId));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }
}
