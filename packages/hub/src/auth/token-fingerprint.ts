// T6's cache key: HMAC-SHA256 of the token (and the account it is asked about) under a key of this process.
// It is computed on every authenticated request, so it is built from two one-shot SHA-256 calls with
// precomputed pads (RFC 2104's definition, H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m))) rather than through createHmac,
// whose per-call object setup costs more than the hashing itself. test/token-fingerprint.test.ts checks it
// against createHmac.
import { hash, randomInt } from 'node:crypto';

const BLOCK = 64; // SHA-256's block size: a 64-byte key is used as is

export class TokenFingerprint {
  /** K ⊕ ipad as a string: the key's bytes are < 0x80, so the pad is ASCII and encodes as itself. */
  private readonly innerPad: string;
  /** K ⊕ opad, followed by room for the inner digest. */
  private readonly outer = Buffer.alloc(BLOCK + 32);

  constructor(key: Uint8Array = TokenFingerprint.randomKey()) {
    if (key.length !== BLOCK || key.some((b) => b >= 0x80)) throw new Error('the key must be 64 bytes below 0x80');
    this.innerPad = String.fromCharCode(...key.map((b) => b ^ 0x36));
    for (let i = 0; i < BLOCK; i++) this.outer[i] = key[i]! ^ 0x5c;
  }

  /** 64 random bytes, each below 0x80 (448 bits). */
  static randomKey(): Uint8Array {
    return Uint8Array.from({ length: BLOCK }, () => randomInt(0x80));
  }

  /** HMAC-SHA256(key, `${token}\n${account}`), base64. `message` is hashed as UTF-8, like createHmac's. */
  of(token: string, account: string): string {
    const inner = hash('sha256', `${this.innerPad}${token}\n${account}`, 'buffer');
    inner.copy(this.outer, BLOCK);
    return hash('sha256', this.outer, 'base64');
  }
}
