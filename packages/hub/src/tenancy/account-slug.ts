// Account slugs and the database names derived from them (SPEC A1–A3).
import { createHash } from 'node:crypto';

/** A1: checked at the edge, before anything touches a database. */
export const ACCOUNT_SLUG_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** A2: the operator console's account; never valid on a regular endpoint. */
export const RESERVED_ACCOUNT = 'kataven-admin';

export function isValidAccountSlug(value: string): boolean {
  return ACCOUNT_SLUG_PATTERN.test(value);
}

/**
 * A3: `kt_` + the slug with `-` turned to `_`, cut to 40 characters, + `_` + the first 10 hex of SHA-256(slug).
 * The hash suffix keeps two slugs apart even when they agree on their first 40 characters, and the result
 * (at most 54 characters with the default prefix) stays under PostgreSQL's 63-byte identifier limit.
 */
export function accountDatabaseName(slug: string, prefix = 'kt_'): string {
  if (!isValidAccountSlug(slug)) throw new Error('accountDatabaseName: invalid slug');
  const digest = createHash('sha256').update(slug).digest('hex').slice(0, 10);
  return `${prefix}${slug.replaceAll('-', '_').slice(0, 40)}_${digest}`;
}

const DATABASE_NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

/** Quotes a derived database name as an identifier, refusing anything a derivation could not have produced. */
export function quoteDatabaseName(name: string): string {
  if (!DATABASE_NAME_PATTERN.test(name)) throw new Error('refusing to quote an unexpected database name');
  return `"${name}"`;
}
