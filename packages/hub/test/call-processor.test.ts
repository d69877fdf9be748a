// C3a from the hub's side and the processor's side, with real peers (STYLE 16: every dependency waited on has a
// deadline, and a test that cuts it silently). CallProcessorClient against a processor that answers 500, one
// that accepts the connection and never answers, one that is not there and one that answers nonsense: each a
// CallProcessorError, within the deadline. And `kataven call-processor --simulated` as a child process: it
// answers a signed originate and reports the call, signed, to the report URL; without --simulated, or without
// the shared secret, it does not start. Needs `npm run build` (npm test builds).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { after, describe, test } from 'node:test';
import { CallProcessorClient, CallProcessorError, callEventSchema, type CallEvent, type OriginateRequest } from '../src/calls/call-processor.js';
import { signatureHeaders, verifySignature } from '../src/calls/call-signature.js';
import { startSimulatedCarrier } from '../src/calls/simulated-carrier.js';
import { readWavHeader } from '../src/calls/wav.js';
import { cliEnv, freePort, runCli, startCli, stopAllCliProcesses } from './support/cli-process.js';

const SECRET = 'cli-processor-secret-0123456789abcdef0123456789';
const servers: (Server | net.Server)[] = [];
const sockets = new Set<net.Socket>();

after(async () => {
  await stopAllCliProcesses();
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listenOn<T extends Server | net.Server>(server: T): Promise<string> {
  servers.push(server);
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

const CREDENTIAL = `secret-auth-token-${randomUUID()}`;
function originateRequest(reportUrl = 'http://127.0.0.1:9/internal/call-events'): OriginateRequest {
  return {
    call_id: randomUUID(),
    session_id: randomUUID(),
    account: 'acme',
    from_number: '+15550100',
    to_number: '+15550199',
    agent: { id: 'agent_01ARZ3NDEKTSV4RRFFQ69G5FAV', name: 'Concierge', greeting_message: 'Welcome to Acme.' },
    carrier: { provider: 'twilio', credentials: { account_sid: 'AC1', auth_token: CREDENTIAL } },
    report_url: reportUrl,
  };
}

/** Calls originate and returns the error it must throw, and how long it took. */
async function failure(client: CallProcessorClient): Promise<{ error: CallProcessorError; ms: number }> {
  const started = Date.now();
  try {
    await client.originate(originateRequest());
  } catch (err) {
    assert.ok(err instanceof CallProcessorError, `a CallProcessorError, not ${String(err)}`);
    assert.ok(!err.message.includes(CREDENTIAL) && !err.message.includes(SECRET), 'no secret in the error');
    return { error: err, ms: Date.now() - started };
  }
  assert.fail('originate resolved');
}

describe('CallProcessorClient', () => {
  test('a signed request; the answer {status: queued, simulated} is returned', async () => {
    let verified: ReturnType<typeof verifySignature> | undefined;
    let received: unknown;
    const url = await listenOn(
      createServer((request, response) => {
        void readBody(request).then((body) => {
          verified = verifySignature(SECRET, request.headers, body, Date.now());
          received = JSON.parse(body.toString('utf8'));
          response.setHeader('content-type', 'application/json');
          response.end(JSON.stringify({ status: 'queued', simulated: false }));
        });
      }),
    );
    const request = originateRequest();
    const answer = await new CallProcessorClient({ url, secret: SECRET }).originate(request);
    assert.deepEqual(answer, { status: 'queued', simulated: false });
    assert.deepEqual(verified, { ok: true });
    assert.deepEqual(received, request);
  });

  test('a processor answering 500: CallProcessorError refused, status 500, at once', async () => {
    const url = await listenOn(createServer((_request, response) => response.writeHead(500).end('internal_error: boom')));
    const { error, ms } = await failure(new CallProcessorClient({ url, secret: SECRET, deadlineMs: 2000 }));
    assert.deepEqual([error.reason, error.status], ['refused', 500]);
    assert.ok(ms < 1000, `${ms} ms`);
  });

  test('a processor that accepts the connection and never answers: CallProcessorError timeout within the deadline', async () => {
    const silent = net.createServer(() => undefined); // accepts, reads nothing, writes nothing
    const url = await listenOn(silent);
    const { error, ms } = await failure(new CallProcessorClient({ url, secret: SECRET, deadlineMs: 400 }));
    assert.equal(error.reason, 'timeout');
    assert.ok(ms >= 390 && ms < 1400, `gave up after ${ms} ms (deadline 400)`);
  });

  test('a processor that sends its headers and then stalls mid-answer: timeout too', async () => {
    const url = await listenOn(
      createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"status":');
      }),
    );
    const { error, ms } = await failure(new CallProcessorClient({ url, secret: SECRET, deadlineMs: 400 }));
    assert.equal(error.reason, 'timeout');
    assert.ok(ms < 1400, `${ms} ms`);
  });

  test('no processor on that port: CallProcessorError unreachable', async () => {
    const port = await freePort();
    const { error } = await failure(new CallProcessorClient({ url: `http://127.0.0.1:${port}`, secret: SECRET }));
    assert.equal(error.reason, 'unreachable');
    assert.match(error.message, /ECONNREFUSED/);
  });

  test('a 200 that is not the contract: CallProcessorError invalid_answer', async () => {
    for (const body of ['not json', '{"status":"placed"}', '{"status":"queued"}']) {
      const url = await listenOn(createServer((_request, response) => response.end(body)));
      const { error } = await failure(new CallProcessorClient({ url, secret: SECRET }));
      assert.equal(error.reason, 'invalid_answer', body);
    }
  });
});

describe('the simulated carrier delivers its reports', () => {
  test('a report the hub fails (503, then a dropped connection) is retried, signed afresh, with the same event id', async () => {
    const attempts: { type: string; eventId: string; timestamp: string; verified: boolean }[] = [];
    const reportUrl = `${await listenOn(
      createServer((request, response) => {
        void readBody(request).then((body) => {
          const event = callEventSchema.parse(JSON.parse(body.toString('utf8')));
          attempts.push({
            type: event.type,
            eventId: event.event_id,
            timestamp: String(request.headers['x-kataven-timestamp']),
            verified: verifySignature(SECRET, request.headers, body, Date.now()).ok,
          });
          const tries = attempts.filter((a) => a.type === event.type).length;
          if (event.type === 'ringing' && tries === 1) return void response.writeHead(503).end('service_unavailable: later');
          if (event.type === 'ringing' && tries === 2) return void request.socket.destroy();
          // A retry whose first delivery was applied, but whose answer was lost: the hub says duplicate_event.
          if (event.type === 'answered' && tries === 1) return void request.socket.destroy();
          if (event.type === 'answered') return void response.writeHead(409).end('duplicate_event: this event id was received already');
          response.end('{}');
        });
      }),
    )}/internal/call-events`;
    const carrier = await startSimulatedCarrier({
      host: '127.0.0.1', port: 0, secret: SECRET, callSeconds: 0,
      timing: { ringAfterMs: 10, answerAfterMs: 20, retryDelaysMs: [20, 20, 20] },
    });
    try {
      const request = originateRequest(reportUrl);
      const body = JSON.stringify(request);
      const answer = await fetch(`${carrier.url}/telephony/originate`, {
        method: 'POST', headers: { 'content-type': 'application/json', ...signatureHeaders(SECRET, body, Date.now()) }, body,
      });
      assert.equal(answer.status, 200);
      const deadline = Date.now() + 10_000;
      while (!attempts.some((a) => a.type === 'ended') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.deepEqual(attempts.map((a) => a.type), ['ringing', 'ringing', 'ringing', 'answered', 'answered', 'ended']);
      assert.ok(attempts.every((a) => a.verified), 'every attempt signed');
      const ringing = attempts.filter((a) => a.type === 'ringing');
      assert.equal(new Set(ringing.map((a) => a.eventId)).size, 1, 'one event id for all attempts of a report');
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(carrier.activeCalls, 0);
      assert.equal(attempts.length, 6, 'nothing sent after the end');
    } finally {
      await carrier.close();
    }
  });

  test('close() while a report is in flight leaves no timer behind (the process can exit)', async () => {
    let arrived!: () => void;
    const reportArrived = new Promise<void>((resolve) => (arrived = resolve));
    // A hub that takes the report and never answers: the delivery is still in flight when the carrier closes.
    const reportUrl = `${await listenOn(createServer(() => arrived()))}/internal/call-events`;
    const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const carrier = await startSimulatedCarrier({
      host: '127.0.0.1', port: 0, secret: SECRET, callSeconds: 600, timing: { ringAfterMs: 10, answerAfterMs: 20, retryDelaysMs: [10] },
    });
    const before = timeouts();
    const body = JSON.stringify(originateRequest(reportUrl));
    const answer = await fetch(`${carrier.url}/telephony/originate`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...signatureHeaders(SECRET, body, Date.now()) }, body,
    });
    assert.equal(answer.status, 200);
    await reportArrived;
    await carrier.close();
    // The aborted delivery settles; the call's timeline ends without scheduling anything.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(timeouts() <= before, `timers left after close(): ${timeouts()} (before: ${before})`);
  });

  test('a report the hub refuses (401) is not retried, and the simulated call stops there', async () => {
    const types: string[] = [];
    const reportUrl = `${await listenOn(
      createServer((request, response) => {
        void readBody(request).then((body) => {
          types.push(callEventSchema.parse(JSON.parse(body.toString('utf8'))).type);
          response.writeHead(401).end('invalid_report_signature: no');
        });
      }),
    )}/internal/call-events`;
    const carrier = await startSimulatedCarrier({
      host: '127.0.0.1', port: 0, secret: SECRET, callSeconds: 0, timing: { ringAfterMs: 10, answerAfterMs: 20, retryDelaysMs: [10, 10] },
    });
    try {
      const body = JSON.stringify(originateRequest(reportUrl));
      await fetch(`${carrier.url}/telephony/originate`, {
        method: 'POST', headers: { 'content-type': 'application/json', ...signatureHeaders(SECRET, body, Date.now()) }, body,
      });
      const deadline = Date.now() + 5000;
      while (carrier.activeCalls > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(types, ['ringing']);
    } finally {
      await carrier.close();
    }
  });
});

describe('kataven call-processor', () => {
  const cwd = os.tmpdir();

  test('--simulated: answers a signed originate, reports ringing, answered, ended (signed), refuses an unsigned one', async () => {
    const reports: { event: CallEvent; verified: boolean }[] = [];
    const reportUrl = `${await listenOn(
      createServer((request, response) => {
        void readBody(request).then((body) => {
          const verified = verifySignature(SECRET, request.headers, body, Date.now()).ok;
          reports.push({ event: callEventSchema.parse(JSON.parse(body.toString('utf8'))), verified });
          response.setHeader('content-type', 'application/json');
          response.end('{}');
        });
      }),
    )}/internal/call-events`;
    const port = await freePort();
    const processor = startCli(['call-processor', '--simulated', '--port', String(port)], {
      cwd,
      env: cliEnv({ KATAVEN_CALL_PROCESSOR_SECRET: SECRET, KATAVEN_SIMULATED_CALL_SECONDS: '0' }),
    });
    const [, url] = await processor.waitForStdout(/SIMULATED carrier .*listening on (\S+)/, 20_000);
    assert.equal(url, `http://127.0.0.1:${port}`);

    const request = originateRequest(reportUrl);
    const body = JSON.stringify(request);
    const unsigned = await fetch(`${url}/telephony/originate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    assert.equal(unsigned.status, 401);
    assert.match(await unsigned.text(), /^invalid_signature: .*simulated carrier/);

    const answer = await fetch(`${url}/telephony/originate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signatureHeaders(SECRET, body, Date.now()) },
      body,
    });
    assert.equal(answer.status, 200);
    assert.deepEqual(await answer.json(), { status: 'queued', simulated: true });

    const deadline = Date.now() + 15_000;
    while (reports.length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(reports.map((r) => r.event.type), ['ringing', 'answered', 'ended']);
    assert.ok(reports.every((r) => r.verified && r.event.simulated && r.event.call_id === request.call_id));
    const end = reports[2]!.event;
    assert.deepEqual([end.status, end.duration_seconds], ['completed', 0]);
    assert.equal(end.transcript?.[0]?.text, 'Welcome to Acme.');
    assert.ok(readWavHeader(Buffer.from(end.recording!.data_base64, 'base64')));
    assert.equal(new Set(reports.map((r) => r.event.event_id)).size, 3, 'an event id per report');

    const stopped = await processor.stop();
    assert.equal(stopped.code, 0, processor.describe());
    assert.ok(stopped.stderr.split('\n').filter((l) => l.trim() !== '').every((line) => /simulated/i.test(line)), stopped.stderr);
    assert.ok(!`${stopped.stdout}${stopped.stderr}`.includes(CREDENTIAL) && !`${stopped.stdout}${stopped.stderr}`.includes(SECRET));
  });

  test('without --simulated it does not start, and says that only the simulated carrier ships', async () => {
    const result = await runCli(['call-processor', '--port', String(await freePort())], {
      cwd,
      env: cliEnv({ KATAVEN_CALL_PROCESSOR_SECRET: SECRET }),
    });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /needs --simulated: only the simulated carrier ships/);
  });

  test('without KATAVEN_CALL_PROCESSOR_SECRET it does not start', async () => {
    const result = await runCli(['call-processor', '--simulated', '--port', String(await freePort())], { cwd, env: cliEnv() });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /KATAVEN_CALL_PROCESSOR_SECRET: is required/);
  });
});
