// C1/§E: agent ids are `agent_` + a ULID (https://github.com/ulid/spec): 48 bits of milliseconds since the epoch
// then 80 random bits, as 26 characters of Crockford's base32. The time comes first, so ids sort by creation time.
import { randomBytes } from 'node:crypto';

/** Crockford's base32: no I, L, O or U. */
export const CROCKFORD_BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const TIME_LENGTH = 10; // 50 bits of characters for 48 bits of time
const RANDOM_LENGTH = 16; // exactly 80 bits
const MAX_TIME = 2 ** 48 - 1;

/** The shape the agents table's CHECK constraint holds; the first character is at most 7 (48 bits of time). */
const AGENT_ID_PATTERN = /^agent_[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

/** `count` characters for the low `5 * count` bits of `value` (value < 2^53), most significant first. */
function encode(value: number, count: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < count; i++) {
    out = CROCKFORD_BASE32[rest % 32]! + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** A ULID for the given time, with 80 bits from node:crypto. */
export function ulid(timeMs: number, random: Uint8Array = randomBytes(10)): string {
  if (!Number.isInteger(timeMs) || timeMs < 0 || timeMs > MAX_TIME) throw new RangeError('ulid: time out of range');
  if (random.length !== 10) throw new RangeError('ulid: 10 random bytes are needed');
  // Two 40-bit halves, each exactly 8 characters and each well inside a safe integer.
  const half = (offset: number) => random.slice(offset, offset + 5).reduce((acc, byte) => acc * 256 + byte, 0);
  return encode(timeMs, TIME_LENGTH) + encode(half(0), RANDOM_LENGTH / 2) + encode(half(5), RANDOM_LENGTH / 2);
}

export function newAgentId(now: number = Date.now()): string {
  return `agent_${ulid(now)}`;
}

/** Whether a path segment can name an agent at all; anything else is answered as a missing row (404). */
export function isAgentId(value: string): boolean {
  return AGENT_ID_PATTERN.test(value);
}
