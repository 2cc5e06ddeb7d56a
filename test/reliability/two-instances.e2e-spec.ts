/**
 * Two instances of the service on one database, under concurrent load:
 * - 50 concurrent approvals of one version spread over both instances: exactly one decision, one
 *   history row, one catalogue entry, one change, one delivery (and one webhook received);
 * - the same Idempotency-Key sent concurrently to both instances: one effect;
 * - a mixed workload (creations, submissions, approvals, returns, revocations, duplicate requests
 *   racing on both instances) while a client follows the change stream on both instances: every
 *   invariant holds, serials are gap-free and the stream is complete and ordered.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { pino } from 'pino';
import { loadConfig } from '../../config/configuration.js';
import { createApp } from '../../src/bootstrap.js';
import { ADMIN_PASSWORD, FULL_CHAIN, form, seedDistrict, startTestApp, walk, type District, type TestApp } from '../support/app.js';
import { call, pool, prng, sleep, until, type Answer } from './support/http.js';
import { allEmpty, catalogueViolations, deliveryViolations, serialGaps } from './support/invariants.js';
import { Receiver } from './support/receiver.js';

const ENV = { WEBHOOK_RETRY_DELAY_SECONDS: '1', WEBHOOK_RETRY_LIMIT: '10', DB_POOL_SIZE: '10' };

describe('two instances on one database', () => {
  let t: TestApp;
  let second: NestFastifyApplication;
  let d: District;
  let bases: [string, string];
  let subscriberId: string;
  const receiver = new Receiver();

  beforeAll(async () => {
    t = await startTestApp(ENV);
    const config = loadConfig({ ADMIN_PASSWORD, LOG_LEVEL: 'silent', PUBLIC_URL: 'http://gongkai.test', MIGRATIONS_RUN: 'false', ...ENV });
    second = await createApp(config, { databaseUrl: t.databaseUrl, logger: pino({ level: 'silent' }) });
    await second.init();
    await second.getHttpAdapter().getInstance().ready();
    await t.app.listen(0, '127.0.0.1');
    await second.listen(0, '127.0.0.1');
    const addr = (a: NestFastifyApplication) => `http://127.0.0.1:${(a.getHttpServer().address() as { port: number }).port}`;
    bases = [addr(t.app), addr(second)];
    d = await seedDistrict(t);
    await receiver.start();
    const sub = await call(bases[1], 'POST', '/api/v1/subscribers', { token: t.adminToken, body: { url: receiver.url, description: '门户网站' } });
    expect(sub.status).toBe(201);
    subscriberId = sub.body.id;
  }, 60_000);

  afterAll(async () => {
    await second?.close();
    await t?.close();
    await receiver.stop();
  });

  const approve = (base: string, token: string, id: string, version: number, extra: Record<string, string> = {}) =>
    call(base, 'POST', `/api/v1/documents/${id}/transitions`, { token, headers: { 'if-match': `"${version}"`, ...extra }, body: { action: 'approve' } });

  it('50 concurrent approvals of one version over two instances: exactly one decision and one of everything it causes', async () => {
    const rounds = 3;
    let requests = 0;
    for (let round = 0; round < rounds; round++) {
      const doc = await walk(t, d, 'drafterA', FULL_CHAIN.slice(0, 3), { title: `并发审批 ${round}` });
      expect(doc.state).toBe('leader_review');
      const historyBefore = (await t.sql(`SELECT 1 FROM document_history WHERE document_id = $1`, [doc.id])).length;
      // Two different leaders in charge of unit A race each other, and themselves, on both instances.
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => approve(bases[i % 2], d.tokens[i % 3 === 0 ? 'allRoundA' : 'leaderA'], doc.id, doc.version)),
      );
      requests += results.length;
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s !== 200 && s !== 409 && s !== 412)).toEqual([]);
      const winner = results.find((r) => r.status === 200)!;
      expect(winner.body).toMatchObject({ state: 'published', version: doc.version + 1 });

      const [row] = await t.sql<{ state: string; version: number }>(`SELECT state, version FROM documents WHERE id = $1`, [doc.id]);
      expect(row).toEqual({ state: 'published', version: doc.version + 1 });
      const count = async (q: string) => Number((await t.sql<{ n: string }>(q, [doc.id]))[0].n);
      expect(await count(`SELECT count(*) AS n FROM document_history WHERE document_id = $1 AND from_state = 'leader_review'`)).toBe(1);
      expect(await count(`SELECT count(*) AS n FROM document_history WHERE document_id = $1`)).toBe(historyBefore + 1);
      expect(await count(`SELECT count(*) AS n FROM catalogue_entries WHERE document_id = $1`)).toBe(1);
      expect(await count(`SELECT count(*) AS n FROM catalogue_changes WHERE document_id = $1`)).toBe(1);
      expect(await count(`SELECT count(*) AS n FROM deliveries d JOIN catalogue_changes c ON c.id = d.change_id WHERE c.document_id = $1`)).toBe(1);
      expect(await count(`SELECT count(*) AS n FROM audit_log WHERE subject_id = $1::text AND action = 'document.approve' AND data->>'from' = 'leader_review'`)).toBe(1);
      const [delivery] = await t.sql<{ id: string }>(`SELECT d.id FROM deliveries d JOIN catalogue_changes c ON c.id = d.change_id WHERE c.document_id = $1`, [doc.id]);
      expect(await count(`SELECT count(*) AS n FROM pgboss.job WHERE data->>'deliveryId' = (SELECT d.id::text FROM deliveries d JOIN catalogue_changes c ON c.id = d.change_id WHERE c.document_id = $1)`)).toBe(1);
      // The portal gets it, once: the two instances' workers never both send one attempt.
      await until('the webhook', () => receiver.has(delivery.id), 30_000);
      await sleep(1200);
      expect(receiver.received.filter((r) => r.id === delivery.id)).toHaveLength(1);
      expect(receiver.received.filter((r) => r.indexNo === winner.body.indexNo)).toHaveLength(1);
    }
    console.log(`two instances, one decision: ${rounds} rounds × 50 concurrent approvals = ${requests} requests, ${rounds} decisions`);
  }, 120_000);

  it('the same Idempotency-Key sent concurrently to both instances has one effect', async () => {
    const key = `idem-${Date.now()}`;
    const title = `幂等创建 ${key}`;
    // 1. Creation: 16 concurrent retries of one request, half on each instance.
    const created = await Promise.all(
      Array.from({ length: 16 }, (_, i) => call(bases[i % 2], 'POST', '/api/v1/documents', { token: d.tokens.drafterA, headers: { 'idempotency-key': key }, body: form({ title }) })),
    );
    expect(created.map((r) => r.status)).toEqual(Array(16).fill(201));
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    expect(new Set(created.map((r) => r.headers.get('etag'))).size).toBe(1);
    const id = created[0].body.id as string;
    expect(await t.sql(`SELECT id FROM documents WHERE title = $1`, [title])).toHaveLength(1);
    expect(await t.sql(`SELECT 1 FROM audit_log WHERE action = 'document.create' AND subject_id = $1::text`, [id])).toHaveLength(1);

    // 2. A transition: one submission, one history row, whatever instance answers.
    const submitKey = `${key}-submit`;
    const submitted = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        call(bases[i % 2], 'POST', `/api/v1/documents/${id}/transitions`, { token: d.tokens.drafterA, headers: { 'if-match': '"1"', 'idempotency-key': submitKey }, body: { action: 'submit' } }),
      ),
    );
    expect(submitted.map((r) => r.status)).toEqual(Array(16).fill(200));
    for (const r of submitted) expect(r.body).toEqual(submitted[0].body);
    expect(await t.sql(`SELECT 1 FROM document_history WHERE document_id = $1 AND action = 'submit'`, [id])).toHaveLength(1);
    expect(await t.sql(`SELECT 1 FROM document_history WHERE document_id = $1`, [id])).toHaveLength(2); // create + submit

    // 3. The publishing approval: one catalogue entry, one change, one delivery.
    let version = 2;
    for (const who of ['reviewerA', 'officer']) {
      const r = await approve(bases[version % 2], d.tokens[who], id, version);
      expect(r.status).toBe(200);
      version = r.body.version;
    }
    const approveKey = `${key}-approve`;
    const approved = await Promise.all(Array.from({ length: 16 }, (_, i) => approve(bases[i % 2], d.tokens.leaderA, id, version, { 'idempotency-key': approveKey })));
    expect(approved.map((r) => r.status)).toEqual(Array(16).fill(200));
    expect(new Set(approved.map((r) => r.body.indexNo)).size).toBe(1);
    expect(await t.sql(`SELECT 1 FROM catalogue_entries WHERE document_id = $1`, [id])).toHaveLength(1);
    expect(await t.sql(`SELECT 1 FROM catalogue_changes WHERE document_id = $1`, [id])).toHaveLength(1);
    expect(await t.sql(`SELECT 1 FROM deliveries d JOIN catalogue_changes c ON c.id = d.change_id WHERE c.document_id = $1`, [id])).toHaveLength(1);
    expect(await t.sql(`SELECT 1 FROM idempotency_keys WHERE key = ANY($1::text[])`, [[key, submitKey, approveKey]])).toHaveLength(3);

    // 4. One key, two different bodies racing on the two instances: one wins everywhere, the other is 422.
    const raceKey = `${key}-race`;
    const bodies = [form({ title: `${title} A` }), form({ title: `${title} B` })];
    const raced = await Promise.all(
      Array.from({ length: 16 }, (_, i) => call(bases[i % 2], 'POST', '/api/v1/documents', { token: d.tokens.drafterA, headers: { 'idempotency-key': raceKey }, body: bodies[Math.floor(i / 2) % 2] })),
    );
    const byBody = [0, 1].map((b) => raced.filter((_, i) => Math.floor(i / 2) % 2 === b).map((r) => r.status));
    const winner = byBody[0][0] === 201 ? 0 : 1;
    expect(byBody[winner]).toEqual(Array(8).fill(201));
    expect(byBody[1 - winner]).toEqual(Array(8).fill(422));
    expect(await t.sql(`SELECT 1 FROM documents WHERE title = ANY($1::text[])`, [[`${title} A`, `${title} B`]])).toHaveLength(1);
    for (const r of raced.filter((x) => x.status === 422)) expect(r.body).toMatchObject({ statusCode: 422, error: expect.any(String), message: expect.any(String) });
  }, 60_000);

  it('a mixed workload on both instances keeps every invariant; the change stream is complete and in order', async () => {
    const seed = Number(process.env.RELIABILITY_SEED ?? Date.now() % 1_000_000);
    const rnd = prng(seed);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
    const base = () => pick(bases);
    const unitOf: Record<string, { reviewer: string; leader: string }> = {
      drafterA: { reviewer: 'reviewerA', leader: 'leaderA' },
      drafterA2: { reviewer: 'reviewerA', leader: 'leaderA' },
      drafterB: { reviewer: 'reviewerB', leader: 'leaderB' },
    };
    const stats = { requests: 0, duplicates: 0, created: 0, published: 0, issued: 0, revoked: 0, returned: 0, withdrawn: 0, polls: 0, unexpected: [] as string[] };
    const expectedState = new Map<string, string>();
    const ackedIndexNos = new Set<string>();

    /** One step, sometimes sent twice at once (to both instances): exactly one of them decides. */
    const step = async (token: string, id: string, version: number, body: Record<string, unknown>): Promise<Answer | null> => {
      const dup = rnd() < 0.3;
      const path = `/api/v1/documents/${id}/transitions`;
      const send = (b: string) => call(b, 'POST', path, { token, headers: { 'if-match': `"${version}"` }, body });
      const answers = dup ? await Promise.all([send(bases[0]), send(bases[1])]) : [await send(base())];
      stats.requests += answers.length;
      if (dup) stats.duplicates++;
      const ok = answers.filter((a) => a.status === 200);
      const bad = answers.filter((a) => a.status !== 200 && a.status !== 409 && a.status !== 412);
      if (ok.length !== 1 || bad.length > 0) stats.unexpected.push(`${body.action} ${id} v${version}: ${answers.map((a) => `${a.status} ${a.text.slice(0, 200)}`).join(' | ')}`);
      return ok[0] ?? null;
    };

    const lifecycle = async (worker: number) => {
      const drafter = pick(['drafterA', 'drafterA2', 'drafterB']);
      const attr = pick(['proactive', 'proactive', 'proactive', 'on_application', 'not_public']);
      const created = await call(base(), 'POST', '/api/v1/documents', {
        token: d.tokens[drafter],
        body: form({ title: `混合负载 ${worker}-${Math.floor(rnd() * 1e9)}`, publicAttribute: attr, ...(attr === 'not_public' ? { nonDisclosureReason: 'internal_affairs' } : {}) }),
      });
      stats.requests++;
      if (created.status !== 201) {
        stats.unexpected.push(`create: ${created.status} ${created.text.slice(0, 200)}`);
        return;
      }
      stats.created++;
      let doc = created.body as { id: string; version: number; state: string; indexNo?: string };
      expectedState.set(doc.id, 'draft');
      if (rnd() < 0.07) {
        const w = await step(d.tokens[drafter], doc.id, doc.version, { action: 'withdraw' });
        if (w) {
          stats.withdrawn++;
          expectedState.set(doc.id, 'withdrawn');
        }
        return;
      }
      const chain: [string, Record<string, unknown>][] = [
        [drafter, { action: 'submit' }],
        [unitOf[drafter].reviewer, { action: 'approve' }],
        ['officer', { action: 'approve' }],
        [unitOf[drafter].leader, { action: 'approve' }],
      ];
      let returnedOnce = false;
      for (let i = 0; i < chain.length; i++) {
        const [who, body] = chain[i];
        if (i > 0 && !returnedOnce && rnd() < 0.08) {
          returnedOnce = true;
          const r = await step(d.tokens[who], doc.id, doc.version, { action: 'return', comment: '请修改' });
          if (!r) return;
          stats.returned++;
          doc = r.body;
          i = -1; // resubmit and go through the chain again
          continue;
        }
        const r = await step(d.tokens[who], doc.id, doc.version, body);
        if (!r) return;
        doc = r.body;
        expectedState.set(doc.id, doc.state);
      }
      if (doc.state === 'published') {
        stats.published++;
        ackedIndexNos.add(doc.indexNo!);
        if (rnd() < 0.3) {
          const r = await step(d.tokens.officer2, doc.id, doc.version, { action: 'revoke', comment: '依法撤回' });
          if (r) {
            stats.revoked++;
            expectedState.set(doc.id, 'revoked');
          }
        }
      } else if (doc.state === 'issued') stats.issued++;
    };

    // The change-stream client: polls both instances in turn with after=lastSeq.
    const seen: { seq: number; type: string; indexNo: string }[] = [];
    let lastSeq = Number((await call(bases[0], 'GET', '/api/v1/catalogue/changes?after=0&limit=1000')).body.lastSeq);
    const baselineSeq = lastSeq;
    let polling = true;
    const streamProblems: string[] = [];
    const pollOnce = async (b: string) => {
      const r = await call(b, 'GET', `/api/v1/catalogue/changes?after=${lastSeq}&limit=7`);
      stats.polls++;
      if (r.status !== 200) {
        streamProblems.push(`poll ${r.status}`);
        return 0;
      }
      for (const c of r.body.changes as { seq: number; type: string; indexNo: string }[]) {
        if (c.seq <= lastSeq) streamProblems.push(`seq ${c.seq} after ${lastSeq}`);
        lastSeq = c.seq;
        seen.push({ seq: c.seq, type: c.type, indexNo: c.indexNo });
      }
      if (r.body.lastSeq !== lastSeq) streamProblems.push(`lastSeq ${r.body.lastSeq} ≠ ${lastSeq}`);
      return r.body.changes.length as number;
    };
    const poller = (async () => {
      let i = 0;
      while (polling) {
        await pollOnce(bases[i++ % 2]);
        await sleep(20);
      }
    })();

    const started = Date.now();
    const workers = 6;
    const perWorker = 14;
    await pool(workers, Array.from({ length: workers * perWorker }, (_, i) => i), async (i) => {
      if (Date.now() - started < 90_000) await lifecycle(i % workers);
    });
    polling = false;
    await poller;
    // Catch up: until two polls in a row bring nothing and every change is numbered.
    await until(
      'the change stream to catch up',
      async () => (await pollOnce(bases[0])) + (await pollOnce(bases[1])) === 0 && (await t.sql(`SELECT 1 FROM catalogue_changes WHERE seq IS NULL`)).length === 0,
      20_000,
    );
    const elapsed = Date.now() - started;
    expect(stats.unexpected).toEqual([]);
    expect(streamProblems).toEqual([]);

    // Every invariant of the database.
    const v = await catalogueViolations(t.sql);
    expect(v).toEqual(Object.fromEntries(Object.keys(v).map((k) => [k, []])));
    expect(allEmpty(v)).toBe(true);
    expect(await serialGaps(t.sql)).toEqual([]);
    expect(await deliveryViolations(t.sql, subscriberId)).toEqual([]);
    // What each client was told is what the database holds.
    const states = await t.sql<{ id: string; state: string }>(`SELECT id, state FROM documents WHERE id = ANY($1::uuid[])`, [[...expectedState.keys()]]);
    const mismatched = states.filter((s) => expectedState.get(s.id) !== s.state).map((s) => `${s.id}: told ${expectedState.get(s.id)}, is ${s.state}`);
    expect(mismatched).toEqual([]);
    const entries = await t.sql<{ index_no: string }>(`SELECT index_no FROM catalogue_entries WHERE index_no = ANY($1::text[])`, [[...ackedIndexNos]]);
    expect(entries).toHaveLength(ackedIndexNos.size);

    // The change stream the client followed equals the table, each change once, in seq order.
    const table = await t.sql<{ seq: string; type: string; index_no: string }>(`SELECT c.seq::text AS seq, c.type, c.index_no FROM catalogue_changes c WHERE c.seq > $1 ORDER BY c.seq`, [baselineSeq]);
    expect(seen).toEqual(table.map((r) => ({ seq: Number(r.seq), type: r.type, indexNo: r.index_no })));
    expect(new Set(seen.map((s) => s.seq)).size).toBe(seen.length);
    expect(new Set(seen.map((s) => `${s.type}:${s.indexNo}`)).size).toBe(seen.length);
    for (const [i, s] of seen.entries()) {
      if (s.type === 'revoked') expect(seen.slice(0, i).some((p) => p.type === 'published' && p.indexNo === s.indexNo)).toBe(true);
    }
    expect(seen.filter((s) => s.type === 'published')).toHaveLength(stats.published);
    expect(seen.filter((s) => s.type === 'revoked')).toHaveLength(stats.revoked);

    // Every change reaches the portal (at least once), and the audit chain is intact on both instances.
    const deliveries = await t.sql<{ id: string }>(`SELECT id FROM deliveries WHERE subscriber_id = $1`, [subscriberId]);
    await until('every webhook', () => deliveries.every((x) => receiver.has(x.id)), 60_000, 250);
    for (const b of bases) {
      const audit = await call(b, 'GET', '/api/v1/audit/verify', { token: t.adminToken });
      expect(audit.body).toMatchObject({ ok: true, firstBrokenId: null });
    }
    expect(stats.published).toBeGreaterThan(10);
    console.log(
      `two instances, mixed load (seed ${seed}): ${stats.requests} workflow requests in ${elapsed} ms, ${stats.duplicates} duplicate pairs raced, ` +
        `${stats.created} created, ${stats.published} published, ${stats.issued} issued, ${stats.revoked} revoked, ${stats.returned} returned, ${stats.withdrawn} withdrawn; ` +
        `${stats.polls} change-stream polls saw ${seen.length} changes in order; ${deliveries.length} webhooks delivered`,
    );
  }, 180_000);
});
