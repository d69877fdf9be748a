// L1/O2: GET /api/v1/call-limits (any credential) and PUT (admin JWT with X-Admin: true), which may lower the
// caps, or restore them up to the plan's ceilings. The calls issue enforces them.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { readCallLimits, writeCallLimits } from '../calls/call-limits-store.js';
import { HubError } from '../errors.js';
import type { CostCaps } from '../tenancy/catalog.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import { claimsOf, requireAdmin } from './authenticate.js';
import { inTransaction } from './mutation-transaction.js';
import { operation, type Operation } from './operations.js';
import { parseBody } from './request-body.js';

const count = z.number().int().min(0).max(1_000_000_000);
const putBody = z.object({
  concurrent_max: count,
  calls_per_minute: count,
  daily_calls_max: count,
  daily_minutes_max: count,
});

const callLimitsSchema = z
  .object({ concurrent_max: z.int(), calls_per_minute: z.int(), daily_calls_max: z.int(), daily_minutes_max: z.int() })
  .meta({ id: 'CallLimits', description: "L1: the account's cost caps, at most its plan's ceilings." });

const getCallLimitsOp: Operation = { id: 'getCallLimits', summary: "The account's cost caps (L1)", tag: 'call-limits', access: 'any', responses: { 200: callLimitsSchema } };
const putCallLimitsOp: Operation = {
  id: 'setCallLimits',
  summary: "Set the account's cost caps (admin-only, O2), up to the plan's ceilings",
  tag: 'call-limits',
  access: 'admin',
  body: putBody,
  responses: { 200: callLimitsSchema },
  errors: ['exceeds_plan_ceiling'],
};

export function callLimitRoutes(app: FastifyInstance, deps: { tenancy: Tenancy }): void {
  app.get<{ Reply: z.output<typeof callLimitsSchema> }>('/call-limits', operation(getCallLimitsOp), async (request) => {
    const account = await deps.tenancy.account(claimsOf(request).account);
    return deps.tenancy.withDatabase(account.slug, (db) => readCallLimits(db, account.costCapCeilings));
  });

  app.put<{ Reply: z.output<typeof callLimitsSchema> }>('/call-limits', operation(putCallLimitsOp), async (request) => {
    const claims = requireAdmin(request);
    const limits: CostCaps = parseBody(putBody, request.body);
    const { costCapCeilings } = await deps.tenancy.account(claims.account);
    const over = (Object.keys(limits) as (keyof CostCaps)[]).filter((k) => limits[k] > costCapCeilings[k]);
    if (over.length > 0) {
      throw new HubError(
        'exceeds_plan_ceiling',
        over.map((k) => `${k} ${limits[k]} is over the plan's ceiling of ${costCapCeilings[k]}`).join('; '),
      );
    }
    // Committed with its audit row (AU2).
    return inTransaction(request, deps.tenancy, (db) => writeCallLimits(db, limits));
  });
}
