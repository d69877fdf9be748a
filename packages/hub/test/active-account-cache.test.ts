// The verification path's cached view of active accounts, against the real catalog: cached (one query less per
// cache-miss verification), evicted by an account revocation, never refilled by a lookup that raced one, and
// bypassed while the revocation subscription is down.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ActiveAccountCache } from '../src/tenancy/active-account-cache.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

let t: TestHub;
before(async () => {
  t = await startTestHub();
});
after(() => t.close());

async function setStatus(slug: string, status: 'active' | 'disabled'): Promise<void> {
  await t.hub.control.query('UPDATE accounts SET status = $2 WHERE slug = $1', [slug, status]);
}

describe('ActiveAccountCache', () => {
  test('remembers an active account until it is revoked', async () => {
    const slug = await t.createAccount();
    const cache = new ActiveAccountCache(t.hub.catalog);
    assert.equal((await cache.find(slug))?.slug, slug);
    await setStatus(slug, 'disabled');
    assert.equal((await cache.find(slug))?.slug, slug, 'served from memory: the catalog was not read again');
    cache.revoke({ kind: 'account', account: slug });
    assert.equal(await cache.find(slug), undefined, 'after the revocation the catalog says disabled');
  });

  test('unknown and inactive accounts are not remembered', async () => {
    const slug = await t.createAccount();
    await setStatus(slug, 'disabled');
    const cache = new ActiveAccountCache(t.hub.catalog);
    assert.equal(await cache.find(slug), undefined);
    await setStatus(slug, 'active');
    assert.equal((await cache.find(slug))?.slug, slug);
    assert.equal(await cache.find('no-such-account'), undefined);
  });

  test('expires after 30 s', async () => {
    const slug = await t.createAccount();
    const clock = { now: 0 };
    const cache = new ActiveAccountCache(t.hub.catalog, { now: () => clock.now });
    await cache.find(slug);
    await setStatus(slug, 'disabled');
    clock.now = 29_999;
    assert.ok(await cache.find(slug));
    clock.now = 30_000;
    assert.equal(await cache.find(slug), undefined);
  });

  test('a lookup that raced a revocation is not remembered', async () => {
    const slug = await t.createAccount();
    const cache = new ActiveAccountCache(t.hub.catalog);
    const lookup = cache.find(slug); // reads "active"
    cache.revoke({ kind: 'account', account: slug });
    assert.ok(await lookup);
    await setStatus(slug, 'disabled');
    assert.equal(await cache.find(slug), undefined, 'read again, not served from memory');
  });

  test('untrusted: every lookup reads the catalog', async () => {
    const slug = await t.createAccount();
    const cache = new ActiveAccountCache(t.hub.catalog);
    await cache.find(slug);
    cache.setTrusted(false);
    await setStatus(slug, 'disabled');
    assert.equal(await cache.find(slug), undefined);
    await setStatus(slug, 'active');
    assert.ok(await cache.find(slug));
    await setStatus(slug, 'disabled');
    assert.equal(await cache.find(slug), undefined, 'nothing was stored while untrusted');
  });
});
