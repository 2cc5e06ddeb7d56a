/**
 * A PostgreSQL primary and a streaming replica of it, made the way an operator makes one: the
 * system's PostgreSQL 15 (`initdb`, `pg_ctl`, `pg_basebackup -R` from /usr/lib/postgresql/15/bin;
 * the embedded PostgreSQL has no pg_basebackup), each in a temporary folder on a free port, run as
 * the user `postgres` through runuser when the tests run as root (as .ci/run runs its cluster).
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
export const PG15_BIN = process.env.PG15_BIN ?? '/usr/lib/postgresql/15/bin';
const TOOLS = ['initdb', 'pg_ctl', 'pg_basebackup', 'postgres'];

/** Why the pair cannot be made here (the binaries or the `postgres` user are missing), or null. */
export function unavailable(): string | null {
  const missing = TOOLS.filter((t) => !existsSync(join(PG15_BIN, t)));
  if (missing.length) return `PostgreSQL 15's ${missing.join(', ')} not found in ${PG15_BIN} (Debian: apt-get install postgresql-15; .ci/run installs it)`;
  if (userInfo().uid === 0 && spawnSync('id', ['-u', 'postgres']).status !== 0) return 'running as root, and there is no user "postgres" to run PostgreSQL as (useradd --system postgres)';
  return null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL tool, as `postgres` when this process is root. */
async function tool(name: string, args: string[]): Promise<string> {
  const [cmd, argv] = userInfo().uid === 0 ? ['runuser', ['-u', 'postgres', '--', join(PG15_BIN, name), ...args]] : [join(PG15_BIN, name), args];
  try {
    const { stdout } = await run(cmd, argv, { env: { ...process.env, LC_ALL: 'C' }, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`${name} ${args.join(' ')}: ${err.stderr || err.message}`);
  }
}

export class Server {
  constructor(
    readonly role: 'primary' | 'replica',
    readonly dir: string,
    readonly port: number,
  ) {}

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(extra: string[] = []): Promise<void> {
    const opts = [`-p ${this.port}`, `-k ${this.dir}`, '-c listen_addresses=127.0.0.1', '-c max_connections=200', '-c fsync=off', ...extra].join(' ');
    await tool('pg_ctl', ['-D', join(this.dir, 'data'), '-l', join(this.dir, 'log'), '-o', opts, '-w', '-t', '120', 'start']);
  }

  /** `immediate`: the postmaster and every backend stop at once, connections cut (a crash, as far as clients see). */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await tool('pg_ctl', ['-D', join(this.dir, 'data'), '-m', mode, '-w', '-t', '120', 'stop']);
  }

  async stopQuietly(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
  }

  /** One statement on a fresh connection. */
  async sql<T = Record<string, unknown>>(text: string, params: unknown[] = [], database = 'postgres'): Promise<T[]> {
    const c = new pg.Client({ connectionString: this.url(database) });
    await c.connect();
    try {
      return (await c.query(text, params)).rows as T[];
    } finally {
      await c.end();
    }
  }
}

export interface StreamingPair {
  primary: Server;
  replica: Server;
  /** Resolves once the replica has replayed everything the primary has written so far. */
  caughtUp(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Polls `condition` until it holds (every 50 ms, up to `timeoutMs`): tests wait on conditions, not on time. */
export async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts a primary with `database` created, and a replica made from it by pg_basebackup -R. */
export async function startStreamingPair(database: string): Promise<StreamingPair> {
  const folder = (name: string) => {
    const dir = mkdtempSync(join(tmpdir(), `gongkai-${name}-`));
    if (userInfo().uid === 0) {
      const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
      chownSync(dir, id('-u'), id('-g'));
    }
    return dir;
  };
  const primary = new Server('primary', folder('primary'), await freePort());
  const replica = new Server('replica', folder('replica'), await freePort());
  const cleanup = async () => {
    await replica.stopQuietly();
    await primary.stopQuietly();
    for (const s of [primary, replica]) rmSync(s.dir, { recursive: true, force: true });
  };
  try {
    await tool('initdb', ['-D', join(primary.dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    // wal_level=replica and max_wal_senders=10 are PostgreSQL 15's defaults; initdb's pg_hba.conf trusts replication from 127.0.0.1.
    await primary.start(['-c wal_level=replica', '-c max_wal_senders=5']);
    await primary.sql(`CREATE DATABASE ${database}`);
    await tool('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', join(replica.dir, 'data'), '-R', '-X', 'stream', '-c', 'fast']);
    await replica.start(['-c hot_standby=on']);
  } catch (e) {
    await cleanup();
    throw e;
  }
  return {
    primary,
    replica,
    caughtUp: async (timeoutMs = 60_000) => {
      const [{ lsn }] = await primary.sql<{ lsn: string }>(`SELECT pg_current_wal_flush_lsn()::text AS lsn`);
      await until('the replica to replay the primary’s WAL', async () => {
        const [r] = await replica.sql<{ ok: boolean }>(`SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok`, [lsn]);
        return r.ok;
      }, timeoutMs);
    },
    close: cleanup,
  };
}
