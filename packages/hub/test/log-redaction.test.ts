// T3 "never logged", issue 7 item 5: the request-log redaction against keys spelled every way a URL allows —
// any of its characters percent-encoded (once, or twice), glued to other text, split across path segments —
// beside malformed escapes. Properties over generated URLs, with a fixed seed so every run checks the same ones
// (KATAVEN_FUZZ_SEED=random explores new ones, as in fuzz.security.test.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { percentDecoded, redactCredentials } from '../src/http/log-redaction.js';
import { generateKey } from '../src/auth/token-format.js';

const SEED =
  process.env.KATAVEN_FUZZ_SEED === 'random'
    ? Math.floor(Math.random() * 2 ** 31)
    : Number(process.env.KATAVEN_FUZZ_SEED ?? 20260507);

const slug = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,20}$/);
const key = fc.tuple(fc.constantFrom('sk_live_' as const, 'pk_live_' as const), slug).map(([prefix, account]) => generateKey(prefix, account));

/** `text` with each character chosen by `mask` percent-encoded (UTF-8 bytes, upper- or lower-case hex). */
function encodeSome(text: string, mask: boolean[], lower: boolean): string {
  return [...text]
    .map((char, i) => {
      if (!mask[i % mask.length]) return char;
      const hex = [...Buffer.from(char)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
      return lower ? hex : hex.toUpperCase();
    })
    .join('');
}

/** Text around a key: ordinary URL pieces, glue that is a word character, and malformed escapes. */
const surrounding = fc.constantFrom('', '/v1/agents?api_key=', '/v1/api-keys/', 'x_', 'Bearer_', '?a=%zz&k=', '%E0%A4%', '%', '&b=%G1');

describe(`issue 7 item 5: request-log redaction (seed ${SEED})`, () => {
  test('a key whose characters are percent-encoded at random (once or twice), anywhere in a URL, never survives', () => {
    fc.assert(
      fc.property(key, surrounding, surrounding, fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }), fc.boolean(), fc.boolean(), (k, before, after, mask, lower, twice) => {
        const once = encodeSome(k, mask, lower);
        const spelled = twice ? once.replaceAll('%', '%25') : once;
        const url = `${before}${spelled}${after}`;
        const secret = k.slice(k.lastIndexOf('_') + 1);
        const logged = redactCredentials(url);
        assert.ok(!logged.includes(secret), `the secret survives in ${logged}`);
        assert.ok(!percentDecoded(logged).includes(secret), `the secret survives decoding of ${logged}`);
      }),
      { numRuns: 2000, seed: SEED },
    );
  });

  test('a 38-character base62 run after `_live_` is cut out wherever it stands (a secret split from its prefix)', () => {
    fc.assert(
      fc.property(key, fc.constantFrom('/', '?s=', '&x=1&s=', '#', ' '), (k, separator) => {
        const cut = k.lastIndexOf('_');
        const url = `/v1/api-keys/${k.slice(0, cut)}${separator}${k.slice(cut + 1)}`;
        assert.ok(!redactCredentials(url).includes(k.slice(cut + 1)), url);
      }),
      { numRuns: 500, seed: SEED },
    );
    // Shorter base62 runs (ids, ULIDs) after `_live_` are kept: only the secret's shape is cut.
    assert.equal(
      redactCredentials('/v1/agents/agent_01ARZ3NDEKTSV4RRFFQ69G5FAV?from=sk_live_'),
      '/v1/agents/agent_01ARZ3NDEKTSV4RRFFQ69G5FAV?from=sk_live_[redacted]',
    );
  });

  test('decoding never throws: malformed escapes stay as they are, bytes that are not UTF-8 become U+FFFD', () => {
    assert.equal(percentDecoded('/v1/x?a=%zz&b=%&c=%4'), '/v1/x?a=%zz&b=%&c=%4');
    assert.equal(percentDecoded('/v1/%F0%9F%94%91'), '/v1/🔑');
    assert.equal(percentDecoded('/v1/%E0%A4'), '/v1/\ufffd');
    assert.equal(percentDecoded('%252573'), 's', 'three rounds of encoding');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('%', '2', '5', 'e', 'F', '0', 'g', 'a', '_', 'é', '\ud800') }), (text) => {
        const decoded = percentDecoded(text);
        assert.ok(decoded.length <= text.length, 'decoding only ever shortens');
        redactCredentials(text);
      }),
      { numRuns: 2000, seed: SEED },
    );
  });

  test('URLs with no credential and no escape are logged as they are', () => {
    for (const url of ['/v1/agents', '/v1/agents/agent_01ARZ3NDEKTSV4RRFFQ69G5FAV', '/v1/audit-log?since=2026-01-01T00:00:00Z&limit=50']) {
      assert.equal(redactCredentials(url), url);
    }
  });
});

test('C4: the signature of a signed recording URL is not logged; the rest of the URL is', () => {
  const url = '/recordings/acme/9dbd35d7-4056-4af8-b856-3c0b4f62cd8e.wav?expires=1795843582&signature=44bcff1e780559ef556cd473b194e6c09ee277203fb4744da8fbcf6785e9be25';
  const logged = redactCredentials(url);
  assert.equal(logged, '/recordings/acme/9dbd35d7-4056-4af8-b856-3c0b4f62cd8e.wav?expires=1795843582&signature=[redacted]');
  assert.equal(redactCredentials('/x?Signature=abc&y=1'), '/x?Signature=[redacted]&y=1');
});
