import type { Pool } from 'pg';

/**
 * Runs a statement as a named prepared statement on `pool` (the ReadPool): each connection parses
 * it once, and PostgreSQL plans it once it has seen it five times (a generic plan) instead of
 * parsing and planning on every call. For hot reads whose text never varies under `name` (pg
 * refuses a second text under the same name) and whose best plan does not depend on the values
 * (no filter on a skewed column): a generic plan is the same for every call.
 */
export async function preparedQuery<T>(pool: Pool, name: string, text: string, values: unknown[]): Promise<T[]> {
  return (await pool.query({ name, text, values })).rows as T[];
}
