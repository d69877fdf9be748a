// T3: only HMAC-SHA256(pepper, full token) is stored. Each hash records which pepper made it (a short
// fingerprint of the pepper, never the pepper), so KATAVEN_PEPPER can be rotated with the old one kept in
// KATAVEN_PEPPER_PREVIOUS until every key has been seen and re-hashed.
import { createHash, createHmac } from 'node:crypto';

export interface KeyHash {
  hash: Buffer;
  pepperVersion: string;
}

function pepperVersion(pepper: string): string {
  return createHash('sha256').update(`kataven-pepper:${pepper}`).digest('hex').slice(0, 12);
}

export class KeyHasher {
  private readonly peppers: { pepper: string; version: string }[];

  constructor(current: string, previous?: string) {
    this.peppers = [{ pepper: current, version: pepperVersion(current) }];
    if (previous !== undefined && previous !== current) {
      this.peppers.push({ pepper: previous, version: pepperVersion(previous) });
    }
  }

  /** The hash to store for a new key. */
  hash(token: string): KeyHash {
    return this.hashWith(0, token);
  }

  /** Every hash a stored key may have: current pepper first, then the previous one. */
  candidates(token: string): KeyHash[] {
    return this.peppers.map((_, i) => this.hashWith(i, token));
  }

  get currentVersion(): string {
    return this.peppers[0]!.version;
  }

  private hashWith(index: number, token: string): KeyHash {
    const { pepper, version } = this.peppers[index]!;
    return { hash: createHmac('sha256', pepper).update(token).digest(), pepperVersion: version };
  }
}
