// C2 /api/v1/telephony/providers (also /v1 and /hub-api/api/v1): the account's carrier accounts. Any credential
// may use them, an sk_live_ key as much as a Hub user (SPEC C2 restricts neither). Credentials are checked for
// shape, sealed at rest (provider-store.ts) and never returned: an item names which credential fields are set,
// never their values, not even masked.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { hasCharacters } from '../characters.js';
import { HubError } from '../errors.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { CREDENTIAL_FIELDS, PROVIDER_KINDS, checkCredentials, type ProviderKind } from '../telephony/provider-credentials.js';
import {
  deleteProvider,
  findProvider,
  insertProvider,
  listProviders,
  lockProviderForUpdate,
  updateProvider,
  type ProviderRecord,
} from '../telephony/provider-store.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import { claimsOf } from './authenticate.js';
import { inTransaction } from './mutation-transaction.js';
import { operation, timestamp, type Operation } from './operations.js';
import { parseBody } from './request-body.js';

/** A label for people: 1 to 100 characters (code points), not only white space; null clears it on PATCH. */
const optionalName = z
  .string()
  .refine((name) => name.trim().length > 0 && hasCharacters(name, 1, 100), 'must be 1 to 100 characters, not only white space')
  .nullish();

// Unknown fields (id, created_at…) are dropped (§E); credentials are checked by checkCredentials, which names
// the fields expected (400 invalid_provider_credentials), so they pass the schema as anything.
const createBody = z.object({
  provider: z.enum(PROVIDER_KINDS, { error: `must be one of ${PROVIDER_KINDS.join(', ')}` }),
  name: optionalName,
  credentials: z.unknown().optional(),
});
// `provider` may be repeated as it is (a client sending back what it read) but not changed: the credentials are
// sealed for their kind, and a number's calls go through the provider it names.
const patchBody = z.object({ provider: z.unknown().optional(), name: optionalName, credentials: z.unknown().optional() });

/** C2: a provider as the API shows it: which credential fields it holds, never their values. */
const providerSchema = z
  .object({
    id: z.uuid(),
    provider: z.enum(PROVIDER_KINDS),
    name: z.string().nullable(),
    credential_fields: z.array(z.string()).readonly(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'TelephonyProvider' });

function view(provider: ProviderRecord): z.output<typeof providerSchema> {
  return {
    id: provider.id,
    provider: provider.provider,
    name: provider.name,
    credential_fields: CREDENTIAL_FIELDS[provider.provider],
    created_at: provider.created_at,
    updated_at: provider.updated_at,
  };
}

const TAG = 'telephony';
const providerId = { id: 'the provider id (UUID)' };
const listProvidersOp: Operation = { id: 'listTelephonyProviders', summary: 'List telephony providers', tag: TAG, access: 'any', responses: { 200: z.array(providerSchema) } };
const createProviderOp: Operation = {
  id: 'createTelephonyProvider',
  summary: 'Register a telephony provider (credentials sealed at rest, never returned)',
  description: 'credentials: {account_sid, auth_token} for twilio; {auth_id, auth_token} for plivo and vobiz.',
  tag: TAG,
  access: 'any',
  body: createBody,
  responses: { 201: providerSchema },
  errors: ['invalid_provider_credentials'],
};
const getProviderOp: Operation = { id: 'getTelephonyProvider', summary: 'Read a telephony provider', tag: TAG, access: 'any', params: providerId, responses: { 200: providerSchema } };
const updateProviderOp: Operation = {
  id: 'updateTelephonyProvider',
  summary: "Rename a provider or replace its credentials (its kind cannot change)",
  tag: TAG,
  access: 'any',
  params: providerId,
  body: patchBody,
  responses: { 200: providerSchema },
  errors: ['invalid_provider_credentials', 'provider_credentials_unreadable'],
};
const deleteProviderOp: Operation = {
  id: 'deleteTelephonyProvider',
  summary: 'Delete a provider no number uses',
  tag: TAG,
  access: 'any',
  params: providerId,
  responses: { 204: null },
  errors: ['provider_in_use'],
};

/** STYLE 8: a malformed id, a missing row and another tenant's provider all end in this one error. */
function noSuchProvider(): HubError {
  return new HubError('not_found', 'no telephony provider with that id');
}

function credentialsOf(kind: ProviderKind, value: unknown): Record<string, string> {
  const check = checkCredentials(kind, value);
  if (!check.ok) throw new HubError('invalid_provider_credentials', check.message);
  return check.credentials;
}

export function telephonyProviderRoutes(app: FastifyInstance, deps: { tenancy: Tenancy; secrets: SecretBox }): void {
  app.get('/telephony/providers', operation(listProvidersOp), async (request) => {
    const providers = await deps.tenancy.withDatabase(claimsOf(request).account, listProviders);
    return providers.map(view);
  });

  // Mutations run in the request's transaction, committed with their audit row (AU2).
  app.post('/telephony/providers', operation(createProviderOp), async (request, reply) => {
    const { account } = claimsOf(request);
    const body = parseBody(createBody, request.body);
    const credentials = credentialsOf(body.provider, body.credentials);
    // The id is made here, before the row: it is sealed into the credentials' additional data.
    const id = randomUUID();
    const created = await inTransaction(request, deps.tenancy, (db) =>
      insertProvider(db, deps.secrets, account, { id, provider: body.provider, name: body.name ?? null, credentials }),
    );
    return reply.code(201).send(view(created));
  });

  app.get<{ Params: { id: string } }>('/telephony/providers/:id', operation(getProviderOp), async (request) => {
    const provider = await deps.tenancy.withDatabase(claimsOf(request).account, (db) => findProvider(db, request.params.id));
    if (!provider) throw noSuchProvider();
    return view(provider);
  });

  app.patch<{ Params: { id: string } }>('/telephony/providers/:id', operation(updateProviderOp), async (request) => {
    const { account } = claimsOf(request);
    const body = parseBody(patchBody, request.body);
    const updated = await inTransaction(request, deps.tenancy, async (db) => {
      const provider = await lockProviderForUpdate(db, request.params.id);
      if (!provider) throw noSuchProvider();
      if (body.provider !== undefined && body.provider !== provider.provider) {
        throw new HubError('invalid_body', 'provider cannot be changed: register a new provider and move the numbers to it');
      }
      // Replaced whole and checked again, against the provider's own kind (C2).
      const credentials = body.credentials === undefined ? undefined : credentialsOf(provider.provider, body.credentials);
      return updateProvider(db, deps.secrets, account, provider, {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(credentials ? { credentials } : {}),
      });
    });
    return view(updated);
  });

  app.delete<{ Params: { id: string } }>('/telephony/providers/:id', operation(deleteProviderOp), async (request, reply) => {
    const outcome = await inTransaction(request, deps.tenancy, (db) => deleteProvider(db, request.params.id));
    if (outcome === 'not_found') throw noSuchProvider();
    if (outcome === 'in_use') throw new HubError('provider_in_use');
    return reply.code(204).send();
  });
}
