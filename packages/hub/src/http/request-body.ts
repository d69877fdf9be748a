// Bodies are validated by schema (SPEC §E): wrong types are 400 invalid_body, unknown fields are dropped.
import { z } from 'zod';
import { HubError } from '../errors.js';

/** Deeper than any document of ours; deep enough nesting would overflow the stack when it is serialised. */
const MAX_DEPTH = 64;

/**
 * What no field may hold: U+0000, which PostgreSQL refuses in text and JSON, and nesting past MAX_DEPTH.
 * Undefined when the value is acceptable.
 */
function unstorable(value: unknown, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? 'text may not contain U+0000' : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_DEPTH) return `nested deeper than ${MAX_DEPTH} levels`;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return 'a key may not contain U+0000';
    const problem = unstorable(item, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const problem = unstorable(body);
  if (problem) throw new HubError('invalid_body', problem);
  // No body at all reads as an empty object; an explicit JSON `null` is a wrong type.
  const result = schema.safeParse(body === undefined ? {} : body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new HubError('invalid_body', `${where}${issue?.message ?? 'invalid body'}`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id that cannot name a row is answered like a missing row: 404, never a database error. */
export function resourceId(value: string): string {
  if (!UUID.test(value)) throw new HubError('not_found');
  return value.toLowerCase();
}
