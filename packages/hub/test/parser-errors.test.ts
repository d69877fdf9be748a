// Issue 7 item 5, SPEC §E: what Node's HTTP parser refuses before Fastify sees a request (headers too large, a
// bad Content-Length, control characters in a header, an invalid method or URL) is answered in the documented
// format with an X-Request-Id, and the connection closed. inject() cannot produce a parser error: these tests
// write raw bytes to a real TCP socket.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { logCapture } from './support/log-capture.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const { lines: logLines, stream: logStream } = logCapture();
let t: TestHub;
let port: number;

before(async () => {
  t = await startTestHub({}, { logger: { level: 'trace', stream: logStream } });
  const url = new URL(await t.hub.app.listen({ port: 0, host: '127.0.0.1' }));
  port = Number(url.port);
});
after(() => t?.close());

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends `bytes` and reads until the server closes the connection (or 5 s pass): every response it wrote. */
function exchange(bytes: string | Buffer): Promise<{ responses: RawResponse[]; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ responses: parseResponses(Buffer.concat(chunks)), closedByServer: false });
    }, 5000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ responses: parseResponses(Buffer.concat(chunks)), closedByServer: true });
    });
    socket.write(bytes);
  });
}

/** Responses with a Content-Length body, one after another (as on a keep-alive connection). */
function parseResponses(raw: Buffer): RawResponse[] {
  const responses: RawResponse[] = [];
  let rest = raw;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    assert.ok(end >= 0, `an incomplete response head: ${JSON.stringify(rest.toString('latin1'))}`);
    const head = rest.subarray(0, end).toString('latin1').split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of head.slice(1)) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    assert.ok(headers['content-length'] !== undefined, `a response without Content-Length: ${head[0]}`);
    const length = Number(headers['content-length']);
    const body = rest.subarray(end + 4, end + 4 + length);
    assert.equal(body.length, length, 'the whole body arrived');
    responses.push({ status: Number(head[0]!.split(' ')[1]), headers, body: body.toString('utf8') });
    rest = rest.subarray(end + 4 + length);
  }
  return responses;
}

/** How many complete responses `raw` holds so far. */
function parseComplete(raw: Buffer): number {
  try {
    return parseResponses(raw).length;
  } catch {
    return 0;
  }
}

/** The one response to a request the parser refuses: the status, the §E body and its code, a fresh X-Request-Id. */
async function assertRefused(bytes: string | Buffer, status: number, code: string): Promise<RawResponse> {
  const { responses, closedByServer } = await exchange(bytes);
  assert.equal(responses.length, 1, JSON.stringify(responses));
  const [response] = responses as [RawResponse];
  assert.equal(response.status, status, response.body);
  assert.equal(response.body.split(':')[0], code, response.body);
  assert.match(response.body, /^[a-z_]+: \S/);
  assert.match(response.headers['content-type'] ?? '', /^text\/plain; charset=utf-8$/);
  assert.match(response.headers['x-request-id'] ?? '', UUID);
  assert.equal(response.headers.connection, 'close');
  assert.ok(closedByServer, 'the connection is closed after the answer');
  return response;
}

const get = (headers: string) => `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\n`;

describe('issue 7 item 5: Node parser errors answered in the §E format', { timeout: 30_000 }, () => {
  test('headers over the size limit → 431 headers_too_large', async () => {
    await assertRefused(get(`X-Big: ${'a'.repeat(20_000)}\r\n`), 431, 'headers_too_large');
    // Many small headers add up the same way.
    const many = Array.from({ length: 600 }, (_, i) => `X-H${i}: ${'b'.repeat(40)}\r\n`).join('');
    await assertRefused(get(many), 431, 'headers_too_large');
  });

  test('a bad Content-Length → 400 invalid_request', async () => {
    await assertRefused(`POST /v1/agents HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}`, 400, 'invalid_request');
    await assertRefused(`POST /v1/agents HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n{}`, 400, 'invalid_request');
    // Two that disagree: request smuggling's raw material.
    await assertRefused(
      `POST /v1/agents HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}`,
      400,
      'invalid_request',
    );
  });

  test('control characters in a header → 400 invalid_request', async () => {
    await assertRefused(get('X-Note: a\u0001b\r\n'), 400, 'invalid_request');
    await assertRefused(get('X-Na\u0007me: value\r\n'), 400, 'invalid_request');
  });

  test('an invalid method or request line → 400 invalid_request', async () => {
    await assertRefused('G\u0000T /healthz HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'invalid_request');
    await assertRefused('GET /health\u007fz HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'invalid_request');
    await assertRefused('GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n', 400, 'invalid_request');
    await assertRefused('NOT HTTP AT ALL\r\n\r\n', 400, 'invalid_request');
  });

  test('each refusal has its own X-Request-Id, and it is the one logged (with no request bytes)', async () => {
    const secret = 'sk_live_leak_0123456789abcdefghijklmnopqrstuvwxyz';
    const first = await assertRefused(get(`Authorization: Bearer ${secret}\r\nX-Bad: \u0001\r\n`), 400, 'invalid_request');
    const second = await assertRefused(get(`Authorization: Bearer ${secret}\r\nX-Big: ${'a'.repeat(20_000)}\r\n`), 431, 'headers_too_large');
    assert.notEqual(first.headers['x-request-id'], second.headers['x-request-id']);
    for (const response of [first, second]) {
      const line = logLines.find((l) => l.includes(response.headers['x-request-id']!));
      assert.ok(line, 'the refusal is logged under its request id');
    }
    assert.deepEqual(logLines.filter((line) => line.includes(secret)).length, 0, 'no log line holds the request bytes');
  });

  test('on a keep-alive connection, an earlier response is intact and the bad request after it is refused', async () => {
    const socket = net.connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let firstAnswered: () => void = () => undefined;
    const firstResponse = new Promise<void>((resolve) => (firstAnswered = resolve));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (parseComplete(received) >= 1) firstAnswered();
    });
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    // The first response arrives whole before the second request is written.
    await firstResponse;
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad: \u0001\r\n\r\n');
    await closed;
    const responses = parseResponses(received);
    assert.deepEqual(
      responses.map((r) => [r.status, r.body]),
      [
        [200, '{"status":"ok"}'],
        [400, 'invalid_request: the request is not valid HTTP'],
      ],
    );
    assert.notEqual(responses[0]!.headers['x-request-id'], responses[1]!.headers['x-request-id']);
  });

  test('a well-formed request on a fresh connection is still served', async () => {
    const { responses } = await exchange('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    assert.equal(responses.length, 1);
    assert.equal(responses[0]!.status, 200);
    assert.match(responses[0]!.headers['x-request-id'] ?? '', UUID);
  });
});
