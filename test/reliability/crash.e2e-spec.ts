/**
 * Crash safety of the real process: `node dist/src/main.js` against a PostgreSQL of this test's
 * own, with a webhook receiver registered as subscriber.
 *
 * 1. Rounds of concurrent leader approvals (each sent twice) and revocations, with `kill -9` of
 *    the service in the middle of every burst, then a restart.
 * 2. PostgreSQL killed abruptly (SIGKILL to the postmaster and every backend) while requests run:
 *    /health/ready must answer non-200 while the database is gone and 200 again once it is back,
 *    without restarting the service, which must survive and serve again.
 * Afterwards: every acknowledged decision is durable, the catalogue is exactly the signed-off
 * proactive documents (none missing, none twice), serials are gap-free per unit and year, the
 * change stream is complete, every change reached the receiver at least once, and the audit
 * chain verifies.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ensureBuilt } from './support/build.js';
import { call, pool, prng, sleep, until, type Answer } from './support/http.js';
import { allEmpty, catalogueViolations, deliveryViolations, serialGaps, type Sql } from './support/invariants.js';
import { OwnPostgres, freePort } from './support/own-postgres.js';
import { Receiver } from './support/receiver.js';
import { ServiceProcess } from './support/service-process.js';

const ADMIN_PASSWORD = 'crash-admin-password-1';
const PASSWORD = 'crash-user-password-1';
const ROUNDS = 5;
const DOCS_PER_ROUND = 14;
const DB_PHASE_DOCS = 24;

interface Doc {
  id: string;
  version: number;
  unit: 'A' | 'B';
  proactive: boolean;
  state: string;
}

type Outcome = { kind: 'answer'; answer: Answer } | { kind: 'error'; error: string };

describe('crash safety of the service process', () => {
  const pgServer = new OwnPostgres();
  const receiver = new Receiver();
  let svc: ServiceProcess;
  let sql: Sql;
  let testPool: pg.Pool | null = null;
  const tokens: Record<string, string> = {};
  let subscriberId = '';
  const seed = Number(process.env.RELIABILITY_SEED ?? Date.now() % 1_000_000);
  const rnd = prng(seed);

  const api = async (method: string, path: string, who: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<Outcome> => {
    try {
      return { kind: 'answer', answer: await call(svc.base, method, path, { token: who ? tokens[who] : undefined, body, headers, timeoutMs: 20_000 }) };
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      return { kind: 'error', error: err.cause?.code ?? err.cause?.message ?? err.message };
    }
  };
  const must = async (method: string, path: string, who: string | null, body?: unknown, headers: Record<string, string> = {}, expected = [200, 201]): Promise<Answer> => {
    const r = await api(method, path, who, body, headers);
    if (r.kind === 'error' || !expected.includes(r.answer.status)) {
      throw new Error(`${method} ${path} as ${who}: ${r.kind === 'error' ? r.error : `${r.answer.status} ${r.answer.text.slice(0, 300)}`}`);
    }
    return r.answer;
  };
  const login = async (username: string, password: string) => (await must('POST', '/api/v1/auth/login', null, { username, password }, {}, [200])).body.accessToken as string;

  beforeAll(async () => {
    const build = await ensureBuilt();
    if (build.built) console.log(`built dist/ in ${build.ms} ms`);
    await pgServer.init();
    await pgServer.start();
    await pgServer.query('postgres', 'CREATE DATABASE gongkai');
    const dbUrl = pgServer.url('gongkai');
    testPool = new pg.Pool({ connectionString: dbUrl, max: 2 });
    testPool.on('error', () => undefined); // the test's own pool outlives the database kill
    sql = async <T>(text: string, params: unknown[] = []) => (await testPool!.query(text, params)).rows as T[];
    await receiver.start();
    svc = new ServiceProcess(await freePort(), {
      DATABASE_URL: dbUrl,
      ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
      WEBHOOK_RETRY_DELAY_SECONDS: '1',
      WEBHOOK_RETRY_LIMIT: '15',
      DEMO_DATA: 'false',
    });
    await svc.start();
  }, 360_000);

  afterAll(async () => {
    await svc?.stop().catch(() => undefined);
    await testPool?.end().catch(() => undefined);
    await receiver.stop();
    await pgServer.destroy();
  }, 60_000);

  it('survives kill -9 in the middle of bursts and a database crash under load; nothing is lost or doubled', async () => {
    const started = Date.now();
    // The district, through the API.
    tokens.admin = await login('admin', ADMIN_PASSWORD);
    const suffix = randomBytes(2).toString('hex').toUpperCase();
    const unitA = (await must('POST', '/api/v1/units', 'admin', { code: `CA${suffix}`, name: '发展和改革委员会' })).body;
    const unitB = (await must('POST', '/api/v1/units', 'admin', { code: `CB${suffix}`, name: '教育局' })).body;
    const office = (await must('POST', '/api/v1/units', 'admin', { code: `CO${suffix}`, name: '政府办公室' })).body;
    const people: Record<string, { unitId: string; roles: string[]; leadsUnitIds?: string[] }> = {
      drafterA: { unitId: unitA.id, roles: ['drafter'] },
      reviewerA: { unitId: unitA.id, roles: ['secrecy_reviewer'] },
      leaderA: { unitId: office.id, roles: ['leader'], leadsUnitIds: [unitA.id] },
      drafterB: { unitId: unitB.id, roles: ['drafter'] },
      reviewerB: { unitId: unitB.id, roles: ['secrecy_reviewer'] },
      leaderB: { unitId: office.id, roles: ['leader'], leadsUnitIds: [unitB.id] },
      officer: { unitId: office.id, roles: ['disclosure_officer'] },
      officer2: { unitId: office.id, roles: ['disclosure_officer'] },
    };
    for (const [key, p] of Object.entries(people)) {
      await must('POST', '/api/v1/users', 'admin', { username: key.toLowerCase(), password: PASSWORD, displayName: key, unitId: p.unitId, roles: p.roles, leadsUnitIds: p.leadsUnitIds ?? [] });
      tokens[key] = await login(key.toLowerCase(), PASSWORD);
    }
    subscriberId = (await must('POST', '/api/v1/subscribers', 'admin', { url: receiver.url, description: '门户网站' })).body.id;

    // Many documents taken to leader_review; about one in five is on_application (it will be issued, not published).
    const total = ROUNDS * DOCS_PER_ROUND + DB_PHASE_DOCS;
    const docs: Doc[] = Array.from({ length: total }, () => ({ id: '', version: 0, unit: rnd() < 0.6 ? 'A' : 'B', proactive: rnd() < 0.8, state: '' }));
    await pool(6, docs, async (doc, i) => {
      const u = doc.unit;
      const created = await must('POST', '/api/v1/documents', `drafter${u}`, {
        title: `崩溃测试文件 ${i}`,
        docType: 'notice',
        body: `第${i}号通知：现将有关事项通知如下。Crash safety test document ${i}.`,
        summary: '测试',
        category: 'rules_and_normative_documents',
        publicAttribute: doc.proactive ? 'proactive' : 'on_application',
      });
      let cur = created.body;
      for (const who of [`drafter${u}`, `reviewer${u}`, 'officer']) {
        cur = (await must('POST', `/api/v1/documents/${cur.id}/transitions`, who, { action: who.startsWith('drafter') ? 'submit' : 'approve' }, { 'if-match': `"${cur.version}"` })).body;
      }
      Object.assign(doc, { id: cur.id, version: cur.version, state: cur.state });
    });
    expect(docs.every((x) => x.state === 'leader_review')).toBe(true);
    const prepared = Date.now();

    const stats = { requests: 0, answered: 0, connectionErrors: 0, refusedWhileDown: 0, statuses: {} as Record<string, number>, kills: 0, acked: 0, revokesAcked: 0 };
    let phase = 1;
    const ackedState = new Map<string, string>();
    const revokeSent = new Set<string>();
    const count = (o: Outcome) => {
      stats.requests++;
      if (o.kind === 'error' && phase === 1) stats.connectionErrors++;
      else if (o.kind === 'error') stats.refusedWhileDown++;
      else {
        stats.answered++;
        stats.statuses[o.answer.status] = (stats.statuses[o.answer.status] ?? 0) + 1;
      }
    };
    const refresh = async (ds: Doc[]) => {
      const rows = await sql<{ id: string; state: string; version: number }>(`SELECT id, state, version FROM documents WHERE id = ANY($1::uuid[])`, [ds.map((x) => x.id)]);
      for (const r of rows) Object.assign(ds.find((x) => x.id === r.id)!, { state: r.state, version: r.version });
    };
    const checkAcked = async () => {
      const rows = await sql<{ id: string; state: string }>(`SELECT id, state FROM documents WHERE id = ANY($1::uuid[])`, [[...ackedState.keys()]]);
      // A revocation sent later may have committed although its answer was cut by a kill.
      const lost = rows.filter((r) => r.state !== ackedState.get(r.id) && !(r.state === 'revoked' && revokeSent.has(r.id))).map((r) => `${r.id}: acknowledged ${ackedState.get(r.id)}, is ${r.state}`);
      expect(lost).toEqual([]);
    };
    const problems: string[] = [];
    const bad5xx: string[] = [];
    const checkAnswer = (what: string, o: Outcome) => {
      if (o.kind !== 'answer') return;
      const a = o.answer;
      if (a.status >= 500) bad5xx.push(`${what}: ${a.status} ${a.text.slice(0, 200)}`);
      if (/node_modules|\/work\/|\n\s+at \S+ \(/.test(a.text)) problems.push(`${what}: internals in the answer: ${a.text.slice(0, 300)}`);
    };

    // Phase 1: bursts of approvals (each sent twice) and revocations, kill -9 in the middle, restart.
    let cursor = 0;
    let carried: Doc[] = [];
    const published: Doc[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const batch = [...carried, ...docs.slice(cursor, cursor + DOCS_PER_ROUND)];
      cursor += DOCS_PER_ROUND;
      const revocations = published.filter((x) => x.state === 'published' && rnd() < 0.4).slice(0, 4);
      const jobs: (() => Promise<void>)[] = [];
      for (const doc of batch) {
        for (let k = 0; k < 2; k++) {
          jobs.push(async () => {
            const o = await api('POST', `/api/v1/documents/${doc.id}/transitions`, `leader${doc.unit}`, { action: 'approve' }, { 'if-match': `"${doc.version}"` });
            count(o);
            if (o.kind === 'answer' && o.answer.status === 200) {
              stats.acked++;
              ackedState.set(doc.id, o.answer.body.state);
            } else if (o.kind === 'answer' && ![409, 412].includes(o.answer.status)) {
              problems.push(`round ${round} approve: ${o.answer.status} ${o.answer.text.slice(0, 200)}`);
            }
          });
        }
      }
      for (const doc of revocations) {
        jobs.push(async () => {
          revokeSent.add(doc.id);
          const o = await api('POST', `/api/v1/documents/${doc.id}/transitions`, 'officer2', { action: 'revoke', comment: '依法撤回' }, { 'if-match': `"${doc.version}"` });
          count(o);
          if (o.kind === 'answer' && o.answer.status === 200) {
            stats.revokesAcked++;
            ackedState.set(doc.id, 'revoked');
          }
        });
      }
      for (const path of ['/api/v1/catalogue?limit=50', '/feeds/catalogue.atom', '/api/v1/catalogue/changes?after=0&limit=100']) {
        jobs.push(async () => {
          const o = await api('GET', path, null);
          count(o);
          checkAnswer(`GET ${path}`, o);
        });
      }
      // Shuffle, fire all at once, and kill the process once a random part of them has been answered.
      jobs.sort(() => rnd() - 0.5);
      const killAfter = Math.floor(jobs.length * (0.15 + 0.5 * rnd()));
      let answered = 0;
      let killing: Promise<void> | null = null;
      const killNow = () => {
        killing ??= svc.kill9().then(() => {
          stats.kills++;
        });
      };
      const fallback = setTimeout(killNow, 3000);
      await Promise.all(
        jobs.map(async (job) => {
          await job();
          if (++answered >= killAfter) killNow();
        }),
      );
      clearTimeout(fallback);
      killNow();
      await killing;
      await svc.start();
      await until('ready after restart', async () => (await api('GET', '/health/ready', null)).kind === 'answer', 30_000);
      // Every acknowledged decision survived the crash.
      await checkAcked();
      await refresh([...batch, ...published]);
      for (const doc of batch) if (doc.state === 'published') published.push(doc);
      carried = batch.filter((x) => x.state === 'leader_review');
    }
    const afterKills = Date.now();
    phase = 2;

    // Phase 2: the database dies under load; the service must stay up, say so, and recover alone.
    const pid = svc.pid;
    const startsBefore = svc.starts;
    const dbDocs = [...carried, ...docs.slice(cursor)];
    const timeline: { at: number; ready: number | string; live: number | string }[] = [];
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const [ready, live] = await Promise.all([api('GET', '/health/ready', null), api('GET', '/health', null)]);
        timeline.push({ at: Date.now(), ready: ready.kind === 'answer' ? ready.answer.status : ready.error, live: live.kind === 'answer' ? live.answer.status : live.error });
        await sleep(100);
      }
    })();
    const outageAnswers: Answer[] = [];
    let dbDown = false;
    // The load: approvals of the phase's documents, one attempt at a time per document (an
    // undecided one goes back to the queue), and, when none is waiting, new drafts and catalogue
    // reads, so that requests keep arriving before, during and after the outage.
    const pending = [...dbDocs];
    let loadRunning = true;
    let drafts = 0;
    const createdDrafts: string[] = [];
    const approveOnce = async (doc: Doc): Promise<boolean> => {
      const o = await api('POST', `/api/v1/documents/${doc.id}/transitions`, `leader${doc.unit}`, { action: 'approve' }, { 'if-match': `"${doc.version}"` });
      count(o);
      checkAnswer('approve during the outage phase', o);
      if (o.kind === 'answer' && dbDown) outageAnswers.push(o.answer);
      if (o.kind === 'answer' && o.answer.status === 200) {
        stats.acked++;
        ackedState.set(doc.id, o.answer.body.state);
        return true;
      }
      if (o.kind === 'answer' && (o.answer.status === 409 || o.answer.status === 412)) {
        // Decided by an earlier attempt whose answer was lost with the database: look.
        const s = await api('GET', `/api/v1/documents/${doc.id}`, `leader${doc.unit}`);
        if (s.kind === 'answer' && s.answer.status === 200 && s.answer.body.state !== 'leader_review') return true;
        if (s.kind === 'answer' && s.answer.status === 200) doc.version = s.answer.body.version;
      }
      return false;
    };
    const load = Promise.all(
      Array.from({ length: 4 }, async (_, w) => {
        while (loadRunning) {
          const doc = pending.shift();
          if (doc) {
            if (!(await approveOnce(doc))) pending.push(doc);
          } else {
            const o = await api('POST', '/api/v1/documents', w % 2 ? 'drafterA' : 'drafterB', {
              title: `停库期间的草稿 ${drafts++}`,
              docType: 'notice',
              body: '停库测试。',
              publicAttribute: 'proactive',
            });
            count(o);
            checkAnswer('draft during the outage phase', o);
            if (o.kind === 'answer' && dbDown) outageAnswers.push(o.answer);
            if (o.kind === 'answer' && o.answer.status === 201) createdDrafts.push(o.answer.body.id);
            const r = await api('GET', '/api/v1/catalogue?limit=5', null);
            count(r);
            checkAnswer('catalogue during the outage phase', r);
            if (r.kind === 'answer' && dbDown) outageAnswers.push(r.answer);
          }
          await sleep(60);
        }
      }),
    );
    // A slow portal: deliveries are in flight (fetched, not yet completed) when the database dies.
    receiver.delayMs = 400;
    await sleep(800);
    const dbKilledAt = Date.now();
    await pgServer.kill();
    dbDown = true;
    const sawNotReadyAfter = await until('/health/ready to answer non-200 without the database', () => timeline.some((x) => x.at > dbKilledAt && x.ready !== 200), 20_000, 50);
    await sleep(3000);
    const aliveDuringOutage = svc.alive && svc.pid === pid;
    const dbRestartAt = Date.now();
    await pgServer.start();
    dbDown = false;
    receiver.delayMs = 0;
    let readyAgainAfter = -1;
    try {
      readyAgainAfter = await until('/health/ready to answer 200 again', () => !svc.alive || timeline.some((x) => x.at > dbRestartAt && x.ready === 200), 45_000, 50);
    } catch (e) {
      problems.push(`${(e as Error).message}; the service ${svc.alive ? 'is up' : 'is down'}`);
    }
    const survived = svc.unexpectedExits.length === 0 && svc.alive && svc.pid === pid && svc.starts === startsBefore;
    const deathReport = svc.unexpectedExits.map((e) => `exit ${e.code ?? e.signal} at +${e.at - dbKilledAt} ms after the database kill`).join('; ');
    const deathOutput = survived ? '' : svc.tail(6000);
    if (!survived) {
      readyAgainAfter = -1;
      // Start it again so everything else can still be checked; the test fails below on `survived`.
      if (!svc.alive) await svc.start();
    }
    await sleep(1000);
    loadRunning = false;
    await load;
    // Whatever the outage left undecided is decided now: the service serves again.
    const finishBy = Date.now() + 60_000;
    while (pending.length && Date.now() < finishBy) {
      const doc = pending.shift()!;
      if (!(await approveOnce(doc))) {
        pending.push(doc);
        await sleep(200);
      }
    }
    const loadDone = dbDocs.length - pending.length;
    watching = false;
    await watcher;
    await refresh(dbDocs);
    const stuck = dbDocs.filter((x) => x.state === 'leader_review').map((x) => x.id);

    // Afterwards: durability, the catalogue, serials, the change stream, deliveries, the audit chain.
    await checkAcked();
    const v = await catalogueViolations(sql);
    const gaps = await serialGaps(sql);
    const publishedIds = (await sql<{ id: string }>(`SELECT id FROM documents WHERE state = 'published'`)).map((r) => r.id).sort();
    const listed: string[] = [];
    let next: string | null = '';
    for (let page = 0; page < 50 && next !== null; page++) {
      const r = await must('GET', `/api/v1/catalogue?limit=100${next ? `&cursor=${next}` : ''}`, null);
      listed.push(...r.body.items.map((e: { documentId: string }) => e.documentId));
      next = r.body.nextCursor;
    }
    const changes: { seq: number; type: string; indexNo: string }[] = [];
    let after = 0;
    for (let page = 0; page < 100; page++) {
      const r = await must('GET', `/api/v1/catalogue/changes?after=${after}&limit=1000`, null);
      changes.push(...r.body.changes);
      if (r.body.changes.length === 0) break;
      after = r.body.lastSeq;
    }
    const changeRows = await sql<{ n: string; unsequenced: string }>(`SELECT count(*) AS n, count(*) FILTER (WHERE seq IS NULL) AS unsequenced FROM catalogue_changes`);
    const deliveryProblems = await deliveryViolations(sql, subscriberId);
    const deliveries = await sql<{ id: string }>(`SELECT id FROM deliveries WHERE subscriber_id = $1`, [subscriberId]);
    // pg-boss re-sends a job that was in flight in a killed process only after it expires (60 s) and
    // a maintenance run notices (every 120 s from the start of an instance): wait that long at most.
    const late = await sql<{ state: string; n: string }>(
      `SELECT j.state, count(*)::text AS n FROM deliveries d JOIN pgboss.job j ON j.data->>'deliveryId' = d.id::text
        WHERE d.subscriber_id = $1 AND d.id <> ALL($2::uuid[]) GROUP BY j.state ORDER BY j.state`,
      [subscriberId, deliveries.filter((x) => receiver.has(x.id)).map((x) => x.id)],
    );
    const webhookDeadline = Math.max(svc.lastStartAt + 200_000, Date.now() + 30_000) - Date.now();
    let webhookWait = -1;
    const progress: string[] = [];
    const waitStarted = Date.now();
    let lastSample = 0;
    try {
      webhookWait = await until(
        'every change at the receiver',
        async () => {
          if (Date.now() - lastSample >= 10_000) {
            lastSample = Date.now();
            const states = await sql<{ state: string; n: string; due: string }>(
              `SELECT state, count(*)::text AS n, round(extract(epoch FROM max(start_after) - now()))::text AS due FROM pgboss.job WHERE name = 'webhook-delivery' AND state <> 'completed' GROUP BY state`,
            );
            progress.push(`+${Math.round((Date.now() - waitStarted) / 1000)}s ${deliveries.filter((x) => receiver.has(x.id)).length}/${deliveries.length} [${states.map((x) => `${x.state} ${x.n} (due ${x.due}s)`).join(', ')}]`);
          }
          return deliveries.every((x) => receiver.has(x.id));
        },
        webhookDeadline,
        500,
      );
    } catch {
      /* reported below */
    }
    if (process.env.RELIABILITY_VERBOSE || webhookWait > 30_000 || webhookWait < 0) console.log(`webhook progress: ${progress.join('; ')}`);
    const undelivered = deliveries.filter((x) => !receiver.has(x.id)).map((x) => x.id);
    const audit = await must('GET', '/api/v1/audit/verify', 'admin');

    const outageMs = dbRestartAt - dbKilledAt;
    console.log(
      `crash safety (seed ${seed}): ${ROUNDS} rounds, ${stats.kills} kill -9 of the service mid-burst, 1 SIGKILL of PostgreSQL under load (${outageMs} ms down); ` +
        `${stats.requests} requests (${stats.answered} answered ${JSON.stringify(stats.statuses)}, ${stats.connectionErrors} cut by a kill${stats.refusedWhileDown ? `, ${stats.refusedWhileDown} refused while the service was down` : ''}); ` +
        `${stats.acked} acknowledged decisions and ${stats.revokesAcked} revocations all durable; ${publishedIds.length} published, ${changes.length} changes, ${deliveries.length} webhooks; ` +
        `/health/ready non-200 ${sawNotReadyAfter} ms after the kill, 200 again ${readyAgainAfter} ms after the restart; ` +
        `every webhook received ${webhookWait} ms after the checks began (jobs not yet delivered then, by pg-boss state: ${late.map((l) => `${l.state} ${l.n}`).join(', ') || 'none'}); ` +
        `${outageAnswers.length} answers during the outage (${JSON.stringify(outageAnswers.reduce((m: Record<number, number>, a) => ({ ...m, [a.status]: (m[a.status] ?? 0) + 1 }), {}))}), ${createdDrafts.length} drafts created around it; ` +
        `service ${survived ? 'survived the outage' : `DIED: ${deathReport}`}; total ${Math.round((Date.now() - started) / 1000)} s (prepare ${Math.round((prepared - started) / 1000)} s, kills ${Math.round((afterKills - prepared) / 1000)} s)`,
    );
    if (!survived) console.log(`service output before its death:\n${deathOutput}`);
    // Any other 5xx than 503 while the database was down is an error not classified as "database
    // unavailable" (isDatabaseUnavailable, transaction-host.ts): what the service logged for it,
    // found by its request id, is the failure's message.
    const lines = svc.output.join('').split('\n');
    const unclassified = outageAnswers
      .filter((a) => a.status >= 500 && a.status !== 503)
      .map((a) => a.headers.get('x-request-id'))
      .map((id) => `${id}: ${lines.find((l) => id !== null && l.includes(`"requestId":"${id}"`))?.slice(0, 1500) ?? 'not in the log'}`);

    expect({ survived, deathReport }).toEqual({ survived: true, deathReport: '' });
    expect(aliveDuringOutage).toBe(true);
    expect(readyAgainAfter).toBeGreaterThanOrEqual(0);
    expect(problems).toEqual([]);
    expect(stuck).toEqual([]);
    // Requests ran while the database was gone; they failed with 5xx in the contract's shape (an
    // answer already on its way, or a cached public page, may still be a 2xx), and every write the
    // service acknowledged is in the database (approvals: checkAcked; drafts: below).
    expect(outageAnswers.filter((a) => a.status >= 500).length).toBeGreaterThan(0);
    // A database that cannot be reached is a 503 (with Retry-After), never an internal error —
    // also when the connection died inside a transaction, between two of its statements.
    expect(outageAnswers.filter((a) => a.status === 503).length).toBeGreaterThan(0);
    expect(unclassified).toEqual([]);
    for (const a of outageAnswers.filter((x) => x.status >= 400)) expect(a.body).toMatchObject({ statusCode: a.status, message: expect.anything(), error: expect.any(String) });
    const draftsFound = await sql(`SELECT id FROM documents WHERE id = ANY($1::uuid[])`, [createdDrafts]);
    expect(draftsFound).toHaveLength(createdDrafts.length);
    expect(bad5xx.filter((x) => !/during the outage phase/.test(x))).toEqual([]);
    expect(v).toEqual(Object.fromEntries(Object.keys(v).map((k) => [k, []])));
    expect(allEmpty(v)).toBe(true);
    expect(gaps).toEqual([]);
    expect([...listed].sort()).toEqual(publishedIds);
    expect(new Set(listed).size).toBe(listed.length);
    expect(changeRows[0]).toEqual({ n: String(changes.length), unsequenced: '0' });
    expect(changes.map((c) => c.seq)).toEqual(changes.map((_, i) => i + 1));
    expect(deliveryProblems).toEqual([]);
    expect(undelivered).toEqual([]);
    expect(audit.body).toMatchObject({ ok: true, firstBrokenId: null });
    expect(stats.kills).toBe(ROUNDS);
    expect(loadDone).toBe(dbDocs.length);
  }, 600_000);
});
