// SPEC §M: API errors become tool results with `isError: true` that name the hub's code (SPEC §E), so the model can
// correct its input or tell the user; a 429 tells it to stop and when it may try again.
import { KatavenError, RateLimitError } from '@kataven/sdk';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

export function toolErrorResult(err: unknown, now: () => number = Date.now): CallToolResult {
  if (err instanceof RateLimitError) {
    const after = err.retryAfter;
    const when =
      after === undefined
        ? 'The hub gave no retry time; do not retry in this conversation unless the user asks.'
        : `Do not retry before ${after} s from now (${new Date(now() + after * 1000).toISOString()}).`;
    const what = err.code === 'cost_cap' ? "the account's cost cap" : 'a rate limit';
    return errorText(
      `Kataven API error ${err.code} (HTTP 429): ${err.message}. STOP: ${what} was reached. Do not call this or other Kataven tools again now. ${when} Tell the user.${requestIdSuffix(err)}`,
    );
  }
  if (err instanceof KatavenError) {
    const status = err.status === undefined ? 'no response' : `HTTP ${err.status}`;
    return errorText(`Kataven API error ${err.code} (${status}): ${err.message}${requestIdSuffix(err)}`);
  }
  throw err;
}

function requestIdSuffix(err: KatavenError): string {
  return err.requestId ? ` (request id ${err.requestId})` : '';
}

function errorText(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}
