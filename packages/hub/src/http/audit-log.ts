// AU3: GET /api/v1/audit-log?key_id=&actor=&since=&until=&cursor=&limit=, newest first, paged by cursor.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { queryAuditLog } from '../audit/audit-store.js';
import { HubError } from '../errors.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import { claimsOf } from './authenticate.js';
import { operation, timestamp, type Operation } from './operations.js';

const query = z.object({
  key_id: z.uuid().optional(),
  actor: z.enum(['api_key', 'user', 'visitor']).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** AU1: one audit row. */
const auditRowSchema = z
  .object({
    id: z.string().describe('A decimal number, increasing.'),
    at: timestamp,
    request_id: z.string(),
    actor: z.string().describe('api_key, user or visitor'),
    key_id: z.string().nullable(),
    key_name: z.string().nullable(),
    sub: z.string().nullable(),
    method: z.string(),
    route: z.string(),
    status: z.int(),
    ip: z.string().nullable(),
    user_agent: z.string().nullable(),
  })
  .meta({ id: 'AuditEntry' });

const auditPageSchema = z.object({
  data: z.array(auditRowSchema),
  next_cursor: z.string().nullable().describe('Pass as ?cursor= for the next page; null on the last.'),
});

const auditLogOp: Operation = {
  id: 'listAuditLog',
  summary: "The account's audit log, newest first, paged by cursor",
  tag: 'audit-log',
  access: 'any',
  query,
  responses: { 200: auditPageSchema },
};

/** The cursor names the last row of the previous page: base64url of `<ISO time>|<id>`. */
function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
}

/** Audit rows are written by this hub: no cursor it returned points outside these. */
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(9999, 11, 31);
const MAX_ID = 9223372036854775807n; // bigserial

function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const when = new Date(at ?? '');
  const valid =
    !Number.isNaN(when.getTime()) &&
    when.getTime() >= EARLIEST &&
    when.getTime() <= LATEST &&
    id !== undefined &&
    /^[0-9]{1,19}$/.test(id) &&
    BigInt(id) <= MAX_ID;
  if (!valid) throw new HubError('invalid_query', 'cursor: not a cursor this API returned');
  return { at: when, id };
}

export function auditLogRoutes(app: FastifyInstance, deps: { tenancy: Tenancy }): void {
  app.get<{ Reply: z.output<typeof auditPageSchema> }>('/audit-log', operation(auditLogOp), async (request) => {
    const parsed = query.safeParse(request.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HubError('invalid_query', `${issue?.path.join('.') ?? 'query'}: ${issue?.message ?? 'invalid'}`);
    }
    const q = parsed.data;
    const rows = await deps.tenancy.withDatabase(claimsOf(request).account, (db) =>
      queryAuditLog(db, {
        ...(q.key_id !== undefined ? { keyId: q.key_id } : {}),
        ...(q.actor !== undefined ? { actor: q.actor } : {}),
        ...(q.since !== undefined ? { since: new Date(q.since) } : {}),
        ...(q.until !== undefined ? { until: new Date(q.until) } : {}),
        ...(q.cursor !== undefined ? { before: decodeCursor(q.cursor) } : {}),
        limit: q.limit,
      }),
    );
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return { data: page, next_cursor: rows.length > q.limit && last ? encodeCursor(last.at, last.id) : null };
  });
}
