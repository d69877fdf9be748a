// K2: key lifetimes. `never`, `1y`, `365d`, `90d`, `30d` or `<n>d` with n from 1 to 3650; default 90d.
export const DEFAULT_EXPIRY = '90d';

/** Days of validity, null for `never`, undefined when the value is not an accepted expiry. */
export function parseExpiry(value: string): number | null | undefined {
  if (value === 'never') return null;
  if (value === '1y') return 365;
  const match = /^([0-9]{1,4})d$/.exec(value);
  if (!match) return undefined;
  const days = Number(match[1]);
  return days >= 1 && days <= 3650 ? days : undefined;
}

/** Whether a lifetime (null = never) respects the account's cap (null = no cap). */
export function withinPolicy(days: number | null, maxDays: number | null): boolean {
  if (maxDays === null) return true;
  return days !== null && days <= maxDays;
}
