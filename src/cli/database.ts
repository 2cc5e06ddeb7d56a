/** The database a command-line tool works on: DATABASE_URL, or the embedded PostgreSQL under DATA_DIR. */
import { loadConfig } from '../../config/configuration.js';
import { EmbeddedPostgresError, startEmbeddedPostgres, type EmbeddedDatabase } from '../common/database/embedded-postgres.js';

export async function cliDatabase(): Promise<{ url: string; close(): Promise<void> }> {
  const config = loadConfig(process.env);
  if (config.databaseUrl) return { url: config.databaseUrl, close: async () => {} };
  let embedded: EmbeddedDatabase;
  try {
    embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort, (m) => console.error(m));
  } catch (e) {
    if (!(e instanceof EmbeddedPostgresError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
  return { url: embedded.url, close: () => embedded.stop() };
}
