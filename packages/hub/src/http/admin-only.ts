// O2: the admin-only endpoints that are not call limits. Each needs a Hub user with the admin role and
// `X-Admin: true`; none is ever reachable with an API key (and none is an MCP tool).
//   POST /api/marketplace/agents, POST /api/integrations   (definitions, stored for later issues)
// DELETE /api/v1/sessions/{id}/recording is with the sessions (http/sessions.ts).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { insertDefinition, type DefinitionTable } from '../integrations/definitions-store.js';
import type { Tenancy } from '../tenancy/tenancy.js';
import { requireAdmin } from './authenticate.js';
import { inTransaction } from './mutation-transaction.js';
import { operation, timestamp, type Operation } from './operations.js';
import { parseBody } from './request-body.js';

const definitionBody = z.object({
  name: z.string().min(1).max(100),
  definition: z.record(z.string(), z.unknown()),
});

const definitionSchema = z
  .object({ id: z.string(), name: z.string(), definition: z.record(z.string(), z.unknown()), created_at: timestamp, created_by: z.string() })
  .meta({ id: 'Definition' });

function definitionOperation(id: string, what: string): Operation {
  return {
    id,
    summary: `Store ${what} (admin-only, O2)`,
    tag: 'admin-only',
    access: 'admin',
    body: definitionBody,
    responses: { 201: definitionSchema },
  };
}
const OPERATIONS: Record<DefinitionTable, Operation> = {
  marketplace_agents: definitionOperation('createMarketplaceAgent', 'a marketplace agent definition'),
  integrations: definitionOperation('createIntegration', 'an integration definition'),
};

function definitionRoute(app: FastifyInstance, url: string, table: DefinitionTable, tenancy: Tenancy): void {
  app.post(url, operation(OPERATIONS[table]), async (request, reply) => {
    const claims = requireAdmin(request);
    const body = parseBody(definitionBody, request.body);
    // Committed with its audit row (AU2).
    const created = await inTransaction(request, tenancy, (db) =>
      insertDefinition(db, table, { name: body.name, definition: body.definition, createdBy: claims.sub ?? 'unknown' }),
    );
    return reply.code(201).send(created);
  });
}

/** Mounted under /api and /hub-api/api. */
export function adminDefinitionRoutes(app: FastifyInstance, deps: { tenancy: Tenancy }): void {
  definitionRoute(app, '/marketplace/agents', 'marketplace_agents', deps.tenancy);
  definitionRoute(app, '/integrations', 'integrations', deps.tenancy);
}
