// L1: the account's own cost caps, at most the plan's ceilings (kept in the catalog). Until a tenant admin sets
// them, they are the ceilings.
import type { Queryable } from '../tenancy/queryable.js';
import type { CostCaps } from '../tenancy/catalog.js';

export async function readCallLimits(db: Queryable, ceilings: CostCaps): Promise<CostCaps> {
  const { rows } = await db.query<CostCaps>(
    'SELECT concurrent_max, calls_per_minute, daily_calls_max, daily_minutes_max FROM call_limits',
  );
  return rows[0] ?? { ...ceilings };
}

export async function writeCallLimits(db: Queryable, limits: CostCaps): Promise<CostCaps> {
  const { rows } = await db.query<CostCaps>(
    `INSERT INTO call_limits (singleton, concurrent_max, calls_per_minute, daily_calls_max, daily_minutes_max)
     VALUES (true, $1, $2, $3, $4)
     ON CONFLICT (singleton) DO UPDATE SET concurrent_max = $1, calls_per_minute = $2, daily_calls_max = $3,
       daily_minutes_max = $4, updated_at = now()
     RETURNING concurrent_max, calls_per_minute, daily_calls_max, daily_minutes_max`,
    [limits.concurrent_max, limits.calls_per_minute, limits.daily_calls_max, limits.daily_minutes_max],
  );
  return rows[0]!;
}
