// How dates and key states read in tables.
export function formatDate(value: string | null | undefined, empty = '—'): string {
  if (!value) return empty;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** K1: a key is revoked (disabled_at), expired (expires_at passed) or active. */
export function keyStatus(key: { disabled_at: string | null; expires_at?: string | null }): 'Revoked' | 'Expired' | 'Active' {
  if (key.disabled_at) return 'Revoked';
  if (key.expires_at && new Date(key.expires_at).getTime() <= Date.now()) return 'Expired';
  return 'Active';
}
