// O1: the operator console's accounts API under /api/admin (a user JWT that is a member of kataven-admin with
// the operator role; never an API key). Disabling an account, or changing its limits, is published on the
// revocation bus so every instance drops its cached verdicts and account records at once (T7).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AuthGate } from '../auth/auth-gate.js';
import { HubError } from '../errors.js';
import { isValidAccountSlug, RESERVED_ACCOUNT } from '../tenancy/account-slug.js';
import type { AccountPatch, AccountRecord, Catalog } from '../tenancy/catalog.js';
import { requireOperator } from './authenticate.js';
import { parseBody } from './request-body.js';

const count = z.number().int().min(0).max(1_000_000_000);
const rateLimits = z
  .object({ per_minute: count, per_hour: count, per_day: count, concurrent: count })
  .partial()
  .strict();
const costCaps = z
  .object({ concurrent_max: count, calls_per_minute: count, daily_calls_max: count, daily_minutes_max: count })
  .partial()
  .strict();
const settings = {
  plan: z.string().min(1).max(100).optional(),
  discoverable: z.boolean().optional(),
  max_key_expiry_days: z.number().int().min(1).max(3650).nullable().optional(),
  rate_limits: rateLimits.optional(),
  cost_cap_ceilings: costCaps.optional(),
};
const createBody = z.object({ slug: z.string().max(200), ...settings });
const patchBody = z.object({ status: z.enum(['active', 'disabled']).optional(), ...settings });

function patchOf(body: z.infer<typeof patchBody>): AccountPatch {
  return {
    ...(body.status !== undefined ? { status: body.status } : {}),
    ...(body.plan !== undefined ? { plan: body.plan } : {}),
    ...(body.discoverable !== undefined ? { discoverable: body.discoverable } : {}),
    ...(body.max_key_expiry_days !== undefined ? { maxKeyExpiryDays: body.max_key_expiry_days } : {}),
    ...(body.rate_limits !== undefined ? { rateLimits: body.rate_limits } : {}),
    ...(body.cost_cap_ceilings !== undefined ? { costCapCeilings: body.cost_cap_ceilings } : {}),
  };
}

function itemOf(account: AccountRecord) {
  return {
    account: account.slug,
    status: account.status,
    plan: account.plan,
    cluster: account.cluster,
    created_at: account.createdAt,
    discoverable: account.discoverable,
    max_key_expiry_days: account.maxKeyExpiryDays,
    schema_version: account.schemaVersion,
    rate_limits: account.rateLimits,
    cost_cap_ceilings: account.costCapCeilings,
  };
}

function slugParam(value: string): string {
  if (!isValidAccountSlug(value)) throw new HubError('invalid_account');
  return value;
}

export interface AdminAccountDeps {
  catalog: Catalog;
  gate: AuthGate;
  createAccount(slug: string): Promise<AccountRecord>;
}

export function adminAccountRoutes(app: FastifyInstance, deps: AdminAccountDeps): void {
  app.addHook('preHandler', async (request) => {
    requireOperator(request);
  });

  app.get('/accounts', async () => (await deps.catalog.list()).filter((a) => a.status !== 'provisioning').map(itemOf));

  app.get<{ Params: { slug: string } }>('/accounts/:slug', async (request) => {
    const account = await deps.catalog.find(slugParam(request.params.slug));
    if (!account || account.status === 'provisioning') throw new HubError('not_found', 'no account with that slug');
    return itemOf(account);
  });

  app.post('/accounts', async (request, reply) => {
    const body = parseBody(createBody, request.body);
    const slug = slugParam(body.slug);
    if (slug === RESERVED_ACCOUNT) throw new HubError('reserved_account');
    await deps.createAccount(slug);
    const account = await deps.catalog.update(slug, patchOf(body));
    return reply.code(201).send(itemOf(account!));
  });

  app.patch<{ Params: { slug: string } }>('/accounts/:slug', async (request) => {
    const slug = slugParam(request.params.slug);
    const body = parseBody(patchBody, request.body);
    const account = await deps.catalog.update(slug, patchOf(body));
    if (!account) throw new HubError('not_found', 'no account with that slug');
    // Cached verdicts and account records (status, limits) are dropped on every instance before we answer.
    await deps.gate.revoke({ kind: 'account', account: slug });
    return itemOf(account);
  });
}
