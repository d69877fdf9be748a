// Token shapes and the API-key format (SPEC T1, T2): everything here is pure and does no I/O, so a token
// that is not well-formed is refused before any database or Redis is touched.
import { randomInt } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { isValidAccountSlug } from '../tenancy/account-slug.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6; // 62^6 > 2^32: any CRC32 fits
const SECRET_PATTERN = /^[0-9A-Za-z]{38}$/;
const JWT_PATTERN = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;
/** Longer than any credential we issue or accept; caps the work spent on garbage. */
const MAX_TOKEN_LENGTH = 8192;

export type KeyPrefix = 'sk_live_' | 'pk_live_';

export type ParsedToken =
  | { kind: 'key'; prefix: KeyPrefix; account: string }
  | { kind: 'jwt' }
  | { kind: 'malformed' };

function base62(value: number, width: number): string {
  let out = '';
  let n = value;
  while (n > 0) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out.padStart(width, '0');
}

function checksum(body: string): string {
  return base62(crc32(body), CHECKSUM_LENGTH);
}

/** T1: prefix + account + `_` + 32 random base62 characters + their 6-character CRC32 checksum. */
export function generateKey(prefix: KeyPrefix, account: string): string {
  if (!isValidAccountSlug(account)) throw new Error('generateKey: invalid account slug');
  let random = '';
  for (let i = 0; i < RANDOM_LENGTH; i++) random += BASE62[randomInt(62)];
  const body = `${prefix}${account}_${random}`;
  return body + checksum(body);
}

/** T2: triage without I/O. The account of a key is everything between the prefix and the last `_`. */
export function parseToken(token: string): ParsedToken {
  if (token.length > MAX_TOKEN_LENGTH) return { kind: 'malformed' };
  const prefix = token.startsWith('sk_live_') ? 'sk_live_' : token.startsWith('pk_live_') ? 'pk_live_' : undefined;
  if (prefix !== undefined) {
    const rest = token.slice(prefix.length);
    const cut = rest.lastIndexOf('_');
    if (cut < 0) return { kind: 'malformed' };
    const account = rest.slice(0, cut);
    const secret = rest.slice(cut + 1);
    if (!isValidAccountSlug(account) || !SECRET_PATTERN.test(secret)) return { kind: 'malformed' };
    const body = token.slice(0, token.length - CHECKSUM_LENGTH);
    if (checksum(body) !== token.slice(-CHECKSUM_LENGTH)) return { kind: 'malformed' };
    return { kind: 'key', prefix, account };
  }
  if (JWT_PATTERN.test(token)) return { kind: 'jwt' };
  return { kind: 'malformed' };
}
