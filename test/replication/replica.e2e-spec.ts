/**
 * The public catalogue on a real streaming replica (DATABASE_REPLICA_URLS): a PostgreSQL 15
 * primary and a replica made from it by `pg_basebackup -R` (support/streaming-pair.ts), two
 * instances of the service on them. Proves that the catalogue's reads (list, entry, search,
 * feeds) run on the replica; that a publication shows up in the list, the feeds and the fast lane
 * on both instances while the replica has not replayed it (they read the primary meanwhile) and
 * after it has, and never vanishes once seen; and that stopping the replica costs no request.
 * Without PostgreSQL 15's binaries (or, as root, a `postgres` user) it is skipped with the reason;
 * .ci/run installs them and runs it.
 */
import 'reflect-metadata';
import { pino } from 'pino';
import pg from 'pg';
import request from 'supertest';
import { loadConfig } from '../../config/configuration.js';
import { createApp } from '../../src/bootstrap.js';
import { ReplicaReads } from '../../src/common/database/replica-reads.js';
import { CatalogueCache } from '../../src/modules/catalogue/catalogue-cache.js';
import { ADMIN_PASSWORD, FULL_CHAIN, bearer, seedDistrict, walk, type District, type TestApp } from '../support/app.js';
import { startStreamingPair, unavailable, until, type StreamingPair } from './support/streaming-pair.js';

const why = unavailable();
if (why) console.warn(`test/replication/replica.e2e-spec.ts skipped: ${why}`);
const suite = why ? describe.skip : describe;

const DATABASE = 'gongkai';

async function boot(pair: StreamingPair): Promise<TestApp> {
  const config = loadConfig({
    ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    DB_POOL_SIZE: '6',
    PUBLIC_URL: 'http://gongkai.test',
    DATABASE_REPLICA_URLS: pair.replica.url(DATABASE),
  });
  const databaseUrl = pair.primary.url(DATABASE);
  const app = await createApp(config, { databaseUrl, logger: pino({ level: process.env.TEST_LOG ?? 'silent' }) });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const { IdentityService } = await import('../../src/modules/identity/identity.service.js');
  await app.get(IdentityService).ensureAdmin();
  const server = app.getHttpServer();
  const login = await request(server).post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD });
  if (login.status !== 200) throw new Error(`admin login: ${login.status}`);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  return {
    app,
    http: request(server),
    server,
    databaseUrl,
    config,
    adminToken: login.body.accessToken,
    sql: async <T>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as T[],
    close: async () => {
      try {
        await app.close();
      } finally {
        await pool.end();
      }
    },
  };
}

const stats = (t: TestApp) => ({ ...t.app.get(ReplicaReads).stats });

/** Reads of the public catalogue that reach the database every time (a cursor, an entry, a search, a filter: no cache). */
function uncachedReads(cursor: string, indexNo: string, unit: string): string[] {
  return [
    `/api/v1/catalogue?limit=1&cursor=${encodeURIComponent(cursor)}`,
    `/api/v1/catalogue/${indexNo}`,
    `/api/v1/catalogue?q=${encodeURIComponent('信息公开')}`,
    `/api/v1/catalogue?q=${encodeURIComponent('信息公开')}&sort=relevance`,
    `/api/v1/catalogue?limit=5&unit=${unit}&cursor=${encodeURIComponent(cursor)}`,
  ];
}

/** The polled answers: the newest page (the fast lane) and the three feeds. */
const POLLED = ['/api/v1/catalogue?limit=50', '/feeds/catalogue.atom', '/feeds/catalogue.rss', '/feeds/catalogue.json'];

interface Poll {
  instance: string;
  path: string;
  startedAt: number;
  status: number;
  body: string;
}

/** Polls every path on every instance back to back until stopped; keeps every answer. */
function poller(instances: Record<string, TestApp>): { polls: Poll[]; stop(): Promise<void> } {
  const polls: Poll[] = [];
  let running = true;
  const loops = Object.entries(instances).flatMap(([instance, t]) =>
    POLLED.map(async (path) => {
      while (running) {
        const startedAt = Date.now();
        const res = await t.http.get(path);
        polls.push({ instance, path, startedAt, status: res.status, body: res.text });
      }
    }),
  );
  return {
    polls,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

suite('the public catalogue on a streaming replica', () => {
  let pair: StreamingPair;
  let a: TestApp;
  let b: TestApp;
  let d: District;
  let first: { indexNo: string };
  let cursor: string;

  beforeAll(async () => {
    pair = await startStreamingPair(DATABASE);
    a = await boot(pair);
    b = await boot(pair);
    d = await seedDistrict(a);
    for (let i = 0; i < 3; i++) first = (await walk(a, d, 'drafterA', FULL_CHAIN, { title: `关于公开第${i}批政府信息的通知` })) as { indexNo: string };
    cursor = (await a.http.get('/api/v1/catalogue?limit=1')).body.nextCursor;
    await pair.caughtUp();
  }, 300_000);

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await pair?.close();
  });

  it('serves the list, an entry, search and the feeds from the replica', async () => {
    const before = { a: stats(a), b: stats(b) };
    const [{ n: xactsBefore }] = await pair.replica.sql<{ n: string }>(`SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = $1`, [DATABASE]);
    for (const t of [a, b]) {
      for (const path of [...uncachedReads(cursor, first.indexNo, d.unitA.code), ...POLLED]) {
        const res = await t.http.get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 200 });
      }
    }
    for (const [name, t] of Object.entries({ a, b })) {
      const now = stats(t);
      const was = before[name as 'a' | 'b'];
      // Every uncached read, and the feeds and first page computed after the last change, ran on the replica.
      expect(now.replica - was.replica).toBeGreaterThanOrEqual(uncachedReads(cursor, first.indexNo, d.unitA.code).length);
      expect(now.primary - was.primary).toBe(0);
    }
    // The replica's own view: the service's connections there, their last statement a catalogue read, and its transactions counted.
    const sessions = await pair.replica.sql<{ query: string }>(`SELECT query FROM pg_stat_activity WHERE application_name = 'gongkai-replica' AND datname = $1`, [DATABASE]);
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.some((s) => /catalogue_entries/.test(s.query))).toBe(true);
    await until('the replica’s statistics to count the reads', async () => {
      const [{ n }] = await pair.replica.sql<{ n: string }>(`SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = $1`, [DATABASE]);
      return Number(n) - Number(xactsBefore) >= 10;
    });
  }, 240_000);

  it('shows a publication in the list, the feeds and the fast lane on both instances while the replica lags and after it replays it, and never loses it once shown', async () => {
    const polls = poller({ a, b });
    try {
      // The replica stops replaying: what the primary commits from now on is not on it.
      await pair.replica.sql(`SELECT pg_wal_replay_pause()`);
      await until('replay to pause', async () => (await pair.replica.sql<{ s: string }>(`SELECT pg_get_wal_replay_pause_state() AS s`))[0].s === 'paused');
      const doc = await walk(a, d, 'drafterA', FULL_CHAIN.slice(0, 3), { title: '关于发布副本延迟期间的政府信息的通知' });
      const published = await a.http.post(`/api/v1/documents/${doc.id}/transitions`).set(bearer(d.tokens.leaderA)).set('If-Match', `"${doc.version}"`).send({ action: 'approve' });
      const ackAt = Date.now();
      expect(published.status).toBe(200);
      const indexNo = published.body.indexNo as string;
      expect(await pair.replica.sql(`SELECT 1 FROM catalogue_entries WHERE index_no = $1`, [indexNo], DATABASE)).toEqual([]);

      // The publishing instance answers with it at once; the other once it has heard the NOTIFY; both from the primary.
      const shownOn = (instance: string, path: string) => polls.polls.find((p) => p.instance === instance && p.path === path && p.body.includes(indexNo));
      await until('both instances to show the publication on every polled path', async () => ['a', 'b'].every((i) => POLLED.every((p) => shownOn(i, p))));
      expect(await pair.replica.sql(`SELECT 1 FROM catalogue_entries WHERE index_no = $1`, [indexNo], DATABASE)).toEqual([]);
      const laneKey = '/api/v1/catalogue?limit=50';
      await until('the fast lane to hold the newest page', async () => a.app.get(CatalogueCache).getAnswer(laneKey) !== undefined);
      expect(a.app.get(CatalogueCache).getAnswer(laneKey)!.body.toString('utf8')).toContain(indexNo);

      // Replay again; a second publication clears the caches, and the replica, once it has replayed it, fills them.
      const replicaBefore = stats(a).replica + stats(b).replica;
      await pair.replica.sql(`SELECT pg_wal_replay_resume()`);
      await pair.caughtUp();
      const second = await walk(a, d, 'drafterA', FULL_CHAIN, { title: '关于副本追上之后发布的政府信息的通知' });
      await until('both instances to show the second publication', async () =>
        ['a', 'b'].every((i) => POLLED.every((p) => polls.polls.some((x) => x.instance === i && x.path === p && x.body.includes(second.indexNo!)))),
      );
      await until('the replica to serve the polled answers again', async () => stats(a).replica + stats(b).replica > replicaBefore);
      await until('more polls after that', async () => polls.polls.filter((p) => p.body.includes(second.indexNo!)).length > 40);
      await polls.stop();

      expect(polls.polls.filter((p) => p.status !== 200)).toEqual([]);
      // Never hidden: every answer of the publishing instance to a request made after its acknowledgement has it …
      const hiddenOnA = polls.polls.filter((p) => p.instance === 'a' && p.startedAt > ackAt && !p.body.includes(indexNo));
      expect(hiddenOnA.map((p) => p.path)).toEqual([]);
      // … and on each instance and path, once an answer showed it, every later request's answer does too.
      for (const instance of ['a', 'b']) {
        for (const path of POLLED) {
          const shown = shownOn(instance, path)!;
          const lost = polls.polls.filter((p) => p.instance === instance && p.path === path && p.startedAt > shown.startedAt && !p.body.includes(indexNo));
          expect({ instance, path, lost: lost.length }).toEqual({ instance, path, lost: 0 });
        }
      }
      expect(a.app.get(CatalogueCache).getAnswer(laneKey)?.body.toString('utf8') ?? (await a.http.get(laneKey)).text).toContain(indexNo);
    } finally {
      await polls.stop();
      await pair.replica.sql(`SELECT pg_wal_replay_resume()`).catch(() => undefined);
    }
  }, 240_000);

  it('loses no request when the replica stops, and goes back to it once it is back', async () => {
    const paths = uncachedReads(cursor, first.indexNo, d.unitA.code);
    const answers: { status: number; after: boolean }[] = [];
    let stopped = false;
    let running = true;
    const readers = Array.from({ length: 6 }, async (_, i) => {
      const t = i % 2 ? b : a;
      for (let n = i; running; n++) {
        const res = await t.http.get(paths[n % paths.length]);
        answers.push({ status: res.status, after: stopped });
      }
    });
    try {
      await until('reads under way', async () => answers.length >= 30);
      const primaryBefore = stats(a).primary + stats(b).primary;
      await pair.replica.stop('immediate');
      stopped = true;
      await until('reads after the replica stopped', async () => answers.filter((x) => x.after).length >= 150);
      running = false;
      await Promise.all(readers);
      expect(answers.filter((x) => x.status !== 200)).toEqual([]);
      expect(stats(a).primary + stats(b).primary - primaryBefore).toBeGreaterThan(100);
    } finally {
      running = false;
      await Promise.all(readers);
    }
    await pair.replica.start(['-c hot_standby=on']);
    await pair.caughtUp();
    const replicaBefore = stats(a).replica;
    await until('reads on the replica again', async () => {
      for (const path of paths) expect((await a.http.get(path)).status).toBe(200);
      return stats(a).replica > replicaBefore;
    });
  }, 240_000);
});
