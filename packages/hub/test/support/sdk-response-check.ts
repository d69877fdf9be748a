// Issue 11: every answer the SDK gets from the hub in its tests must match the hub's OpenAPI document. The SDK's
// `fetch` option is wrapped: each response is recorded (method, URL, status, content type, body read from a clone
// while the SDK reads the original) and checked by OpenApiValidator; a test file asserts at its end that every
// recorded response matched, and that some were checked at all.
import assert from 'node:assert/strict';
import type { Fetch } from '@kataven/sdk';
import { OpenApiValidator } from './openapi-validator.js';
import type { TestHub } from './test-hub.js';

export interface CheckedExchange {
  method: string;
  url: string;
  status: number;
  problems: string[];
}

export class SdkResponseCheck {
  readonly exchanges: CheckedExchange[] = [];
  private readonly pending: Promise<void>[] = [];

  private constructor(private readonly validator: OpenApiValidator) {}

  /** A check against the document `t` serves at GET /openapi.json. */
  static async of(t: TestHub): Promise<SdkResponseCheck> {
    const response = await t.request({ url: '/openapi.json' });
    assert.equal(response.statusCode, 200, response.body);
    return new SdkResponseCheck(new OpenApiValidator(response.json<Record<string, unknown>>()));
  }

  /** `inner` (the platform's fetch by default), checking every response it gets; for the SDK's `fetch` option. */
  fetch(inner: Fetch = (input, init) => fetch(input, init)): Fetch {
    return async (input, init) => {
      const response = await inner(input, init);
      const url = new URL(input);
      const method = (init.method ?? 'GET').toUpperCase();
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const exchange: CheckedExchange = { method, url: `${url.pathname}${url.search}`, status: response.status, problems: [] };
      this.exchanges.push(exchange);
      // Read from a clone, beside the SDK; a body cut short (a test that aborts) is a problem to report too.
      this.pending.push(
        response
          .clone()
          .text()
          .then(
            (body) => {
              exchange.problems = this.validator.problems(method, exchange.url, { statusCode: response.status, headers, body });
            },
            (err: unknown) => {
              exchange.problems = [`${method} ${exchange.url} → ${response.status}: the body could not be read (${String(err)})`];
            },
          ),
      );
      return response;
    };
  }

  /** Every response recorded matched the document, and there was at least one. */
  async assertAllValid(): Promise<void> {
    await Promise.all(this.pending);
    assert.ok(this.exchanges.length > 0, 'no response was checked against /openapi.json');
    const problems = this.exchanges.flatMap((e) => e.problems);
    assert.deepEqual(problems, [], `${problems.length} of ${this.exchanges.length} responses do not match /openapi.json`);
  }
}
