// T1/T2 unit tests: the key format and the I/O-free triage of bearer tokens (src/auth/token-format.ts).
// The checksum is recomputed here with an independent CRC32 (table-driven, IEEE 802.3 polynomial) and an
// independent base62 encoder, so a bug shared by generateKey and parseToken cannot hide.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateKey, parseToken } from '../src/auth/token-format.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function referenceCrc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Most significant digit first, left-padded with '0' to `width`. */
function referenceBase62(value: number, width: number): string {
  const digits: string[] = [];
  for (let n = value; n > 0; n = Math.floor(n / 62)) digits.unshift(BASE62[n % 62]!);
  return digits.join('').padStart(width, '0');
}

function keyPattern(prefix: string, account: string): RegExp {
  // Slugs hold only [a-z0-9_-], none of which is special outside a character class.
  return new RegExp(`^${prefix}${account}_[0-9A-Za-z]{32}[0-9A-Za-z]{6}$`);
}

describe('T1 generateKey', () => {
  test('format: sk_live_ + account + _ + 32 base62 random + 6 base62 checksum', () => {
    for (const account of ['acme', 'a', '0', 'acme_corp-eu', 'x'.repeat(63)]) {
      const key = generateKey('sk_live_', account);
      assert.match(key, keyPattern('sk_live_', account), key);
      assert.equal(key.length, 'sk_live_'.length + account.length + 1 + 38);
    }
  });

  test('the checksum is the CRC32 of everything before it, in 6 base62 characters', () => {
    sanityCheckReferenceCrc();
    for (let i = 0; i < 200; i++) {
      const account = i % 2 === 0 ? 'acme' : 'acme_corp-eu';
      const key = generateKey(i % 3 === 0 ? 'pk_live_' : 'sk_live_', account);
      const body = key.slice(0, -6);
      assert.equal(key.slice(-6), referenceBase62(referenceCrc32(body), 6), key);
    }
  });

  test('the random part is random: 500 keys of one account are all distinct', () => {
    const keys = new Set(Array.from({ length: 500 }, () => generateKey('sk_live_', 'acme')));
    assert.equal(keys.size, 500);
  });

  test('refuses an account failing A1', () => {
    for (const account of ['', 'Acme', '-acme', '_acme', 'a'.repeat(64), 'acme corp', 'acmé']) {
      assert.throws(() => generateKey('sk_live_', account), /invalid account slug/, JSON.stringify(account));
    }
  });
});

function sanityCheckReferenceCrc(): void {
  // Known-answer values: the reference implementation must itself be right before it judges anything.
  assert.equal(referenceCrc32('123456789'), 0xcbf43926);
  assert.equal(referenceCrc32(''), 0);
  assert.equal(referenceBase62(0, 6), '000000');
  assert.equal(referenceBase62(61, 6), '00000z');
  assert.equal(referenceBase62(62, 6), '000010');
  assert.equal(referenceBase62(0xffffffff, 6), '4gfFC3');
}

describe('T2 parseToken: keys', () => {
  test('a generated key parses as kind key with its prefix and account', () => {
    assert.deepEqual(parseToken(generateKey('sk_live_', 'acme')), { kind: 'key', prefix: 'sk_live_', account: 'acme' });
  });

  test('accounts with underscores and hyphens parse: the account ends at the last `_`', () => {
    for (const account of ['acme_corp-eu', 'a_b_c', 'a-b-c', 'acme_', 'acme-', '0_0', 'x'.repeat(63)]) {
      assert.deepEqual(parseToken(generateKey('sk_live_', account)), { kind: 'key', prefix: 'sk_live_', account });
    }
  });

  test('pk_live_ widget keys parse as kind key with prefix pk_live_', () => {
    assert.deepEqual(parseToken(generateKey('pk_live_', 'acme_corp-eu')), {
      kind: 'key',
      prefix: 'pk_live_',
      account: 'acme_corp-eu',
    });
  });

  test('a key assembled by hand with the reference checksum parses (the format is the spec, not the generator)', () => {
    const body = `sk_live_acme_corp-eu_${'Ab3'.repeat(10)}Zz`;
    const key = body + referenceBase62(referenceCrc32(body), 6);
    assert.deepEqual(parseToken(key), { kind: 'key', prefix: 'sk_live_', account: 'acme_corp-eu' });
  });

  test('every single-character change anywhere in a valid key is malformed', () => {
    const replacements = [...BASE62, '_', '-', ' ', '.', '=', '+', '/', 'é', '\u0000'];
    let checked = 0;
    for (const account of ['acme', 'acme_corp-eu']) {
      const key = generateKey('sk_live_', account);
      assert.equal(parseToken(key).kind, 'key');
      for (let position = 0; position < key.length; position++) {
        for (const replacement of replacements) {
          if (replacement === key[position]) continue;
          const changed = key.slice(0, position) + replacement + key.slice(position + 1);
          const parsed = parseToken(changed);
          // sk→pk at position 0 is a change of kind, not of validity: it must still fail its own checksum.
          assert.deepEqual(parsed, { kind: 'malformed' }, `position ${position} → ${JSON.stringify(replacement)}: ${changed}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 2 * 50 * 60, `checked ${checked} variants`);
  });

  test('every transposition of two adjacent different secret characters is malformed', () => {
    const key = generateKey('sk_live_', 'acme');
    const secretStart = key.length - 38;
    for (let i = secretStart; i < key.length - 1; i++) {
      if (key[i] === key[i + 1]) continue;
      const swapped = key.slice(0, i) + key[i + 1]! + key[i]! + key.slice(i + 2);
      assert.deepEqual(parseToken(swapped), { kind: 'malformed' }, `swap at ${i}`);
    }
  });

  test('truncated and extended keys are malformed', () => {
    const key = generateKey('sk_live_', 'acme_corp-eu');
    for (let length = 0; length < key.length; length++) {
      assert.deepEqual(parseToken(key.slice(0, length)), { kind: 'malformed' }, `first ${length} characters`);
    }
    for (let cut = 1; cut < key.length; cut++) {
      assert.deepEqual(parseToken(key.slice(cut)), { kind: 'malformed' }, `without the first ${cut}`);
    }
    for (const extra of ['0', 'a', 'Z', '_', '-', ' ', '\n', '\t', 'é']) {
      assert.deepEqual(parseToken(key + extra), { kind: 'malformed' }, `appended ${JSON.stringify(extra)}`);
      assert.deepEqual(parseToken(extra + key), { kind: 'malformed' }, `prepended ${JSON.stringify(extra)}`);
    }
    assert.deepEqual(parseToken(key + key.slice(-6)), { kind: 'malformed' }, 'checksum repeated');
  });

  test('a valid checksum does not rescue an account failing A1 or a bad secret alphabet', () => {
    const withChecksum = (body: string) => body + referenceBase62(referenceCrc32(body), 6);
    const random = 'a'.repeat(32);
    for (const account of ['Acme', 'ACME', '-acme', '_acme', 'a'.repeat(64), 'acmé', 'acme.corp', 'acme corp', '']) {
      const token = withChecksum(`sk_live_${account}_${random}`);
      assert.deepEqual(parseToken(token), { kind: 'malformed' }, token);
    }
    for (const secret of ['a'.repeat(31), 'a'.repeat(33), `${'a'.repeat(31)}-`, `${'a'.repeat(31)}+`]) {
      const token = withChecksum(`sk_live_acme_${secret}`);
      assert.deepEqual(parseToken(token), { kind: 'malformed' }, token);
    }
    // The control: the same construction with a valid account and secret is accepted.
    assert.equal(parseToken(withChecksum(`sk_live_acme_${random}`)).kind, 'key');
  });

  test('other prefixes and near-misses are malformed', () => {
    const key = generateKey('sk_live_', 'acme');
    const tail = key.slice('sk_live_'.length);
    for (const prefix of ['sk_test_', 'SK_LIVE_', 'sk-live-', 'sk_live', 'rk_live_', 'sk_live__', '']) {
      assert.deepEqual(parseToken(prefix + tail), { kind: 'malformed' }, prefix);
    }
    // No `_` after the prefix: no account at all.
    assert.deepEqual(parseToken(`sk_live_${key.slice(-38)}`), { kind: 'malformed' });
    assert.deepEqual(parseToken('sk_live_'), { kind: 'malformed' });
    assert.deepEqual(parseToken('pk_live_'), { kind: 'malformed' });
  });
});

describe('T2 parseToken: JWT shape and garbage', () => {
  const header = Buffer.from('{"alg":"RS256","typ":"JWT"}').toString('base64url');
  const payload = Buffer.from('{"sub":"user-1"}').toString('base64url');

  test('three base64url segments starting eyJ are kind jwt', () => {
    assert.ok(header.startsWith('eyJ'));
    assert.deepEqual(parseToken(`${header}.${payload}.c2lnbmF0dXJl`), { kind: 'jwt' });
    assert.deepEqual(parseToken(`${header}.${payload}.`), { kind: 'jwt' }, 'empty signature still has the shape');
    assert.deepEqual(parseToken(`${header}.${payload}.a-b_c`), { kind: 'jwt' });
  });

  test('anything else is malformed', () => {
    for (const token of [
      '',
      'x',
      'garbage-token',
      `${header}.${payload}`, // two segments
      `${header}.${payload}.sig.extra`, // four segments (JWE has five)
      `${header}.${payload}.si g`,
      `${header}.${payload}.sig=`, // padding is not base64url
      `${header}.${payload}.sig+/`,
      `eyj${header.slice(3)}.${payload}.sig`, // case matters
      `Bearer ${header}.${payload}.sig`,
      ` ${header}.${payload}.sig`,
      `${header}.${payload}.sig\n`,
      'eyJ',
      'null',
      '{"alg":"none"}',
    ]) {
      assert.deepEqual(parseToken(token), { kind: 'malformed' }, JSON.stringify(token));
    }
  });

  test('length cap: tokens longer than 8192 characters are malformed before any pattern runs', () => {
    const jwtOfLength = (length: number) => `${header}.${payload}.${'a'.repeat(length - header.length - payload.length - 2)}`;
    assert.deepEqual(parseToken(jwtOfLength(4096)), { kind: 'jwt' }, 'a large but plausible JWT');
    assert.deepEqual(parseToken(jwtOfLength(8192)), { kind: 'jwt' }, 'at the cap');
    assert.deepEqual(parseToken(jwtOfLength(8193)), { kind: 'malformed' }, 'one over the cap');
    assert.deepEqual(parseToken(jwtOfLength(5 * 1024 * 1024)), { kind: 'malformed' }, '5 MiB');
    const longKey = generateKey('sk_live_', 'acme') + 'a'.repeat(8192);
    assert.deepEqual(parseToken(longKey), { kind: 'malformed' });
  });
});
