// K1–K5: /api/v1/api-keys. Listing takes any credential; minting, editing and deleting need a Hub user.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AuthGate } from '../auth/auth-gate.js';
import type { KeyHasher } from '../auth/key-hashing.js';
import { HubError } from '../errors.js';
import { deleteApiKey, listApiKeys, patchApiKey } from '../keys/api-key-store.js';
import type { KeyDirectory } from '../keys/key-directory.js';
import { mintApiKey, validKeyName } from '../keys/mint-api-key.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import { claimsOf, requireUser } from './authenticate.js';
import { afterCommit, inTransaction } from './mutation-transaction.js';
import { operation, timestamp, type Operation } from './operations.js';
import { parseBody, resourceId } from './request-body.js';

/** R1: a key's sub-limits, each a non-negative whole number (an int4 column); null = none (PATCH: clears it). */
const rateLimitValue = z.number().int().min(0).max(2_147_483_647).nullable().optional();
const rateLimitsBody = z
  .object({ per_minute: rateLimitValue, per_hour: rateLimitValue, per_day: rateLimitValue, concurrent: rateLimitValue })
  .nullable()
  .optional();
/** `rate_limits: null` clears every window. */
const NO_RATE_LIMITS = { per_minute: null, per_hour: null, per_day: null, concurrent: null };

const createBody = z.object({
  name: z.string().nullish(),
  expiry: z.string().optional(),
  rate_limits: rateLimitsBody,
});

const patchBody = z.object({
  name: z.string().optional(),
  disabled: z.boolean().optional(),
  rate_limits: rateLimitsBody,
});

const rateLimitsSchema = z
  .object({
    per_minute: z.int().nullable(),
    per_hour: z.int().nullable(),
    per_day: z.int().nullable(),
    concurrent: z.int().nullable(),
  })
  .meta({ id: 'KeyRateLimits', description: "R1: the key's own sub-limits; null = none on that window." });

/** K1: a key as listed. Never the hash, never the plaintext. */
export const apiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    last8: z.string().describe('The last 8 characters of the key.'),
    created_at: timestamp,
    updated_at: timestamp,
    expires_at: timestamp.nullable(),
    last_used_at: timestamp.nullable(),
    disabled_at: timestamp.nullable().describe('Set when the key was revoked (permanent).'),
    created_by: z.string(),
    rate_limits: rateLimitsSchema.nullable(),
  })
  .meta({ id: 'ApiKey' });
const mintedApiKeySchema = apiKeySchema
  .extend({ key: z.string().describe('The plaintext sk_live_ key: shown this once, never again (T3).') })
  .meta({ id: 'MintedApiKey' });

const TAG = 'api-keys';
const keyId = { id: 'the key id (UUID)' };
const listApiKeysOp: Operation = { id: 'listApiKeys', summary: 'List API keys', tag: TAG, access: 'any', responses: { 200: z.array(apiKeySchema) } };
const createApiKeyOp: Operation = {
  id: 'createApiKey',
  summary: 'Mint an API key (Hub users only)',
  description:
    "expiry: never, 1y, 365d, 90d, 30d or <n>d (1-3650), default 90d, within the account's max_key_expiry_days. " +
    'Idempotency-Key is not honoured here: the answer carries a secret, which is never stored (T3), so it cannot be replayed.',
  tag: TAG,
  access: 'user',
  body: createBody,
  responses: { 201: mintedApiKeySchema },
  errors: ['name_required', 'invalid_expiry', 'expiry_exceeds_policy'],
  idempotent: false,
};
const updateApiKeyOp: Operation = {
  id: 'updateApiKey',
  summary: 'Rename, revoke (disabled: true, permanent) or set the sub-limits of an API key',
  tag: TAG,
  access: 'user',
  params: keyId,
  body: patchBody,
  responses: { 204: null },
  errors: ['name_required', 'key_revoked_permanently'],
};
const deleteApiKeyOp: Operation = {
  id: 'deleteApiKey',
  summary: 'Delete an API key (a used key is revoked and kept for the audit trail)',
  tag: TAG,
  access: 'user',
  params: keyId,
  responses: { 204: null },
};

export interface ApiKeyRouteDeps {
  tenancy: Tenancy;
  hasher: KeyHasher;
  gate: AuthGate;
  directory: KeyDirectory;
}

export function apiKeyRoutes(app: FastifyInstance, deps: ApiKeyRouteDeps): void {
  app.get<{ Reply: z.output<typeof apiKeySchema>[] }>('/api-keys', operation(listApiKeysOp), async (request) => {
    const claims = claimsOf(request);
    return deps.tenancy.withDatabase(claims.account, listApiKeys);
  });

  // Mutations run in the request's transaction, committed with their audit row (AU2).
  app.post<{ Reply: z.output<typeof mintedApiKeySchema> }>('/api-keys', operation(createApiKeyOp), async (request, reply) => {
    const claims = requireUser(request);
    const body = parseBody(createBody, request.body);
    const minted = await mintApiKey(
      deps,
      claims.account,
      { name: body.name, expiry: body.expiry, createdBy: claims.sub ?? 'unknown', rateLimits: body.rate_limits ?? undefined },
      (insert) => inTransaction(request, deps.tenancy, insert),
    );
    // T3: the plaintext is in this response and nowhere else.
    return reply.code(201).send(minted);
  });

  app.patch<{ Params: { id: string } }>('/api-keys/:id', operation(updateApiKeyOp), async (request, reply) => {
    const claims = requireUser(request);
    const id = resourceId(request.params.id);
    const body = parseBody(patchBody, request.body);
    const patch = {
      ...(body.name !== undefined ? { name: validKeyName(body.name) } : {}),
      ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
      ...(body.rate_limits !== undefined ? { rateLimits: body.rate_limits ?? NO_RATE_LIMITS } : {}),
    };
    const outcome = await inTransaction(request, deps.tenancy, (db) => patchApiKey(db, id, patch));
    if (outcome === 'not_found') throw new HubError('not_found', 'no API key with that id');
    if (outcome === 'revoked_permanently') throw new HubError('key_revoked_permanently');
    // T7: cached verdicts carry the key's state (and name): every instance drops them before we answer. Only
    // once committed: told earlier, another instance could re-verify against the old row and cache it again.
    afterCommit(request, () => deps.gate.revoke({ kind: 'key', account: claims.account, key_id: id }));
    return reply.code(204).send();
  });

  app.delete<{ Params: { id: string } }>('/api-keys/:id', operation(deleteApiKeyOp), async (request, reply) => {
    const claims = requireUser(request);
    const id = resourceId(request.params.id);
    const outcome = await inTransaction(request, deps.tenancy, (db) => deleteApiKey(db, id));
    if (outcome.kind === 'not_found') throw new HubError('not_found', 'no API key with that id');
    if (outcome.kind === 'deleted') {
      // Issue 7 item 4: the directory entry goes once the row is gone for good (after the commit). If this
      // fails, the entry left behind is harmless: a hit still needs the row.
      const { keyHash } = outcome;
      afterCommit(request, () =>
        deps.directory.remove(keyHash).catch((err: unknown) => request.log.warn({ err }, 'removing a deleted key from the directory failed')),
      );
    }
    afterCommit(request, () => deps.gate.revoke({ kind: 'key', account: claims.account, key_id: id }));
    return reply.code(204).send();
  });
}
