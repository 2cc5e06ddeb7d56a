/**
 * The public catalogue's reads on streaming replicas (DATABASE_REPLICA_URLS), never hiding a
 * publication:
 * - each read goes to the next replica in turn (round robin); one that does not answer (refused,
 *   cut, timed out, shutting down, a query cancelled by recovery) is skipped for a while and the
 *   read is tried on the next one, then on the primary: a replica going away costs no request;
 * - a replica serves a read only once it has replayed every catalogue change this instance has
 *   heard of (`catalogueChanged`, called by the catalogue cache at each commit here and at each
 *   `NOTIFY` from any instance). At that moment the primary's WAL insert position is read
 *   (wal-position.ts: every commit before it ends there or earlier); a replica whose
 *   `pg_last_wal_replay_lsn()` has reached it shows them all. Until the position is known, and
 *   while the cache cannot hear changes (its LISTEN connection is down), reads go to the primary.
 *   So the cache and the fast lane are never filled from a replica that has not replayed the
 *   publication whose NOTIFY cleared them, and what a client saw never vanishes on the next read;
 * - reads inside a transaction, and everything else (writes, the change stream, LISTEN), stay on
 *   the primary.
 * A replica's replay position is remembered (it only grows) and read again only when a newer
 * change is required, one check at a time per replica: a read costs no extra round trip.
 */
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import type { AppConfig } from '../../../config/configuration.js';
import { APP_CONFIG } from '../tokens.js';
import { isDatabaseUnavailable } from './database-unavailable.js';
import { preparedQuery } from './prepared-query.js';
import { ReadPool } from './read-pool.js';
import { TransactionHost } from './transaction-host.js';
import { parseLsn, replayTarget } from './wal-position.js';

/** Errors after which a read is tried elsewhere: the replica is unavailable, or recovery cancelled the query. */
const RETRY_ELSEWHERE = new Set(['40001', '57014', '57P04', '53300']);
/** How long a replica that did not answer is left alone (doubling up to the maximum while it keeps failing). */
const DOWN_MS = 1000;
const DOWN_MAX_MS = 15_000;

interface Replica {
  name: string;
  pool: pg.Pool;
  /** What it had replayed when last asked (a lower bound of what it has replayed now). */
  replayed: bigint;
  checking: Promise<void> | null;
  downUntil: number;
  failures: number;
  /** Not a standby (pg_last_wal_replay_lsn() is NULL): never used. */
  notAReplica: boolean;
}

export interface ReadStats {
  replica: number;
  primary: number;
  retried: number;
}

@Injectable()
export class ReplicaReads implements OnApplicationShutdown {
  private readonly logger = new Logger('ReplicaReads');
  private readonly replicas: Replica[];
  private next = 0;
  /** Every replica must have replayed this far to serve a read. */
  private required = 0n;
  /** Catalogue changes heard of, and how many of them `required` covers. */
  private heard = 0;
  private covered = 0;
  private reading: Promise<void> | null = null;
  private tracking = false;
  private wal: { block: number; segment: number } | null = null;
  private stopped = false;
  /** DB_PREPARED_STATEMENTS: named statements for the hot reads, or unnamed ones (a pooler that cannot keep them). */
  private readonly named: boolean;
  readonly stats: ReadStats = { replica: 0, primary: 0, retried: 0 };

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly tx: TransactionHost,
    private readonly primary: ReadPool,
  ) {
    this.named = config.dbPreparedStatements;
    this.replicas = config.databaseReplicaUrls.map((url, i) => {
      const pool = new pg.Pool({
        connectionString: url,
        max: config.dbPoolSize,
        idleTimeoutMillis: 10_000,
        connectionTimeoutMillis: 2000,
        // A replica that stops answering mid-query: the read goes elsewhere instead of waiting.
        query_timeout: 10_000,
        keepAlive: true,
        application_name: 'gongkai-replica',
      });
      // An idle connection the replica closed (a restart, a stop): the pool drops it.
      pool.on('error', () => undefined);
      const u = new URL(url);
      return { name: `replica ${i + 1} (${u.hostname}:${u.port || 5432})`, pool, replayed: 0n, checking: null, downUntil: 0, failures: 0, notAReplica: false };
    });
  }

  get configured(): boolean {
    return this.replicas.length > 0;
  }

  /**
   * The catalogue cache hears changes (true) or not (false: its LISTEN connection is down, so
   * changes may be missed). Reads go to the primary while it does not.
   */
  setTracking(on: boolean): void {
    this.tracking = on;
    if (on) this.catalogueChanged();
  }

  /** A catalogue change has committed (here, or on another instance): replicas must replay it before serving. */
  catalogueChanged(): void {
    if (this.replicas.length === 0) return;
    this.heard++;
    this.reading ??= this.readRequired().finally(() => (this.reading = null));
  }

  /** Runs a read of the public catalogue: on a replica that has replayed every change heard of, else on the primary. */
  async query<T>(text: string, values: unknown[] = [], prepareAs?: string): Promise<T[]> {
    const name = this.named ? prepareAs : undefined;
    if (this.replicas.length > 0 && !this.tx.inTransaction && this.tracking && this.covered === this.heard) {
      const required = this.required;
      for (let tried = 0; tried < this.replicas.length; tried++) {
        const r = this.replicas[this.next++ % this.replicas.length];
        if (!(await this.usable(r, required))) continue;
        try {
          const rows = name ? await preparedQuery<T>(r.pool, name, text, values) : ((await r.pool.query(text, values)).rows as T[]);
          r.failures = 0;
          this.stats.replica++;
          return rows;
        } catch (e) {
          if (!this.elsewhere(e)) throw e;
          this.down(r, e);
          this.stats.retried++;
        }
      }
    }
    this.stats.primary++;
    return name ? preparedQuery<T>(this.primary.pool, name, text, values) : ((await this.tx.manager.query(text, values)) as T[]);
  }

  /** Whether `r` may serve now: answering, and replayed at least to `required` (asked when not known to be). */
  private async usable(r: Replica, required: bigint): Promise<boolean> {
    if (r.notAReplica || r.downUntil > Date.now()) return false;
    if (r.replayed >= required) return true;
    // One check at a time per replica; reads meanwhile go elsewhere.
    if (r.checking) return false;
    r.checking = this.check(r).finally(() => (r.checking = null));
    await r.checking;
    return !r.notAReplica && r.downUntil <= Date.now() && r.replayed >= required;
  }

  private async check(r: Replica): Promise<void> {
    try {
      const { rows } = await r.pool.query<{ lsn: string | null }>(`SELECT pg_last_wal_replay_lsn()::text AS lsn`);
      if (rows[0].lsn === null) {
        r.notAReplica = true;
        this.logger.warn(`${r.name} is not a streaming replica (it replays no WAL): its reads go elsewhere`);
        return;
      }
      const lsn = parseLsn(rows[0].lsn);
      if (lsn > r.replayed) r.replayed = lsn;
    } catch (e) {
      if (!this.elsewhere(e)) throw e;
      this.down(r, e);
    }
  }

  /** Reads the primary's insert position until it covers every change heard of. */
  private async readRequired(): Promise<void> {
    while (this.covered < this.heard && !this.stopped) {
      const upTo = this.heard;
      try {
        this.wal ??= await this.walSizes();
        const { rows } = await this.primary.pool.query<{ lsn: string }>(`SELECT pg_current_wal_insert_lsn()::text AS lsn`);
        const target = replayTarget(parseLsn(rows[0].lsn), this.wal.block, this.wal.segment);
        if (target > this.required) this.required = target;
        this.covered = upTo;
      } catch {
        // The primary does not answer: reads stay on it (and fail there as any read would) until it does.
        await new Promise((r) => setTimeout(r, 500).unref());
      }
    }
  }

  private async walSizes(): Promise<{ block: number; segment: number }> {
    const { rows } = await this.primary.pool.query<{ block: number; segment: string }>(
      `SELECT current_setting('wal_block_size')::int AS block, (SELECT setting::bigint * CASE unit WHEN '8kB' THEN 8192 WHEN 'kB' THEN 1024 WHEN 'MB' THEN 1048576 ELSE 1 END FROM pg_settings WHERE name = 'wal_segment_size')::text AS segment`,
    );
    return { block: rows[0].block, segment: Number(rows[0].segment) };
  }

  private elsewhere(e: unknown): boolean {
    if (isDatabaseUnavailable(e)) return true;
    const code = (e as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && RETRY_ELSEWHERE.has(code)) return true;
    const message = (e as { message?: unknown } | null)?.message;
    return typeof message === 'string' && /Query read timeout|timeout exceeded when trying to connect/i.test(message);
  }

  private down(r: Replica, e: unknown): void {
    r.failures++;
    const ms = Math.min(DOWN_MS * 2 ** (r.failures - 1), DOWN_MAX_MS);
    r.downUntil = Date.now() + ms;
    if (r.failures === 1) this.logger.warn(`${r.name} does not answer (${e instanceof Error ? e.message : String(e)}): its reads go elsewhere`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.replicas.map((r) => r.pool.end().catch(() => undefined)));
  }
}
