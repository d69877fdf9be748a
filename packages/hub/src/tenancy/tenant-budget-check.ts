// A5/issue 14: the tenant connection budget must fit in what the PostgreSQL server accepts, next to the
// connections the hub opens besides its account pools. Checked once at start: a budget that was asked for
// (KATAVEN_MAX_TENANT_CONNECTIONS) and cannot fit refuses to start with the numbers; the default (100) is
// lowered to what fits, so a stock server (max_connections 100) still runs the hub out of the box.
import type { Queryable } from './queryable.js';

/** What the hub holds on the same server outside the tenant budget, at most, each named where it is opened. */
export interface HubReserve {
  /** hub.ts: the control-plane pool (catalog, operator console, /readyz). */
  controlPool: number;
  /** hub.ts: the key directory's lookups (issue 7 item 4). */
  keyDirectoryLookups: number;
  /** keys/key-directory.ts: accounts whose keys are entered at once, one connection each. */
  keyIndexing: number;
  /**
   * tenancy/account-provisioning.ts: one account creation in flight, the maintenance client (CREATE DATABASE)
   * and the migration client; also the control plane's own migration at start.
   */
  accountCreation: number;
}

/**
 * What the hub holds on a server of KATAVEN_DB_CLUSTERS other than DATABASE_URL's (A8): no control plane and no
 * key directory there (both live in the control database), but accounts whose keys are indexed and an account
 * creation may be there.
 */
export function clusterReserve(reserve: HubReserve): HubReserve {
  return { controlPool: 0, keyDirectoryLookups: 0, keyIndexing: reserve.keyIndexing, accountCreation: reserve.accountCreation };
}

export type BudgetFit =
  | { ok: true; budget: number; available: number; lowered: boolean }
  | { ok: false; message: string };

export function reserved(reserve: HubReserve): number {
  return reserve.controlPool + reserve.keyDirectoryLookups + reserve.keyIndexing + reserve.accountCreation;
}

/** The server's connection limits: max_connections less the slots only superusers (and, 16+, reserved roles) get. */
async function serverLimits(db: Queryable): Promise<{ maxConnections: number; reservedSlots: { name: string; value: number }[] }> {
  const { rows } = await db.query<{ name: string; setting: string }>(
    `SELECT name, setting FROM pg_settings
     WHERE name IN ('max_connections', 'superuser_reserved_connections', 'reserved_connections')`,
  );
  const setting = (name: string) => Number(rows.find((r) => r.name === name)?.setting ?? 0);
  return {
    maxConnections: setting('max_connections'),
    reservedSlots: ['superuser_reserved_connections', 'reserved_connections']
      .filter((name) => rows.some((r) => r.name === name))
      .map((name) => ({ name, value: setting(name) })),
  };
}

/**
 * Whether `requested` connections fit on the server `db` is connected to, next to the hub's `reserve`. `server`
 * names it in the refusal (a cluster of KATAVEN_DB_CLUSTERS; DATABASE_URL's by default).
 */
export async function fitTenantBudget(
  db: Queryable,
  requested: number,
  given: boolean,
  reserve: HubReserve,
  server = 'this PostgreSQL server',
): Promise<BudgetFit> {
  const { maxConnections, reservedSlots } = await serverLimits(db);
  const hub = reserved(reserve);
  const available = maxConnections - reservedSlots.reduce((n, s) => n + s.value, 0) - hub;
  if (requested <= available) return { ok: true, budget: requested, available, lowered: false };
  if (!given && available >= 1) return { ok: true, budget: available, available, lowered: true };
  const arithmetic =
    `max_connections ${maxConnections}` +
    reservedSlots.map((s) => ` - ${s.name} ${s.value}`).join('') +
    ` - ${hub} the hub keeps for itself (${[
      ['control pool', reserve.controlPool],
      ['key directory lookups', reserve.keyDirectoryLookups],
      ['key indexing', reserve.keyIndexing],
      ['account creation', reserve.accountCreation],
    ]
      .filter(([, n]) => n !== 0)
      .map(([what, n]) => `${what} ${n}`)
      .join(', ')}) = ${available}`;
  return {
    ok: false,
    message:
      `KATAVEN_MAX_TENANT_CONNECTIONS=${requested}${given ? '' : ' (the default)'} cannot fit on ${server}: ${arithmetic} ` +
      `connections left for account databases. Set KATAVEN_MAX_TENANT_CONNECTIONS to at most ${Math.max(available, 0)}` +
      `${available < 1 ? ' (none is left: raise max_connections)' : ''}, or raise the server's max_connections.`,
  };
}
