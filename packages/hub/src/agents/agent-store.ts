// C1 agents in one account database. Parameterised SQL only. The database is the account's own, so another
// tenant's agent id finds no row here, exactly like an id that never existed (STYLE 8).
import type { Queryable } from '../tenancy/queryable.js';

export const AGENT_STATUSES = ['draft', 'active', 'paused', 'archived'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

export interface AgentRecord {
  id: string;
  name: string;
  status: AgentStatus;
  llm_model: string;
  voice_provider: string;
  auth_mode: string;
  greeting_mode: string;
  greeting_message: string;
  created_at: Date;
  updated_at: Date;
}

/** Every field a client may set; absent ones keep their default (create) or their value (update). */
export interface AgentFields {
  name?: string;
  status?: AgentStatus;
  llm_model?: string;
  voice_provider?: string;
  auth_mode?: string;
  greeting_mode?: string;
  greeting_message?: string;
}

const columns =
  'id, name, status, llm_model, voice_provider, auth_mode, greeting_mode, greeting_message, created_at, updated_at';

export async function listAgents(db: Queryable): Promise<AgentRecord[]> {
  // Newest first; the id (time-prefixed) breaks ties of created_at.
  const { rows } = await db.query<AgentRecord>(`SELECT ${columns} FROM agents ORDER BY created_at DESC, id DESC`);
  return rows;
}

export async function findAgent(db: Queryable, id: string): Promise<AgentRecord | undefined> {
  const { rows } = await db.query<AgentRecord>(`SELECT ${columns} FROM agents WHERE id = $1`, [id]);
  return rows[0];
}

/** C1: what an agent is when its creator says nothing else. */
export const AGENT_DEFAULTS = {
  status: 'draft',
  llm_model: 'gpt-4o',
  voice_provider: 'cartesia',
  auth_mode: 'authenticated',
  greeting_mode: 'interruptible',
  greeting_message: '',
} as const satisfies Required<Omit<AgentFields, 'name'>>;

export async function insertAgent(db: Queryable, id: string, fields: AgentFields & { name: string }): Promise<AgentRecord> {
  const { rows } = await db.query<AgentRecord>(
    `INSERT INTO agents (id, name, status, llm_model, voice_provider, auth_mode, greeting_mode, greeting_message)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     RETURNING ${columns}`,
    [
      id,
      fields.name,
      fields.status ?? AGENT_DEFAULTS.status,
      fields.llm_model ?? AGENT_DEFAULTS.llm_model,
      fields.voice_provider ?? AGENT_DEFAULTS.voice_provider,
      fields.auth_mode ?? AGENT_DEFAULTS.auth_mode,
      fields.greeting_mode ?? AGENT_DEFAULTS.greeting_mode,
      fields.greeting_message ?? AGENT_DEFAULTS.greeting_message,
    ],
  );
  return rows[0]!;
}

/**
 * A partial update in one statement; every column is NOT NULL, so a null parameter means "keep". A patch that
 * names no field changes nothing (updated_at included) and reads the row. Undefined when there is no such row.
 */
export async function updateAgent(db: Queryable, id: string, fields: AgentFields): Promise<AgentRecord | undefined> {
  const values = [
    fields.name,
    fields.status,
    fields.llm_model,
    fields.voice_provider,
    fields.auth_mode,
    fields.greeting_mode,
    fields.greeting_message,
  ];
  if (values.every((v) => v === undefined)) return findAgent(db, id);
  const { rows } = await db.query<AgentRecord>(
    `UPDATE agents SET
       name = COALESCE($2, name),
       status = COALESCE($3, status),
       llm_model = COALESCE($4, llm_model),
       voice_provider = COALESCE($5, voice_provider),
       auth_mode = COALESCE($6, auth_mode),
       greeting_mode = COALESCE($7, greeting_mode),
       greeting_message = COALESCE($8, greeting_message),
       updated_at = now()
     WHERE id = $1
     RETURNING ${columns}`,
    [id, ...values.map((v) => v ?? null)],
  );
  return rows[0];
}

/** True when the row existed and is gone. */
export async function deleteAgent(db: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM agents WHERE id = $1', [id]);
  return rowCount === 1;
}
