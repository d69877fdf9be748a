// O2: marketplace agent and integration definitions, stored as given (JSON) for the issues that use them.
import type { Queryable } from '../tenancy/queryable.js';

export type DefinitionTable = 'marketplace_agents' | 'integrations';

export interface Definition {
  id: string;
  name: string;
  definition: unknown;
  created_at: Date;
  created_by: string;
}

export async function insertDefinition(
  db: Queryable,
  table: DefinitionTable,
  value: { name: string; definition: unknown; createdBy: string },
): Promise<Definition> {
  // `table` is one of two literals, never input.
  const { rows } = await db.query<Definition>(
    `INSERT INTO ${table === 'integrations' ? 'integrations' : 'marketplace_agents'} (name, definition, created_by)
     VALUES ($1, $2, $3) RETURNING id, name, definition, created_at, created_by`,
    [value.name, JSON.stringify(value.definition), value.createdBy],
  );
  return rows[0]!;
}
