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
import { operation, timestamp, type Operation } from './operations.js';
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

const accountSchema = z
  .object({
    account: z.string(),
    status: z.enum(['provisioning', 'active', 'disabled']).describe('provisioning accounts are never listed'),
    plan: z.string(),
    cluster: z.string(),
    created_at: timestamp,
    discoverable: z.boolean(),
    max_key_expiry_days: z.int().nullable(),
    schema_version: z.int(),
    rate_limits: z.object({ per_minute: z.int(), per_hour: z.int(), per_day: z.int(), concurrent: z.int() }),
    cost_cap_ceilings: z.object({ concurrent_max: z.int(), calls_per_minute: z.int(), daily_calls_max: z.int(), daily_minutes_max: z.int() }),
  })
  .meta({ id: 'Account' });

function itemOf(account: AccountRecord): z.output<typeof accountSchema> {
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

const TAG = 'operator';
const slug = { slug: 'the account slug (A1)' };
const listOp: Operation = { id: 'listAccounts', summary: 'List accounts (operator console, O1)', tag: TAG, access: 'operator', responses: { 200: z.array(accountSchema) } };
const getOp: Operation = { id: 'getAccount', summary: 'Read an account (O1)', tag: TAG, access: 'operator', params: slug, responses: { 200: accountSchema }, errors: ['invalid_account'] };
const createOp: Operation = {
  id: 'createAccount',
  summary: 'Create an account: its database, migrated, and its catalog entry (A7)',
  tag: TAG,
  access: 'operator',
  body: createBody,
  responses: { 201: accountSchema },
  errors: ['invalid_account', 'reserved_account', 'account_exists'],
};
const patchOp: Operation = {
  id: 'updateAccount',
  summary: "Disable or enable an account, set its plan, limits, ceilings or key expiry policy (O1)",
  tag: TAG,
  access: 'operator',
  params: slug,
  body: patchBody,
  responses: { 200: accountSchema },
  errors: ['invalid_account'],
};

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

  app.get('/accounts', operation(listOp), async () => (await deps.catalog.list()).filter((a) => a.status !== 'provisioning').map(itemOf));

  app.get<{ Params: { slug: string } }>('/accounts/:slug', operation(getOp), async (request) => {
    const account = await deps.catalog.find(slugParam(request.params.slug));
    if (!account || account.status === 'provisioning') throw new HubError('not_found', 'no account with that slug');
    return itemOf(account);
  });

  app.post('/accounts', operation(createOp), async (request, reply) => {
    const body = parseBody(createBody, request.body);
    const slug = slugParam(body.slug);
    if (slug === RESERVED_ACCOUNT) throw new HubError('reserved_account');
    await deps.createAccount(slug);
    const account = await deps.catalog.update(slug, patchOf(body));
    return reply.code(201).send(itemOf(account!));
  });

  app.patch<{ Params: { slug: string } }>('/accounts/:slug', operation(patchOp), async (request) => {
    const slug = slugParam(request.params.slug);
    const body = parseBody(patchBody, request.body);
    const account = await deps.catalog.update(slug, patchOf(body));
    if (!account) throw new HubError('not_found', 'no account with that slug');
    // Cached verdicts and account records (status, limits) are dropped on every instance before we answer.
    await deps.gate.revoke({ kind: 'account', account: slug });
    return itemOf(account);
  });
}
