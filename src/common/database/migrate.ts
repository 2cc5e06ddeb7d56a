import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options.js';

/**
 * Runs pending migrations under a session advisory lock, so several instances starting at once
 * against one database apply each migration exactly once.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url, 3));
  await ds.initialize();
  try {
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SELECT pg_advisory_lock(727274001)`);
      const done = await ds.runMigrations({ transaction: 'each' });
      await runner.query(`SELECT pg_advisory_unlock(727274001)`);
      return done.map((m) => m.name);
    } finally {
      await runner.release();
    }
  } finally {
    await ds.destroy();
  }
}
