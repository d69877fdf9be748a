// The verdict cache's key is exactly HMAC-SHA256 (RFC 2104), whatever the token and account text.
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { TokenFingerprint } from '../src/auth/token-fingerprint.js';

test('equals createHmac for random keys, tokens and accounts (ASCII and not)', () => {
  for (let i = 0; i < 200; i++) {
    const key = TokenFingerprint.randomKey();
    const fingerprint = new TokenFingerprint(key);
    const token = randomBytes(1 + (i % 90)).toString(i % 2 ? 'base64url' : 'latin1');
    const account = i % 3 === 0 ? '' : `acme-é-${i}`;
    const expected = createHmac('sha256', key).update(`${token}\n${account}`).digest('base64');
    assert.equal(fingerprint.of(token, account), expected);
  }
});

test('the token and the account are both in the key; a new process key changes everything', () => {
  const f = new TokenFingerprint();
  assert.notEqual(f.of('sk_live_a_x', ''), f.of('sk_live_a_x', 'a'));
  assert.notEqual(f.of('t1', 'a'), f.of('t2', 'a'));
  assert.equal(f.of('t1', 'a'), f.of('t1', 'a'));
  assert.notEqual(new TokenFingerprint().of('t1', 'a'), f.of('t1', 'a'));
});

test('refuses keys it cannot use as an ASCII pad', () => {
  assert.throws(() => new TokenFingerprint(new Uint8Array(64).fill(0x80)));
  assert.throws(() => new TokenFingerprint(new Uint8Array(32)));
});
