// T6 unit rules of the verdict cache, with an explicit clock: 30 s, never past the credential's expiry,
// bounded, revocations win races, untrusted while the subscription is down.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Claims } from '../src/auth/claims.js';
import { VerdictCache } from '../src/auth/verdict-cache.js';

const claims = (over: Partial<Claims> = {}): Claims => ({
  account: 'acme',
  actor: 'api_key',
  key_id: 'k1',
  key_name: 'ci',
  roles: [],
  ...over,
});

function cacheAt(start = 1_000_000) {
  const clock = { now: start };
  return { cache: new VerdictCache({ now: () => clock.now, maxEntries: 3 }), clock };
}

describe('VerdictCache', () => {
  test('a verdict lives 30 s', () => {
    const { cache, clock } = cacheAt();
    cache.set('h1', claims(), cache.begin());
    clock.now += 29_999;
    assert.deepEqual(cache.get('h1'), claims());
    clock.now += 1;
    assert.equal(cache.get('h1'), undefined);
  });

  test("never past the credential's own expiry", () => {
    const { cache, clock } = cacheAt();
    cache.set('h1', claims({ expires_at: new Date(clock.now + 5_000).toISOString() }), cache.begin());
    clock.now += 4_999;
    assert.ok(cache.get('h1'));
    clock.now += 1;
    assert.equal(cache.get('h1'), undefined);
    // Already expired: not stored at all.
    cache.set('h2', claims({ expires_at: new Date(clock.now - 1).toISOString() }), cache.begin());
    assert.equal(cache.size, 0);
  });

  test('bounded: the oldest entry goes first', () => {
    const { cache } = cacheAt();
    for (const h of ['a', 'b', 'c', 'd']) cache.set(h, claims({ key_id: h }), cache.begin());
    assert.equal(cache.size, 3);
    assert.equal(cache.get('a'), undefined);
    assert.ok(cache.get('d'));
  });

  test('a revocation evicts that key (or that account) only', () => {
    const { cache } = cacheAt();
    cache.set('k1', claims({ key_id: 'k1' }), cache.begin());
    cache.set('k2', claims({ key_id: 'k2' }), cache.begin());
    cache.set('other', claims({ account: 'globex', key_id: 'k1' }), cache.begin());
    cache.revoke({ kind: 'key', account: 'acme', key_id: 'k1' });
    assert.equal(cache.get('k1'), undefined);
    assert.ok(cache.get('k2'));
    assert.ok(cache.get('other'), 'the same key id in another account is another key');
    cache.revoke({ kind: 'account', account: 'acme' });
    assert.equal(cache.get('k2'), undefined);
    assert.ok(cache.get('other'));
  });

  test('a verdict computed across a revocation is not stored', () => {
    const { cache } = cacheAt();
    const started = cache.begin();
    cache.revoke({ kind: 'key', account: 'zzz', key_id: 'unrelated' });
    cache.set('h1', claims(), started);
    assert.equal(cache.get('h1'), undefined);
    cache.set('h1', claims(), cache.begin());
    assert.ok(cache.get('h1'));
  });

  test('untrusted (subscription down): empty, nothing served, nothing stored, nothing in flight kept', () => {
    const { cache } = cacheAt();
    cache.set('h1', claims(), cache.begin());
    const inFlight = cache.begin();
    cache.setTrusted(false);
    assert.equal(cache.size, 0);
    cache.set('h2', claims(), cache.begin());
    assert.equal(cache.get('h2'), undefined);
    cache.setTrusted(true);
    cache.set('h3', claims(), inFlight);
    assert.equal(cache.get('h3'), undefined, 'started before the outage');
    cache.set('h4', claims(), cache.begin());
    assert.ok(cache.get('h4'));
  });
});
