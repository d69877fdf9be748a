// C3a: the call processor contract, and the hub's client of it.
//
//   hub → processor   POST {processor}/telephony/originate   OriginateRequest  → 200 OriginateAnswer
//   processor → hub   POST {report_url}                      CallEvent         → 200 (applied or not) | 409 duplicate_event
//
// Both directions are signed (call-signature.ts). The processor places the call and reports its progress
// (ringing, answered, ended with duration, transcript and recording); the hub applies the reports
// (http/call-events.ts). The simulated carrier (simulated-carrier.ts) serves this same contract.
import { z } from 'zod';
import { HubError } from '../errors.js';
import { ACCOUNT_SLUG_PATTERN } from '../tenancy/account-slug.js';
import { signatureHeaders } from './call-signature.js';

export const ORIGINATE_PATH = '/telephony/originate';
/** Where the hub takes the processor's reports (public: authenticated by the signature, not a bearer). */
export const CALL_EVENTS_PATH = '/internal/call-events';

/**
 * Where the processor reports the calls of a hub whose public URL is `publicUrl`. Unknown (no KATAVEN_HUB_URL, and
 * the hub is not listening yet): 503 call_processor_unavailable, since a call placed then could never report its
 * end, and its cost-cap slot would only come back when its lease lapses.
 */
export function callReportUrl(publicUrl: string | undefined): string {
  if (publicUrl === undefined) {
    throw new HubError(
      'call_processor_unavailable',
      'the hub does not know its own URL, where the call processor reports calls: set KATAVEN_HUB_URL',
    );
  }
  return `${publicUrl}${CALL_EVENTS_PATH}`;
}

const accountSlug = z.string().regex(ACCOUNT_SLUG_PATTERN);
const httpUrl = z.url({ protocol: /^https?$/ });

export const originateRequestSchema = z.object({
  call_id: z.uuid(),
  session_id: z.uuid(),
  account: accountSlug,
  from_number: z.string().min(1).max(32),
  to_number: z.string().min(1).max(32),
  agent: z.object({ id: z.string().min(1).max(64), name: z.string().max(200), greeting_message: z.string().max(2000) }),
  /** The number's provider and its decrypted credentials (C2); null asks for a simulated call. */
  carrier: z
    .object({ provider: z.string().min(1).max(32), credentials: z.record(z.string(), z.string().max(500)) })
    .nullable(),
  /** Where the processor POSTs this call's reports. */
  report_url: httpUrl,
});
export type OriginateRequest = z.infer<typeof originateRequestSchema>;

export const originateAnswerSchema = z.object({ status: z.literal('queued'), simulated: z.boolean() });
export type OriginateAnswer = z.infer<typeof originateAnswerSchema>;

export const CALL_EVENT_TYPES = ['ringing', 'answered', 'ended'] as const;
export const CALL_END_STATUSES = ['completed', 'failed', 'no-answer'] as const;

/** Bounds of what one report may carry (a report is at most MAX_REPORT_BYTES in all). */
export const MAX_REPORT_BYTES = 16 * 1024 * 1024;
const MAX_CALL_SECONDS = 7 * 24 * 3600;

export const callEventSchema = z
  .object({
    /** Unique per report; a report delivered again with the same id changes nothing. */
    event_id: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be 1 to 128 of A-Z a-z 0-9 . _ : -'),
    account: accountSlug,
    call_id: z.uuid(),
    session_id: z.uuid(),
    type: z.enum(CALL_EVENT_TYPES),
    at: z.iso.datetime({ offset: true }),
    simulated: z.boolean(),
    /** `ended` only: how the call ended. */
    status: z.enum(CALL_END_STATUSES).optional(),
    duration_seconds: z.number().int().min(0).max(MAX_CALL_SECONDS).optional(),
    transcript: z
      .array(
        z.object({
          speaker: z.enum(['agent', 'caller']),
          text: z.string().max(20_000),
          at: z.iso.datetime({ offset: true }),
        }),
      )
      .max(10_000)
      .optional(),
    recording: z.object({ content_type: z.literal('audio/wav'), data_base64: z.base64() }).optional(),
  })
  .refine((event) => event.type !== 'ended' || event.status !== undefined, {
    path: ['status'],
    message: 'is required on an ended report',
  });
export type CallEvent = z.infer<typeof callEventSchema>;
export type TranscriptLine = NonNullable<CallEvent['transcript']>[number];

/** Why an originate did not get the processor's acceptance; the originate code gives the cap slot back on any. */
export type CallProcessorFailure = 'unreachable' | 'timeout' | 'refused' | 'invalid_answer';

export class CallProcessorError extends Error {
  override name = 'CallProcessorError';
  constructor(
    readonly reason: CallProcessorFailure,
    message: string,
    /** The processor's HTTP status, when it answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface CallProcessorClientOptions {
  /** The processor's base URL (KATAVEN_CALL_PROCESSOR_URL, or the built-in simulated carrier's loopback URL). */
  url: string;
  secret: string;
  /** STYLE 16: the processor is waited on for at most this long per request. */
  deadlineMs?: number;
  /** Whether this is the hub's built-in simulated carrier (its calls are simulated whatever the number). */
  builtInSimulated?: boolean;
  now?: () => number;
}

/** The hub's side of `POST /telephony/originate`: signed, with a deadline, every failure a CallProcessorError. */
export class CallProcessorClient {
  readonly url: string;
  readonly builtInSimulated: boolean;
  private readonly secret: string;
  private readonly deadlineMs: number;
  private readonly now: () => number;

  constructor(options: CallProcessorClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.secret = options.secret;
    this.deadlineMs = options.deadlineMs ?? 5000;
    this.builtInSimulated = options.builtInSimulated ?? false;
    this.now = options.now ?? Date.now;
  }

  /**
   * Asks the processor to place the call. Resolves once it has accepted the call (queued); throws a
   * CallProcessorError when it refuses (non-2xx), cannot be reached, or does not answer within the deadline.
   * The request carries carrier credentials: neither it nor any part of it is ever put in an error or a log.
   */
  async originate(request: OriginateRequest): Promise<OriginateAnswer> {
    const body = JSON.stringify(request);
    let response: Response;
    let text: string;
    try {
      // One deadline for the whole exchange, the answer's body included (a processor may stall mid-answer).
      const signal = AbortSignal.timeout(this.deadlineMs);
      response = await fetch(`${this.url}${ORIGINATE_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signatureHeaders(this.secret, body, this.now()) },
        body,
        signal,
        redirect: 'error',
      });
      text = await response.text();
    } catch (err) {
      if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
        throw new CallProcessorError('timeout', `the call processor did not answer within ${this.deadlineMs} ms`);
      }
      throw new CallProcessorError('unreachable', `the call processor could not be reached (${describeNetworkError(err)})`);
    }
    if (!response.ok) {
      throw new CallProcessorError('refused', `the call processor refused the call (HTTP ${response.status})`, response.status);
    }
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      answer = undefined;
    }
    const parsed = originateAnswerSchema.safeParse(answer);
    if (!parsed.success) {
      throw new CallProcessorError('invalid_answer', 'the call processor answered something that is not {status: "queued", simulated}', response.status);
    }
    return parsed.data;
  }
}

/** The socket-level cause of a failed fetch (ECONNREFUSED, …), never a URL or a body. */
function describeNetworkError(err: unknown): string {
  const cause = err instanceof Error ? (err as Error & { cause?: unknown }).cause : undefined;
  const code = cause instanceof Error ? (cause as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : 'network error';
}
