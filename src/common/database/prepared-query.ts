import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Runs a statement as a named prepared statement on the pool under TypeORM's driver: each
 * connection parses it once, and PostgreSQL plans it once it has seen it five times (a generic
 * plan) instead of parsing and planning on every call. For hot reads whose text never varies
 * under `name` (pg refuses a second text under the same name) and whose best plan does not
 * depend on the values (no filter on a skewed column): a generic plan is the same for every call.
 */
export async function preparedQuery<T>(db: DataSource, name: string, text: string, values: unknown[]): Promise<T[]> {
  // TypeORM's PostgresDriver keeps its pg Pool as `master` (no replication configured).
  const pool = (db.driver as unknown as { master: Pool }).master;
  return (await pool.query({ name, text, values })).rows as T[];
}
