/** The database a command-line tool works on: DATABASE_URL, or the embedded PostgreSQL under DATA_DIR. */
import { loadConfig } from '../../config/configuration.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../common/database/embedded-postgres.js';

export async function cliDatabase(): Promise<{ url: string; close(): Promise<void> }> {
  const config = loadConfig(process.env);
  if (config.databaseUrl) return { url: config.databaseUrl, close: async () => {} };
  const embedded: EmbeddedDatabase = await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort, (m) => console.error(m));
  return { url: embedded.url, close: () => embedded.stop() };
}
