// W1: /api/v1/widget-keys. Unlike API keys (K5), sk_live_ keys and Hub users may both call every method: a
// pk_live_ is a public identifier, limited to the widget's own endpoints (W8), so minting one is no escalation.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuthGate } from '../auth/auth-gate.js';
import type { KeyHasher } from '../auth/key-hashing.js';
import { isAgentId } from '../agents/agent-id.js';
import { HubError } from '../errors.js';
import type { KeyDirectory } from '../keys/key-directory.js';
import { validKeyName } from '../keys/mint-api-key.js';
import type { Queryable } from '../tenancy/queryable.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import { MAX_ALLOWLIST_ENTRIES, parseAllowlist } from '../widget/allowlist.js';
import { mintWidgetKey } from '../widget/mint-widget-key.js';
import {
  agentExists,
  deleteWidgetKey,
  listWidgetKeys,
  patchWidgetKey,
  type WidgetKeyCaps,
} from '../widget/widget-key-store.js';
import { claimsOf } from './authenticate.js';
import { afterCommit, inTransaction } from './mutation-transaction.js';
import { operation, timestamp, type Operation } from './operations.js';
import { parseBody, resourceId } from './request-body.js';

const allowlistBody = z.array(z.string()).max(MAX_ALLOWLIST_ENTRIES);

/** PostgreSQL's integer: the caps' columns. */
const MAX_CAP = 2_147_483_647;
const capValue = z.number().int('must be an integer').min(0, 'must be 0 or more').max(MAX_CAP).nullable().optional();
/**
 * Issue 9 W6: the key's own caps. Strict: a misspelt cap name (`daily_calls`) silently dropped would leave a
 * scraped key without the cap its owner believes it has. null (the whole object) = no caps.
 */
const capsBody = z
  .strictObject({ concurrent_sessions: capValue, daily_sessions: capValue, daily_minutes: capValue })
  .nullable()
  .optional();

/** The stored caps of a body's `caps` (absent or null: none; each absent or null member: no cap there). */
function capsOf(body: z.infer<typeof capsBody>): WidgetKeyCaps {
  return {
    concurrent_sessions: body?.concurrent_sessions ?? null,
    daily_sessions: body?.daily_sessions ?? null,
    daily_minutes: body?.daily_minutes ?? null,
  };
}

const createBody = z.object({
  name: z.string().nullish(),
  domain_allowlist: allowlistBody.optional(),
  agent_id: z.string().nullish(),
  caps: capsBody,
});

const patchBody = z.object({
  name: z.string().optional(),
  domain_allowlist: allowlistBody.optional(),
  agent_id: z.string().nullable().optional(),
  disabled: z.boolean().optional(),
  caps: capsBody,
});

/** W1: a widget key as listed. Never the hash, never the plaintext. */
export const widgetKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    last8: z.string(),
    domain_allowlist: z.array(z.string()).describe('W2 entries, normalised; empty blocks the key.'),
    agent_id: z.string().nullable(),
    created_at: timestamp,
    updated_at: timestamp,
    last_used_at: timestamp.nullable(),
    disabled_at: timestamp.nullable(),
    caps: z
      .object({ concurrent_sessions: z.int().nullable(), daily_sessions: z.int().nullable(), daily_minutes: z.int().nullable() })
      .describe("W6: the key's own caps; null = none."),
  })
  .meta({ id: 'WidgetKey' });
const mintedWidgetKeySchema = widgetKeySchema
  .extend({ key: z.string().describe('The plaintext pk_live_ key: shown this once (T3).') })
  .meta({ id: 'MintedWidgetKey' });

const TAG = 'widget-keys';
const keyId = { id: 'the widget key id (UUID)' };
const listWidgetKeysOp: Operation = { id: 'listWidgetKeys', summary: 'List widget keys', tag: TAG, access: 'any', responses: { 200: z.array(widgetKeySchema) } };
const createWidgetKeyOp: Operation = {
  id: 'createWidgetKey',
  summary: 'Mint a widget key (pk_live_)',
  description: 'Idempotency-Key is not honoured here: the answer carries a secret, which is never stored (T3), so it cannot be replayed.',
  idempotent: false,
  tag: TAG,
  access: 'any',
  body: createBody,
  responses: { 201: mintedWidgetKeySchema },
  errors: ['name_required', 'invalid_allowlist_entry', 'unknown_agent'],
};
const updateWidgetKeyOp: Operation = {
  id: 'updateWidgetKey',
  summary: 'Change a widget key (allowlist and caps replaced whole; disabled: true revokes it for good)',
  tag: TAG,
  access: 'any',
  params: keyId,
  body: patchBody,
  responses: { 204: null },
  errors: ['name_required', 'invalid_allowlist_entry', 'unknown_agent', 'key_revoked_permanently'],
};
const deleteWidgetKeyOp: Operation = {
  id: 'deleteWidgetKey',
  summary: 'Delete a widget key (a used key is revoked and kept)',
  tag: TAG,
  access: 'any',
  params: keyId,
  responses: { 204: null },
};

export interface WidgetKeyRouteDeps {
  tenancy: Tenancy;
  hasher: KeyHasher;
  gate: AuthGate;
  directory: KeyDirectory;
  /** W5: a disabled or deleted key's live web sessions end with it. */
  webSessions?: { endForWidgetKey(account: string, widgetKeyId: string): Promise<unknown> };
}

/** W2: the normalised list, or 400 invalid_allowlist_entry naming the first bad entry. */
function validAllowlist(raw: string[]): string[] {
  const parsed = parseAllowlist(raw);
  if (parsed.ok) return parsed.entries;
  const shown = parsed.entry.length > 100 ? `${parsed.entry.slice(0, 100)}…` : parsed.entry;
  throw new HubError(
    'invalid_allowlist_entry',
    `${JSON.stringify(shown)} is not a valid allowlist entry: use https://host[:port], http://host[:port], a bare host (https only), *.host or localhost:*`,
  );
}

/** W1: a pin must name an agent of this account (read in the request's transaction). */
async function checkAgent(db: Queryable, agentId: string): Promise<void> {
  if (!isAgentId(agentId) || !(await agentExists(db, agentId))) throw new HubError('unknown_agent');
}

export function widgetKeyRoutes(app: FastifyInstance, deps: WidgetKeyRouteDeps): void {
  app.get<{ Reply: z.output<typeof widgetKeySchema>[] }>('/widget-keys', operation(listWidgetKeysOp), async (request) => {
    const claims = claimsOf(request);
    return deps.tenancy.withDatabase(claims.account, listWidgetKeys);
  });

  // Mutations run in the request's transaction, committed with their audit row (AU2).
  app.post<{ Reply: z.output<typeof mintedWidgetKeySchema> }>('/widget-keys', operation(createWidgetKeyOp), async (request, reply) => {
    const claims = claimsOf(request);
    const body = parseBody(createBody, request.body);
    const name = validKeyName(body.name);
    const allowlist = validAllowlist(body.domain_allowlist ?? []);
    const agentId = body.agent_id ?? null;
    const caps = capsOf(body.caps);
    const minted = await mintWidgetKey(deps, claims.account, { name, allowlist, agentId, caps }, (insert) =>
      inTransaction(request, deps.tenancy, async (db) => {
        if (agentId !== null) await checkAgent(db, agentId);
        return insert(db);
      }),
    );
    // T3: the plaintext is in this response and nowhere else.
    return reply.code(201).send(minted);
  });

  app.patch<{ Params: { id: string } }>('/widget-keys/:id', operation(updateWidgetKeyOp), async (request, reply) => {
    const claims = claimsOf(request);
    const id = resourceId(request.params.id);
    const body = parseBody(patchBody, request.body);
    const patch = {
      ...(body.name !== undefined ? { name: validKeyName(body.name) } : {}),
      ...(body.domain_allowlist !== undefined ? { allowlist: validAllowlist(body.domain_allowlist) } : {}),
      ...(body.agent_id !== undefined ? { agentId: body.agent_id } : {}),
      ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
      // Replaced whole, as the allowlist: `{daily_minutes: 60}` leaves no other cap behind.
      ...(body.caps !== undefined ? { caps: capsOf(body.caps) } : {}),
    };
    const outcome = await inTransaction(request, deps.tenancy, async (db) => {
      if (typeof patch.agentId === 'string') await checkAgent(db, patch.agentId);
      return patchWidgetKey(db, id, patch);
    });
    if (outcome === 'not_found') throw new HubError('not_found', 'no widget key with that id');
    if (outcome === 'revoked_permanently') throw new HubError('key_revoked_permanently');
    publishAfterCommit(request, deps, claims.account, id);
    if (patch.disabled === true) endSessionsAfterCommit(request, deps, claims.account, id);
    return reply.code(204).send();
  });

  app.delete<{ Params: { id: string } }>('/widget-keys/:id', operation(deleteWidgetKeyOp), async (request, reply) => {
    const claims = claimsOf(request);
    const id = resourceId(request.params.id);
    const outcome = await inTransaction(request, deps.tenancy, (db) => deleteWidgetKey(db, id));
    if (outcome.kind === 'not_found') throw new HubError('not_found', 'no widget key with that id');
    if (outcome.kind === 'deleted') {
      // As for API keys: the directory entry goes once the row is gone for good; one left behind is harmless
      // (a hit still needs the row).
      const { keyHash } = outcome;
      afterCommit(request, () =>
        deps.directory.remove(keyHash).catch((err: unknown) => request.log.warn({ err }, 'removing a deleted widget key from the directory failed')),
      );
    }
    publishAfterCommit(request, deps, claims.account, id);
    endSessionsAfterCommit(request, deps, claims.account, id);
    return reply.code(204).send();
  });
}

/**
 * W5 "revoking or deleting the widget key ends every token … it issued": its tokens are refused from the
 * revocation on (every widget endpoint admits the key first); its live web sessions are ended here, their
 * cost-cap slots freed, before the answer. A failure is logged, not answered: the key is revoked all the same,
 * and a session left running still ends at its time limit.
 */
function endSessionsAfterCommit(request: FastifyRequest, deps: WidgetKeyRouteDeps, account: string, id: string): void {
  const sessions = deps.webSessions;
  if (!sessions) return;
  afterCommit(request, () =>
    sessions.endForWidgetKey(account, id).then(
      () => undefined,
      (err: unknown) => request.log.error({ err }, "ending a revoked widget key's web sessions failed"),
    ),
  );
}

/**
 * T7 for widget keys: every instance is told after the commit, before the answer. The revocation reuses the
 * `key` kind with the widget key's id (ids are random UUIDs, so no sk_live_ key shares one): every instance,
 * of this version or an older one, parses and acknowledges it, and whatever is cached under that key id (W5's
 * visitor verdicts, which carry it as key_id) is dropped by the same code as an API key's. The config endpoint
 * itself caches nothing: it reads the row on every request.
 */
function publishAfterCommit(request: FastifyRequest, deps: WidgetKeyRouteDeps, account: string, id: string): void {
  afterCommit(request, () => deps.gate.revoke({ kind: 'key', account, key_id: id }));
}
