// C3a: the simulated carrier, the default call processor. It serves the processor contract (call-processor.ts)
// honestly named: no phone is ever dialled. For each originate it answers `{status: 'queued', simulated: true}`
// at once, then reports to the hub, each report signed: `ringing` (~0.5 s), `answered` (~1 s), and after
// KATAVEN_SIMULATED_CALL_SECONDS of "talk" `ended` (completed, the duration, a short transcript, a 1-second WAV).
// Every answer and log line says it is simulated.
//
// `kataven call-processor --simulated` runs it alone; with no KATAVEN_CALL_PROCESSOR_URL the hub starts it
// in-process on a loopback port and talks to it over real HTTP, so the default runs the same code as a
// deployment with a real processor.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { signatureHeaders, verifySignature } from './call-signature.js';
import {
  ORIGINATE_PATH,
  originateRequestSchema,
  type CallEvent,
  type OriginateAnswer,
  type OriginateRequest,
  type TranscriptLine,
} from './call-processor.js';
import { toneWav } from './wav.js';

const LOG_PREFIX = '[simulated carrier]';

export interface SimulatedCarrierOptions {
  /** The secret shared with the hub (KATAVEN_CALL_PROCESSOR_SECRET, or the hub's per-process one). */
  secret: string;
  /** How long a call talks once answered (KATAVEN_SIMULATED_CALL_SECONDS). */
  callSeconds: number;
  log?: (line: string) => void;
  now?: () => number;
  /** When the reports go out, and how they are retried; tests shorten them. */
  timing?: Partial<CarrierTiming>;
}

export interface CarrierTiming {
  ringAfterMs: number;
  answerAfterMs: number;
  /** Waits before each retry of a report that failed (its length is the number of retries). */
  retryDelaysMs: number[];
  /** Each report attempt waits at most this long for the hub. */
  reportDeadlineMs: number;
}

const DEFAULT_TIMING: CarrierTiming = {
  ringAfterMs: 500,
  answerAfterMs: 1000,
  retryDelaysMs: [250, 1000, 3000],
  reportDeadlineMs: 5000,
};

export interface SimulatedCarrier {
  app: FastifyInstance;
  /** Calls whose reports are not all delivered yet. */
  readonly activeCalls: number;
  /** Stops every call in progress (no further report) and closes the app. */
  close(): Promise<void>;
}

export interface RunningSimulatedCarrier extends SimulatedCarrier {
  /** The base URL the hub POSTs /telephony/originate to. */
  url: string;
  port: number;
}

/** What a report attempt came to. */
type Delivery = 'delivered' | 'refused' | 'retry';

interface SimulatedCall {
  request: OriginateRequest;
  answer: OriginateAnswer;
}

function simulatedError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).type('text/plain; charset=utf-8').send(`${code}: ${message} (simulated carrier)`);
}

export function buildSimulatedCarrier(options: SimulatedCarrierOptions): SimulatedCarrier {
  const log = options.log ?? (() => undefined);
  const now = options.now ?? Date.now;
  const timing = { ...DEFAULT_TIMING, ...options.timing };
  const calls = new Map<string, SimulatedCall>();
  const timers = new Set<NodeJS.Timeout>();
  const stopping = new AbortController();
  let active = 0;

  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  // The signature covers the raw bytes: the body is kept as received and parsed only once it is verified.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('x-kataven-simulated', 'true');
    done(null, payload);
  });
  app.setErrorHandler((error: { statusCode?: number }, _request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    return simulatedError(reply, status, status === 500 ? 'internal_error' : 'invalid_request', 'the request could not be handled');
  });
  app.setNotFoundHandler((_request, reply) => simulatedError(reply, 404, 'not_found', 'not found'));

  app.get('/healthz', async () => ({ status: 'ok', simulated: true }));

  app.post(ORIGINATE_PATH, async (request, reply) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const verdict = verifySignature(options.secret, request.headers, raw, now());
    if (!verdict.ok) {
      log(`${LOG_PREFIX} refused an originate: ${verdict.reason === 'stale' ? 'its timestamp is outside five minutes' : 'not signed with the shared secret'}`);
      return simulatedError(reply, 401, 'invalid_signature', 'the request is not signed with the shared secret, or is stale');
    }
    let parsed;
    try {
      parsed = originateRequestSchema.safeParse(JSON.parse(raw.toString('utf8')));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) return simulatedError(reply, 400, 'invalid_body', 'not an originate request of the C3a contract');
    const call = parsed.data;
    // A retried originate (same call id) never places a second call: it gets the first answer again.
    const known = calls.get(call.call_id);
    if (known) return known.answer;
    const answer: OriginateAnswer = { status: 'queued', simulated: true };
    calls.set(call.call_id, { request: call, answer });
    // The carrier's credentials, if the hub sent any, are neither used nor logged: this carrier dials no one.
    log(`${LOG_PREFIX} call ${call.call_id} of ${call.account}: queued (simulated: no phone call is placed)`);
    runCall(call);
    return answer;
  });

  function later(ms: number): Promise<void> {
    // Once closed, nothing is scheduled: a report in flight at close() ends its call's timeline here, and a timer
    // made now (the call's next step, or the 10 minutes its id is remembered) would escape close() and hold the
    // process open for as long.
    if (stopping.signal.aborted) return new Promise(() => undefined);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  }

  /** The call's timeline; reports go one after another, so the hub sees them in order. */
  function runCall(call: OriginateRequest): void {
    active++;
    const started = now();
    void (async () => {
      try {
        await later(timing.ringAfterMs);
        if (!(await report(call, 'ringing', {}))) return;
        await later(Math.max(0, timing.answerAfterMs - timing.ringAfterMs));
        if (!(await report(call, 'answered', {}))) return;
        const answeredAt = now();
        await later(options.callSeconds * 1000);
        await report(call, 'ended', {
          status: 'completed',
          duration_seconds: options.callSeconds,
          transcript: transcriptOf(call, answeredAt),
          recording: { content_type: 'audio/wav', data_base64: toneWav(1).toString('base64') },
        });
        log(`${LOG_PREFIX} call ${call.call_id}: ended after ${Math.round((now() - started) / 1000)} s (simulated)`);
      } finally {
        active--;
        // The call id is remembered a while longer, so that a late retry of its originate is still recognised.
        void later(10 * 60 * 1000).then(() => calls.delete(call.call_id));
      }
    })();
  }

  /** Sends one report, retrying what may succeed later; false once the call should not go on. */
  async function report(call: OriginateRequest, type: CallEvent['type'], fields: Partial<CallEvent>): Promise<boolean> {
    if (stopping.signal.aborted) return false;
    const event: CallEvent = {
      event_id: `sim_${randomUUID()}`,
      account: call.account,
      call_id: call.call_id,
      session_id: call.session_id,
      type,
      at: new Date(now()).toISOString(),
      simulated: true,
      ...fields,
    };
    const body = JSON.stringify(event);
    for (let attempt = 0; ; attempt++) {
      const outcome = await deliver(call.report_url, body);
      if (outcome === 'delivered') {
        log(`${LOG_PREFIX} call ${call.call_id}: reported ${type} (simulated)`);
        return true;
      }
      if (outcome === 'refused' || attempt >= timing.retryDelaysMs.length || stopping.signal.aborted) {
        log(`${LOG_PREFIX} call ${call.call_id}: the hub did not take the ${type} report; giving up on this simulated call`);
        return false;
      }
      await later(timing.retryDelaysMs[attempt]!);
    }
  }

  async function deliver(url: string, body: string): Promise<Delivery> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        // Signed at each attempt: a retry carries a fresh timestamp (its event id stays, so it applies once).
        headers: { 'content-type': 'application/json', ...signatureHeaders(options.secret, body, now()) },
        body,
        redirect: 'error',
        signal: AbortSignal.any([stopping.signal, AbortSignal.timeout(timing.reportDeadlineMs)]),
      });
      const text = await response.text();
      if (response.ok) return 'delivered';
      // Taken already (a retry of a report whose answer was lost): delivered all the same.
      if (response.status === 409 && text.startsWith('duplicate_event')) return 'delivered';
      return response.status >= 500 || response.status === 408 || response.status === 429 ? 'retry' : 'refused';
    } catch {
      return 'retry';
    }
  }

  return {
    app,
    get activeCalls() {
      return active;
    },
    async close() {
      stopping.abort();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await app.close();
    },
  };
}

/** A short exchange, the agent's greeting first; the caller's line says that no one was called. */
function transcriptOf(call: OriginateRequest, answeredAt: number): TranscriptLine[] {
  const at = (offsetMs: number) => new Date(answeredAt + offsetMs).toISOString();
  const greeting = call.agent.greeting_message.trim() || `Hello, this is ${call.agent.name}. How can I help you?`;
  return [
    { speaker: 'agent', text: greeting, at: at(0) },
    { speaker: 'caller', text: '(simulated caller) Hello! This is a simulated call: no phone was dialled.', at: at(1000) },
    { speaker: 'agent', text: 'Thank you. Goodbye!', at: at(2000) },
  ];
}

/** Builds the carrier and listens (port 0: any free port). */
export async function startSimulatedCarrier(
  options: SimulatedCarrierOptions & { host: string; port: number },
): Promise<RunningSimulatedCarrier> {
  const carrier = buildSimulatedCarrier(options);
  await carrier.app.listen({ host: options.host, port: options.port });
  const { port } = carrier.app.server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return Object.assign(carrier, { url: `http://${host}:${port}`, port });
}
