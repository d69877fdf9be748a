// Issue 7 item 3: a slow client cannot outlast its concurrency lease or hold requests forever. Requests whose
// bodies trickle in for longer than a lease's life keep counting against the concurrent limit (a live request
// renews its lease), and the request timeout ends them, releasing their slots. Real sockets, real Redis.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { REDIS_URL } from './support/hub-cluster.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

const LEASE_TTL_MS = 1500;
const REQUEST_TIMEOUT_MS = 4000;

let t: TestHub;
let port: number;
let account: string;
let key: string;

before(async () => {
  t = await startTestHub({ REDIS_URL, KATAVEN_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) }, { leaseTtlMs: LEASE_TTL_MS });
  account = await t.createAccount();
  await t.hub.control.query('UPDATE accounts SET rate_concurrent = 2 WHERE slug = $1', [account]);
  key = (await t.mintKey(account)).key;
  await t.hub.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.hub.app.server.address() as net.AddressInfo).port;
});
after(() => t.close());

/** A POST whose 100-byte body arrives one byte every 200 ms; resolves with what the server answered. */
function slowPost(): { answer: Promise<string>; stop(): void } {
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => undefined);
  socket.write(
    `POST /v1/agents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key}\r\n` +
      'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
  );
  const trickle = setInterval(() => socket.writable && socket.write(' '), 200);
  const answer = new Promise<string>((resolve) => socket.on('close', () => resolve(received)));
  void answer.then(() => clearInterval(trickle));
  return {
    answer,
    stop: () => {
      clearInterval(trickle);
      socket.destroy();
    },
  };
}

const getAgents = () => fetch(`http://127.0.0.1:${port}/v1/agents`, { headers: { authorization: `Bearer ${key}` } });

test('two slow uploads hold the concurrent limit of 2 past the lease, then the request timeout ends them', async () => {
  const slow = [slowPost(), slowPost()];
  try {
    // Both are admitted (authentication and the limit run before the body is read) and hold a slot.
    await new Promise((resolve) => setTimeout(resolve, LEASE_TTL_MS + 1000));
    // Past the lease's life: renewed, so they still count.
    const third = await getAgents();
    assert.equal(third.status, 429);
    assert.equal(third.headers.get('retry-after'), '1');
    assert.equal(await third.text(), 'rate_limited: concurrent (2) exceeded');

    // The request timeout ends them (checked every second), with an answer, not a hang.
    const started = performance.now();
    const answers = await Promise.all(slow.map((s) => s.answer));
    for (const answer of answers) {
      // §E: the documented body and an X-Request-Id, even for a request Node's server ended.
      assert.match(answer, /^HTTP\/1\.1 408 /, answer);
      assert.match(answer, /\r\nX-Request-Id: [0-9a-f-]{36}\r\n/i, answer);
      assert.match(answer, /\r\n\r\nrequest_timeout: /, answer);
    }
    assert.ok(performance.now() - started < REQUEST_TIMEOUT_MS + 1500);
  } finally {
    for (const s of slow) s.stop();
  }
  // Their slots were released: the limit admits again.
  const after = await getAgents();
  assert.equal(after.status, 200, await after.text());
});
