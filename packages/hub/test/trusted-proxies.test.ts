// Issue 7 item 5: KATAVEN_TRUSTED_PROXIES. Behind a load balancer the socket's peer is the proxy; with the
// proxy trusted, the client address it puts in X-Forwarded-For is request.ip — in the audit row (AU1) and in P0's
// per-IP budget. Without the variable, or from any other peer, X-Forwarded-For is ignored. Real PostgreSQL and
// Redis; inject() sets the peer address (127.0.0.1 unless a test names another). Client addresses are random
// (10.x.y.z), since the per-IP budgets live in a Redis other runs may share.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.js';
import { VALIDATIONS_PER_IP_PER_MINUTE } from '../src/http/account-validation.js';
import { REDIS_URL } from './support/hub-cluster.js';
import { startTestHub, testEnv, type TestHub } from './support/test-hub.js';

const randomIp = () => `10.${randomBytes(3).join('.')}`;
const CLIENT = '203.0.113.9';

let behindProxy: TestHub;
let direct: TestHub;

before(async () => {
  [behindProxy, direct] = await Promise.all([
    startTestHub({ REDIS_URL, KATAVEN_TRUSTED_PROXIES: '127.0.0.1/32, ::1' }),
    startTestHub({ REDIS_URL }),
  ]);
});
after(() => Promise.all([behindProxy?.close(), direct?.close()]));

interface AuditItem {
  request_id: string;
  ip: string | null;
}

/** Creates an agent with an API key, through `forwardedFor` from `peer`; returns the IP its audit row holds. */
async function auditedIp(hub: TestHub, headers: Record<string, string>, peer = '127.0.0.1'): Promise<string | null> {
  const account = await hub.createAccount();
  const { key } = await hub.mintKey(account);
  const created = await hub.hub.app.inject({
    method: 'POST',
    url: '/v1/agents',
    remoteAddress: peer,
    headers: { authorization: `Bearer ${key}`, ...headers },
    payload: { name: 'audited' },
  });
  assert.equal(created.statusCode, 201, created.body);
  // A mutation's row is durable before its response (AU2): listed at once.
  const listed = await hub.request({ url: '/v1/audit-log', token: key });
  assert.equal(listed.statusCode, 200, listed.body);
  const row = listed.json<{ data: AuditItem[] }>().data.find((r) => r.request_id === created.headers['x-request-id']);
  assert.ok(row, 'the creation is in the audit log');
  return row.ip;
}

const validate = (hub: TestHub, slug: string, forwardedFor: string | undefined, peer = '127.0.0.1') =>
  hub.hub.app.inject({
    url: `/api/accounts/validate/${slug}`,
    remoteAddress: peer,
    headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
  });

describe('KATAVEN_TRUSTED_PROXIES', () => {
  test('from a trusted proxy, X-Forwarded-For is the audit row’s IP; the rightmost untrusted address wins', async () => {
    assert.deepEqual(behindProxy.hub.config.trustedProxies, ['127.0.0.1/32', '::1']);
    assert.equal(await auditedIp(behindProxy, { 'x-forwarded-for': CLIENT }), CLIENT);
    // A client that sends its own X-Forwarded-For gets its forgery kept to the left of what the proxy saw.
    assert.equal(await auditedIp(behindProxy, { 'x-forwarded-for': `198.51.100.1, ${CLIENT}` }), CLIENT);
    // Several trusted hops are skipped.
    assert.equal(await auditedIp(behindProxy, { 'x-forwarded-for': `${CLIENT}, 127.0.0.1` }), CLIENT);
    // No header: the proxy itself.
    assert.equal(await auditedIp(behindProxy, {}), '127.0.0.1');
  });

  test('from a peer that is not a trusted proxy, X-Forwarded-For is ignored', async () => {
    const peer = randomIp();
    assert.equal(await auditedIp(behindProxy, { 'x-forwarded-for': CLIENT }, peer), peer);
  });

  test('without the variable, X-Forwarded-For is ignored: the audit IP is the peer', async () => {
    assert.deepEqual(direct.hub.config.trustedProxies, []);
    assert.equal(await auditedIp(direct, { 'x-forwarded-for': CLIENT }), '127.0.0.1');
  });

  test('P0 validate: each forwarded client has its own budget behind a trusted proxy', async () => {
    const account = await behindProxy.createAccount();
    const [first, second] = [randomIp(), randomIp()];
    for (let i = 0; i < VALIDATIONS_PER_IP_PER_MINUTE; i++) {
      assert.equal((await validate(behindProxy, account, first)).statusCode, 200, `validation ${i}`);
    }
    const refused = await validate(behindProxy, account, first);
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.body, `rate_limited: per-minute (${VALIDATIONS_PER_IP_PER_MINUTE}) exceeded`);
    // Another client behind the same proxy is not affected.
    assert.equal((await validate(behindProxy, account, second)).statusCode, 200);
    // An untrusted peer cannot borrow the spent client's address, nor escape its own budget with the header.
    const peer = randomIp();
    assert.equal((await validate(behindProxy, account, first, peer)).statusCode, 200);
  });

  test('P0 validate without the variable: X-Forwarded-For cannot buy a fresh budget', async () => {
    const account = await direct.createAccount();
    const peer = randomIp();
    for (let i = 0; i < VALIDATIONS_PER_IP_PER_MINUTE; i++) {
      assert.equal((await validate(direct, account, randomIp(), peer)).statusCode, 200, `validation ${i}`);
    }
    const refused = await validate(direct, account, randomIp(), peer);
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.body, `rate_limited: per-minute (${VALIDATIONS_PER_IP_PER_MINUTE}) exceeded`);
  });

  test('a bad value stops the start with a message naming the variable', () => {
    const { env, home } = testEnv();
    for (const value of ['not-an-ip', '10.0.0.0/33', '::1/129', '10.0.0.1,', '10.0.0.0/8;192.0.2.1', '10.0.0.0/255.0.0.0', 'loopback']) {
      assert.throws(
        () => loadConfig({ ...env, KATAVEN_TRUSTED_PROXIES: value }, home),
        (err: unknown) =>
          err instanceof ConfigError &&
          /^invalid configuration:\n {2}KATAVEN_TRUSTED_PROXIES: must be a comma-separated list of IP addresses or CIDR ranges/.test(err.message),
        value,
      );
    }
    const parsed = loadConfig({ ...env, KATAVEN_TRUSTED_PROXIES: ' 10.0.0.0/8 ,192.0.2.7, fd00::/8 ' }, home);
    assert.deepEqual(parsed.trustedProxies, ['10.0.0.0/8', '192.0.2.7', 'fd00::/8']);
    assert.deepEqual(loadConfig({ ...env, KATAVEN_TRUSTED_PROXIES: '' }, home).trustedProxies, []);
    rmSync(home, { recursive: true, force: true });
  });
});
