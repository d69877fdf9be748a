// Secrets at rest (SPEC "KATAVEN_SECRETS_KEY", C2, W5): AES-256-GCM under one 256-bit key, a fresh 96-bit nonce
// per value, and additional data binding the ciphertext to where it belongs (the account, the table, the row and
// the field), so a ciphertext copied to another row or another tenant's database does not decrypt.
// Layout of a sealed value: version byte (1) ‖ nonce (12) ‖ tag (16) ‖ ciphertext.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** Where a sealed value lives; all of it is authenticated (not encrypted) with the value. */
export interface SecretPlace {
  account: string;
  table: string;
  row: string;
  field: string;
}

function additionalData(place: SecretPlace): Buffer {
  // JSON of a fixed key order: no two places share an encoding (a field cannot be shifted into another).
  return Buffer.from(JSON.stringify([place.account, place.table, place.row, place.field]), 'utf8');
}

/** Thrown when a sealed value does not open: tampered, moved, or sealed under another key. */
export class SecretOpenError extends Error {
  override name = 'SecretOpenError';
}

export class SecretBox {
  private readonly key: Buffer;

  /** @param keyHex 64 hexadecimal characters (KATAVEN_SECRETS_KEY). */
  constructor(keyHex: string) {
    if (!/^[0-9a-fA-F]{64}$/.test(keyHex)) throw new Error('a secrets key is 64 hexadecimal characters');
    this.key = Buffer.from(keyHex, 'hex');
  }

  seal(plaintext: string, place: SecretPlace): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(additionalData(place));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer, place: SecretPlace): string {
    if (sealed.length < 1 + NONCE_BYTES + TAG_BYTES || sealed[0] !== VERSION) {
      throw new SecretOpenError('not a sealed value of this version');
    }
    const nonce = sealed.subarray(1, 1 + NONCE_BYTES);
    const tag = sealed.subarray(1 + NONCE_BYTES, 1 + NONCE_BYTES + TAG_BYTES);
    const body = sealed.subarray(1 + NONCE_BYTES + TAG_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, nonce);
      decipher.setAAD(additionalData(place));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretOpenError('the sealed value does not open here (tampered, moved, or another key)');
    }
  }

  /**
   * A key for one purpose (e.g. `recording-urls`, C4), derived from this key (HMAC-SHA256 keyed with it), so that
   * every instance sharing KATAVEN_SECRETS_KEY derives the same one, and no derived key reveals this one.
   */
  deriveKey(purpose: string): Buffer {
    return createHmac('sha256', this.key).update(`kataven derived key: ${purpose}`).digest();
  }
}
