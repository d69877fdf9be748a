// W7: the account's widget branding and each agent's widget policy (account migration 0006). Parameterised SQL
// only; column names below are constants of this file, never input.
import type { Queryable } from '../tenancy/queryable.js';

export const WIDGET_AUTH_MODES = ['guest', 'user', 'both'] as const;
/** Who may start a widget session with an agent: guests only, signed-in users only (W5 user-token), or both. */
export type WidgetAuthMode = (typeof WIDGET_AUTH_MODES)[number];

export interface AgentWidgetPolicy {
  widget_enabled: boolean;
  auth_mode: WidgetAuthMode;
}

/** W7: an agent nobody configured talks to the widget, to guests and users alike. */
export const AGENT_WIDGET_POLICY_DEFAULTS: AgentWidgetPolicy = { widget_enabled: true, auth_mode: 'both' };

export const LAUNCHER_POSITIONS = ['br', 'bl', 'tr', 'tl'] as const;
export type LauncherPosition = (typeof LAUNCHER_POSITIONS)[number];

export interface WidgetBranding {
  /** `#rrggbb`, lowercase. */
  primary_color: string;
  accent_color: string;
  /** An https URL, or null for none. */
  logo_url: string | null;
  launcher_position: LauncherPosition;
  launcher_label: string;
  privacy_notice: string | null;
}

/** The branding of an account nobody configured: the column defaults of migration 0006. */
export const BRANDING_DEFAULTS: WidgetBranding = {
  primary_color: '#2563eb',
  accent_color: '#1e40af',
  logo_url: null,
  launcher_position: 'br',
  launcher_label: 'Talk to us',
  privacy_notice: null,
};

const BRANDING_COLUMNS = ['primary_color', 'accent_color', 'logo_url', 'launcher_position', 'launcher_label', 'privacy_notice'] as const;
const brandingSelect = BRANDING_COLUMNS.join(', ');

export async function readBranding(db: Queryable): Promise<WidgetBranding> {
  const { rows } = await db.query<WidgetBranding>(`SELECT ${brandingSelect} FROM widget_branding WHERE singleton`);
  // The migration inserts the row; the defaults only stand in should someone have deleted it by hand.
  return rows[0] ?? { ...BRANDING_DEFAULTS };
}

/**
 * W7 PATCH: sets the fields present in `patch` (null clears logo_url / privacy_notice) and returns the whole
 * branding. One statement on the migration's row (re-created first should it be missing), so concurrent PATCHes
 * of different fields both land.
 */
export async function updateBranding(db: Queryable, patch: Partial<WidgetBranding>): Promise<WidgetBranding> {
  const sets: string[] = [];
  const values: unknown[] = [];
  for (const column of BRANDING_COLUMNS) {
    if (!(column in patch) || patch[column] === undefined) continue;
    values.push(patch[column]);
    sets.push(`${column} = $${values.length}`);
  }
  await db.query('INSERT INTO widget_branding DEFAULT VALUES ON CONFLICT (singleton) DO NOTHING');
  if (sets.length === 0) return readBranding(db);
  const { rows } = await db.query<WidgetBranding>(
    `UPDATE widget_branding SET ${sets.join(', ')}, updated_at = now() WHERE singleton RETURNING ${brandingSelect}`,
    values,
  );
  return rows[0]!;
}

/** The agent's widget policy; the defaults when nothing is stored for it (whether or not the agent exists). */
export async function readAgentWidgetPolicy(db: Queryable, agentId: string): Promise<AgentWidgetPolicy> {
  const { rows } = await db.query<AgentWidgetPolicy>(
    'SELECT widget_enabled, auth_mode FROM agent_widget_settings WHERE agent_id = $1',
    [agentId],
  );
  return rows[0] ?? { ...AGENT_WIDGET_POLICY_DEFAULTS };
}

/** The agent's widget policy, or undefined when this account has no such agent (STYLE 8: one branch). */
export async function findAgentWidgetPolicy(db: Queryable, agentId: string): Promise<AgentWidgetPolicy | undefined> {
  const { rows } = await db.query<{ widget_enabled: boolean | null; auth_mode: WidgetAuthMode | null }>(
    `SELECT s.widget_enabled, s.auth_mode FROM agents a LEFT JOIN agent_widget_settings s ON s.agent_id = a.id
     WHERE a.id = $1`,
    [agentId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    widget_enabled: row.widget_enabled ?? AGENT_WIDGET_POLICY_DEFAULTS.widget_enabled,
    auth_mode: row.auth_mode ?? AGENT_WIDGET_POLICY_DEFAULTS.auth_mode,
  };
}

/**
 * W7 PATCH of an agent's policy: the fields present are set (absent ones keep their value, or the default), and
 * the whole policy comes back; undefined when this account has no such agent. One upsert that reads the agent in
 * the same statement, so a missing agent writes nothing.
 */
export async function updateAgentWidgetPolicy(
  db: Queryable,
  agentId: string,
  patch: Partial<AgentWidgetPolicy>,
): Promise<AgentWidgetPolicy | undefined> {
  try {
    const { rows } = await db.query<AgentWidgetPolicy>(
      `INSERT INTO agent_widget_settings (agent_id, widget_enabled, auth_mode)
       SELECT a.id, COALESCE($2::boolean, $4::boolean), COALESCE($3::text, $5::text) FROM agents a WHERE a.id = $1
       ON CONFLICT (agent_id) DO UPDATE SET
         widget_enabled = COALESCE($2::boolean, agent_widget_settings.widget_enabled),
         auth_mode = COALESCE($3::text, agent_widget_settings.auth_mode),
         updated_at = now()
       RETURNING widget_enabled, auth_mode`,
      [
        agentId,
        patch.widget_enabled ?? null,
        patch.auth_mode ?? null,
        AGENT_WIDGET_POLICY_DEFAULTS.widget_enabled,
        AGENT_WIDGET_POLICY_DEFAULTS.auth_mode,
      ],
    );
    return rows[0];
  } catch (err) {
    // The agent was deleted between this statement's read and its insert (23503, foreign key): no such agent.
    if ((err as { code?: unknown }).code === '23503') return undefined;
    throw err;
  }
}
