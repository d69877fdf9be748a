// C4: a recording is fetched at a URL the hub signed for five minutes:
//   /recordings/<account>/<session id>.wav?expires=<unix seconds>&signature=<hex>
// The signature is HMAC-SHA256 over the path and the expiry, under a key derived from KATAVEN_SECRETS_KEY, which
// every instance of a deployment shares: any instance serves a URL that any other signed. A URL for one session
// says nothing about another's (the path is in the MAC), and changing the expiry breaks it.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const RECORDING_URL_TTL_MS = 5 * 60 * 1000;

export class RecordingUrls {
  constructor(
    /** A key for this purpose alone (SecretBox.deriveKey('recording-urls')). */
    private readonly key: Buffer,
    private readonly now: () => number = Date.now,
  ) {}

  static pathOf(account: string, sessionId: string): string {
    return `/recordings/${account}/${sessionId}.wav`;
  }

  private mac(path: string, expires: number): Buffer {
    return createHmac('sha256', this.key).update(`${path}\n${expires}`).digest();
  }

  /** The signed path and query, and when it stops working. */
  sign(account: string, sessionId: string): { pathAndQuery: string; expiresAt: Date } {
    const path = RecordingUrls.pathOf(account, sessionId);
    const expires = Math.floor((this.now() + RECORDING_URL_TTL_MS) / 1000);
    return {
      pathAndQuery: `${path}?expires=${expires}&signature=${this.mac(path, expires).toString('hex')}`,
      expiresAt: new Date(expires * 1000),
    };
  }

  /** Whether `signature` was made for `path` with `expires`, and `expires` is not past. Constant time. */
  verify(path: string, expires: string | undefined, signature: string | undefined): boolean {
    if (expires === undefined || signature === undefined) return false;
    if (!/^[0-9]{1,12}$/.test(expires) || !/^[0-9a-f]{64}$/.test(signature)) return false;
    const valid = timingSafeEqual(Buffer.from(signature, 'hex'), this.mac(path, Number(expires)));
    return valid && Number(expires) * 1000 >= this.now();
  }
}
