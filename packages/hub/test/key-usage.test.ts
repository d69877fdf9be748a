// K6 for cached verdicts (keys/key-usage.ts): which uses are handed on to be written. The writes themselves, and
// the SQL's own once-a-minute rule, are tested against PostgreSQL in api-keys.test.ts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Claims } from '../src/auth/claims.js';
import { KeyUsageRecorder } from '../src/keys/key-usage.js';

const key = (id: string, account = 'acme'): Claims => ({ account, actor: 'api_key', key_id: id, key_name: 'ci', roles: [] });

function recorder() {
  let now = 1_000_000;
  const written: string[] = [];
  const usage = new KeyUsageRecorder((account, keyId) => written.push(`${account}/${keyId}`), () => now);
  return { usage, written, advance: (ms: number) => (now += ms) };
}

test('a cached use is handed on at most once a minute per key', () => {
  const { usage, written, advance } = recorder();
  usage.touch(key('k1'));
  usage.touch(key('k1'));
  usage.touch(key('k2', 'beta'));
  assert.deepEqual(written, ['acme/k1', 'beta/k2']);
  advance(59_999);
  usage.touch(key('k1'));
  assert.equal(written.length, 2, 'not before the minute is up');
  advance(1);
  usage.touch(key('k1'));
  assert.deepEqual(written, ['acme/k1', 'beta/k2', 'acme/k1']);
});

test('a fresh verification counts as the write: the next cached use is due a minute after it', () => {
  const { usage, written, advance } = recorder();
  usage.touch(key('k1'), false); // the verifier has just recorded it, or found it recorded within the minute
  usage.touch(key('k1'));
  advance(30_000);
  usage.touch(key('k1'));
  assert.deepEqual(written, [], 'no write on the first cached uses after a verification');
  advance(30_000);
  usage.touch(key('k1'));
  assert.deepEqual(written, ['acme/k1']);
});

test('only API keys are recorded', () => {
  const { usage, written } = recorder();
  usage.touch({ account: 'acme', actor: 'user', sub: 'u1', roles: ['admin'] });
  assert.deepEqual(written, []);
});
