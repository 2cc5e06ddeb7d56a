/**
 * Notifications through the API against the real service: each kind reaches exactly the people
 * docs/notifications.md names (and nobody else, across units), delegation included; the inbox
 * (list, unread, cursor, read, read-all, own only); PATCH /me; the live stream across two
 * instances; deadline notifications once per item and threshold with two instances scanning.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createApp } from '../src/bootstrap.js';
import { TransactionHost } from '../src/common/database/transaction-host.js';
import { JobQueue } from '../src/modules/delivery/job-queue.service.js';
import { DEADLINE_QUEUE, DeadlineScan } from '../src/modules/notifications/deadline-scan.js';
import { Notifier } from '../src/modules/notifications/notifier.js';
import { FULL_CHAIN, PASSWORD, bearer, form, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';
import { openSse, unreadOf } from './support/sse.js';

const APPLICATION = {
  applicantType: 'natural_person',
  applicantName: '张三丰',
  idNumber: '110101199003071234',
  contact: { phone: '13800138000', email: 'zhang.sanfeng@example.com' },
  description: '2026年本区老旧小区改造项目的资金安排',
  format: 'electronic',
  delivery: 'email',
};

describe('notifications', () => {
  let t: TestApp;
  let d: District;
  const names = new Map<string, string>();

  beforeAll(async () => {
    t = await startTestApp();
    d = await seedDistrict(t);
    for (const [k, id] of Object.entries(d.ids)) names.set(id, k);
    // liaisonB deputises for reviewerA (secrecy reviewer of unit A) from now on.
    const now = Date.now();
    const g = await t.http
      .post('/api/v1/delegations')
      .set(bearer(d.tokens.reviewerA))
      .send({ toUserId: d.ids.liaisonB, startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 86_400_000).toISOString(), reason: '出差' });
    expect(g.status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  /** Who holds a notification of `kind` about `subjectId` (by seed name), sorted. */
  const recipients = async (subjectId: string, kind: string) =>
    (await t.sql<{ user_id: string }>(`SELECT user_id FROM notifications WHERE subject_id = $1 AND kind = $2`, [subjectId, kind])).map((r) => names.get(r.user_id) ?? r.user_id).sort();
  const step = async (who: string, doc: { id: string; version: number }, body: Record<string, unknown>) => {
    const res = await t.http.post(`/api/v1/documents/${doc.id}/transitions`).set(bearer(d.tokens[who])).set('If-Match', `"${doc.version}"`).send(body);
    expect(res.status).toBe(200);
    return res.body as { id: string; version: number; state: string };
  };

  describe('who receives what', () => {
    it('task at each step: the unit’s secrecy reviewers and a delegator’s deputy, all officers, the leaders in charge; published to the drafter', async () => {
      const doc = await walk(t, d, 'drafterA', []);
      const submitted = await step('drafterA', doc, { action: 'submit' });
      // allRoundA holds every role of unit A and drafted nothing here; liaisonB is reviewerA's deputy.
      expect(await recipients(doc.id, 'task')).toEqual(['allRoundA', 'liaisonB', 'reviewerA']);
      const secrecy = await step('reviewerA', submitted, { action: 'approve' });
      expect((await recipients(doc.id, 'task')).slice().sort()).toEqual(['allRoundA', 'allRoundA', 'liaisonB', 'officer', 'officer2', 'reviewerA'].sort());
      const office = await step('officer', secrecy, { action: 'approve' });
      const leaderTasks = (await t.sql<{ user_id: string; title: string }>(`SELECT user_id, title FROM notifications WHERE subject_id = $1 AND title LIKE '待领导签发%'`, [doc.id])).map((r) => names.get(r.user_id)).sort();
      // leaderB leads unit B only; allRoundA leads unit A and took no step of this document.
      expect(leaderTasks).toEqual(['allRoundA', 'leaderA']);
      await step('leaderA', office, { action: 'approve' });
      expect(await recipients(doc.id, 'published')).toEqual(['drafterA']);
      // Nobody of unit B, no admin: not a single notification about this document.
      const outsiders = await t.sql(`SELECT 1 FROM notifications WHERE subject_id = $1 AND user_id = ANY ($2::uuid[])`, [doc.id, [d.ids.drafterB, d.ids.reviewerB, d.ids.leaderB, d.ids.liaisonA, d.ids.drafterA2]]);
      expect(outsiders).toHaveLength(0);
    });

    it('a document of unit B reaches unit B’s reviewer only (no one of unit A, no deputy of A’s reviewer)', async () => {
      const doc = await walk(t, d, 'drafterB', [['drafterB', { action: 'submit' }]]);
      expect(await recipients(doc.id, 'task')).toEqual(['reviewerB']);
    });

    it('returned to the drafter; returned to the previous step (that step again); recall (the recaller is not told)', async () => {
      const a = await walk(t, d, 'drafterA', [['drafterA', { action: 'submit' }]]);
      await step('reviewerA', a, { action: 'return', comment: '请补充依据' });
      expect(await recipients(a.id, 'returned')).toEqual(['drafterA']);

      const b = await walk(t, d, 'drafterA', FULL_CHAIN.slice(0, 2));
      await t.sql(`DELETE FROM notifications WHERE subject_id = $1`, [b.id]);
      const back = await step('officer', b, { action: 'return', to: 'previous', comment: '请重新审查' });
      expect(back.state).toBe('secrecy_review');
      expect(await recipients(b.id, 'task')).toEqual(['allRoundA', 'liaisonB', 'reviewerA']);
      expect((await t.sql<{ title: string }>(`SELECT DISTINCT title FROM notifications WHERE subject_id = $1`, [b.id]))[0].title).toMatch(/^退回重新保密审查：/);

      const c = await walk(t, d, 'drafterA', FULL_CHAIN.slice(0, 2));
      await t.sql(`DELETE FROM notifications WHERE subject_id = $1`, [c.id]);
      await step('reviewerA', c, { action: 'recall' });
      expect(await recipients(c.id, 'task')).toEqual(['allRoundA', 'liaisonB']);
    });

    it('consultation: the consulted unit’s liaisons; its answer: the officers; urged: whoever can act on the step', async () => {
      const doc = await walk(t, d, 'drafterA', FULL_CHAIN.slice(0, 2));
      const asked = await t.http.post(`/api/v1/documents/${doc.id}/consultations`).set(bearer(d.tokens.officer)).send({ unitIds: [d.unitB.id], question: '是否涉及贵单位职责？' });
      expect(asked.status).toBe(201);
      expect(await recipients(doc.id, 'consultation')).toEqual(['liaisonB']);
      const answered = await t.http.post(`/api/v1/consultations/${asked.body.items[0].id}/answer`).set(bearer(d.tokens.liaisonB)).send({ opinion: 'agree', comment: '无意见' });
      expect(answered.status).toBe(200);
      expect(await recipients(doc.id, 'consultation_answered')).toEqual(['allRoundA', 'officer', 'officer2']);

      const waiting = await walk(t, d, 'drafterA', [['drafterA', { action: 'submit' }]]);
      const urged = await t.http.post(`/api/v1/documents/${waiting.id}/urge`).set(bearer(d.tokens.officer)).send({ comment: '请今日内完成' });
      expect(urged.status).toBe(201);
      expect(await recipients(waiting.id, 'urged')).toEqual(['allRoundA', 'liaisonB', 'reviewerA']);
    });

    it('an inactive user receives nothing; the deputy of an inactive delegator neither', async () => {
      const admin = bearer(d.tokens.admin);
      expect((await t.http.patch(`/api/v1/users/${d.ids.reviewerA}`).set(admin).send({ active: false })).status).toBe(200);
      try {
        const doc = await walk(t, d, 'drafterA', [['drafterA', { action: 'submit' }]]);
        expect(await recipients(doc.id, 'task')).toEqual(['allRoundA']);
      } finally {
        expect((await t.http.patch(`/api/v1/users/${d.ids.reviewerA}`).set(admin).send({ active: true })).status).toBe(200);
        const [u] = await t.sql<{ username: string }>(`SELECT username FROM users WHERE id = $1`, [d.ids.reviewerA]);
        d.tokens.reviewerA = (await t.http.post('/api/v1/auth/login').send({ username: u.username, password: PASSWORD })).body.accessToken;
      }
    });

    it('referral: the referred units’ liaisons; complaint: the office when received, the unit’s liaisons when assigned', async () => {
      const notifier = t.app.get(Notifier);
      const tx = t.app.get(TransactionHost);
      const applicationId = '6f1d9c2e-8b3a-4c5d-9e0f-1a2b3c4d5e6f';
      const complaintId = '7a2e0d3f-9c4b-4d6e-8f1a-2b3c4d5e6f70';
      await tx.run(() => notifier.referral(applicationId, [d.unitB.id], new Date(), { actor: null }));
      await tx.run(() => notifier.complaint(complaintId, 'received', null, { actor: null }));
      await tx.run(() => notifier.complaint(complaintId, 'assigned', d.unitA.id, { actor: null }));
      expect(await recipients(applicationId, 'referral')).toEqual(['liaisonB']);
      const rows = await t.sql<{ user_id: string; title: string }>(`SELECT user_id, title FROM notifications WHERE subject_id = $1 ORDER BY title`, [complaintId]);
      expect(rows.filter((r) => r.title.startsWith('收到')).map((r) => names.get(r.user_id)).sort()).toEqual(['allRoundA', 'officer', 'officer2']);
      expect(rows.filter((r) => r.title.startsWith('投诉举报已交')).map((r) => names.get(r.user_id))).toEqual(['liaisonA']);
    });

    it('a transaction that fails writes no notification (created with the change, never without it)', async () => {
      const doc = await walk(t, d, 'drafterA', []);
      // A stale If-Match: 412, nothing committed.
      const res = await t.http.post(`/api/v1/documents/${doc.id}/transitions`).set(bearer(d.tokens.drafterA)).set('If-Match', '"9"').send({ action: 'submit' });
      expect(res.status).toBe(412);
      expect(await t.sql(`SELECT 1 FROM notifications WHERE subject_id = $1`, [doc.id])).toHaveLength(0);
    });
  });

  describe('the inbox', () => {
    it('lists the caller’s own, newest first, with the unread count; filters unread; pages with the cursor; marks read; 404 for another’s', async () => {
      const who = bearer(d.tokens.officer2);
      const all = await t.http.get('/api/v1/notifications?limit=100').set(who);
      expect(all.status).toBe(200);
      expect(all.body.items.length).toBeGreaterThanOrEqual(3);
      const own = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1`, [d.ids.officer2]);
      expect(all.body.items).toHaveLength(own[0].n);
      expect(all.body.unreadCount).toBe(own[0].n);
      expect(Object.keys(all.body.items[0]).sort()).toEqual(['createdAt', 'id', 'kind', 'readAt', 'subjectId', 'subjectType', 'title']);
      const times = all.body.items.map((i: { createdAt: string }) => i.createdAt);
      expect([...times].sort().reverse()).toEqual(times);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.http.get(`/api/v1/notifications?limit=2${cursor ? `&cursor=${cursor}` : ''}`).set(who);
        seen.push(...page.body.items.map((i) => i.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.body.items.map((i: { id: string }) => i.id));

      const first = all.body.items[0].id as string;
      const read = await t.http.post(`/api/v1/notifications/${first}/read`).set(who);
      expect(read.status).toBe(200);
      expect(read.body.readAt).not.toBeNull();
      expect((await t.http.post(`/api/v1/notifications/${first}/read`).set(who)).body.readAt).toBe(read.body.readAt);
      const unread = await t.http.get('/api/v1/notifications?unread=true&limit=100').set(who);
      expect(unread.body.unreadCount).toBe(own[0].n - 1);
      expect(unread.body.items.map((i: { id: string }) => i.id)).not.toContain(first);

      // Someone else's notification: 404, and it stays unread.
      const others = await t.sql<{ id: string }>(`SELECT id FROM notifications WHERE user_id = $1 AND read_at IS NULL LIMIT 1`, [d.ids.officer]);
      expect((await t.http.post(`/api/v1/notifications/${others[0].id}/read`).set(who)).status).toBe(404);
      expect((await t.sql(`SELECT 1 FROM notifications WHERE id = $1 AND read_at IS NULL`, [others[0].id])).length).toBe(1);
      expect((await t.http.post('/api/v1/notifications/not-a-uuid/read').set(who)).status).toBe(400);
      expect((await t.http.get('/api/v1/notifications?cursor=bm9wZQ').set(who)).status).toBe(400);
      expect((await t.http.get('/api/v1/notifications')).status).toBe(401);

      const all2 = await t.http.post('/api/v1/notifications/read-all').set(who);
      expect(all2.status).toBe(200);
      expect(all2.body).toEqual({ updated: own[0].n - 1 });
      expect((await t.http.get('/api/v1/notifications?unread=true').set(who)).body).toMatchObject({ items: [], unreadCount: 0 });
      expect((await t.http.post('/api/v1/notifications/read-all').set(who)).body).toEqual({ updated: 0 });
    });

    it('PATCH /me turns e-mail notifications off and on for oneself', async () => {
      const me = bearer(d.tokens.drafterA);
      expect((await t.http.get('/api/v1/me').set(me)).body.emailNotifications).toBe(true);
      const off = await t.http.patch('/api/v1/me').set(me).send({ emailNotifications: false });
      expect(off.status).toBe(200);
      expect(off.body).toMatchObject({ id: d.ids.drafterA, emailNotifications: false });
      expect((await t.http.get('/api/v1/me').set(me)).body.emailNotifications).toBe(false);
      expect((await t.http.patch('/api/v1/me').set(me).send({ emailNotifications: null })).status).toBe(400);
      expect((await t.http.patch('/api/v1/me').set(me).send({ roles: ['admin'] })).status).toBe(400);
      expect((await t.http.patch('/api/v1/me').set(me).send({ emailNotifications: true })).body.emailNotifications).toBe(true);
    });
  });

  describe('two instances on one database', () => {
    let b: NestFastifyApplication;
    let baseA = '';
    let baseB = '';

    beforeAll(async () => {
      b = await createApp(t.config, { databaseUrl: t.databaseUrl, logger: pino({ level: 'silent' }) });
      await b.init();
      await t.app.listen(0, '127.0.0.1');
      await b.listen(0, '127.0.0.1');
      baseA = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
      baseB = `http://127.0.0.1:${(b.getHttpServer().address() as AddressInfo).port}`;
    }, 60_000);

    afterAll(async () => {
      await b?.close();
    });

    const ticket = async (who: string) => {
      const res = await t.http.post('/api/v1/notifications/stream-tickets').set(bearer(d.tokens[who]));
      expect(res.status).toBe(201);
      return res.body.ticket as string;
    };

    it('the live stream: authenticated by a single-use ticket, its count changes when another instance commits', async () => {
      const before = (await t.http.get('/api/v1/notifications?limit=1').set(bearer(d.tokens.reviewerB))).body.unreadCount as number;
      const tk = await ticket('reviewerB');
      const s = await openSse(`${baseB}/api/v1/notifications/stream?ticket=${tk}`);
      try {
        expect(s.status).toBe(200);
        expect(s.headers['content-type']).toMatch(/^text\/event-stream/);
        expect(s.headers['cache-control']).toBe('no-store');
        expect(s.headers['content-encoding']).toBeUndefined();
        expect(unreadOf(await s.next((f) => f.event === 'notifications'))).toBe(before);
        // drafterB submits through instance A: instance B's stream hears it (LISTEN/NOTIFY at commit).
        const created = await fetch(`${baseA}/api/v1/documents`, {
          method: 'POST',
          headers: { ...bearer(d.tokens.drafterB), 'content-type': 'application/json' },
          body: JSON.stringify(form({ title: '关于开展安全生产检查的通知' })),
        }).then((r) => r.json() as Promise<{ id: string; version: number }>);
        const n = s.frames.length;
        await fetch(`${baseA}/api/v1/documents/${created.id}/transitions`, {
          method: 'POST',
          headers: { ...bearer(d.tokens.drafterB), 'content-type': 'application/json', 'if-match': `"${created.version}"` },
          body: JSON.stringify({ action: 'submit' }),
        });
        expect(unreadOf(await s.next((f) => f.event === 'notifications' && unreadOf(f) === before + 1, 10_000, n))).toBe(before + 1);
        // Reading it on instance A lowers the count on B's stream.
        const id = (await t.sql<{ id: string }>(`SELECT id FROM notifications WHERE subject_id = $1 AND user_id = $2`, [created.id, d.ids.reviewerB]))[0].id;
        await t.http.post(`/api/v1/notifications/${id}/read`).set(bearer(d.tokens.reviewerB));
        await s.next((f) => unreadOf(f) === before, 10_000, n + 1);
      } finally {
        s.close();
      }
      // The ticket was used: refused; so is an unknown one; a malformed one is a 400.
      const again = await openSse(`${baseA}/api/v1/notifications/stream?ticket=${tk}`);
      expect(again.status).toBe(401);
      again.close();
      expect((await fetch(`${baseA}/api/v1/notifications/stream?ticket=${'A'.repeat(43)}`)).status).toBe(401);
      expect((await fetch(`${baseA}/api/v1/notifications/stream?ticket=short`)).status).toBe(400);
      expect((await fetch(`${baseA}/api/v1/notifications/stream`)).status).toBe(400);
    });

    it('a deactivated user’s stream is refused: tickets die with the token version', async () => {
      const tk = await ticket('drafterA2');
      const admin = bearer(d.tokens.admin);
      expect((await t.http.patch(`/api/v1/users/${d.ids.drafterA2}`).set(admin).send({ active: false })).status).toBe(200);
      expect((await fetch(`${baseA}/api/v1/notifications/stream?ticket=${tk}`)).status).toBe(401);
    });

    it('deadline notifications: once per item and threshold, with both instances scanning at once and again later', async () => {
      // Items on a clock: a document step, a consultation, an application overdue; an application due soon.
      const late = await walk(t, d, 'drafterA', [['drafterA', { action: 'submit' }]]);
      await t.sql(`UPDATE documents SET step_due_at = now() - interval '1 day' WHERE id = $1`, [late.id]);
      const consulted = await walk(t, d, 'drafterA', FULL_CHAIN.slice(0, 2));
      const c = await t.http.post(`/api/v1/documents/${consulted.id}/consultations`).set(bearer(d.tokens.officer)).send({ unitIds: [d.unitB.id], question: '请提出意见' });
      await t.sql(`UPDATE consultations SET due_at = now() - interval '1 hour' WHERE id = $1`, [c.body.items[0].id]);
      const overdueApp = await t.http.post('/api/v1/applications').send(APPLICATION);
      const soonApp = await t.http.post('/api/v1/applications').send(APPLICATION);
      expect(overdueApp.status).toBe(201);
      const ids = async (code: string) => (await t.sql<{ id: string }>(`SELECT id FROM applications WHERE tracking_code = $1`, [code]))[0].id;
      const overdueId = await ids(overdueApp.body.trackingCode);
      const soonId = await ids(soonApp.body.trackingCode);
      await t.sql(`UPDATE applications SET due_at = now() - interval '2 days' WHERE id = $1`, [overdueId]);
      await t.sql(`UPDATE applications SET due_at = now() + interval '2 hours' WHERE id = $1`, [soonId]);
      // Other open items may exist from earlier tests: only these four are checked.
      await t.sql(`UPDATE documents SET step_due_at = now() + interval '30 days' WHERE step_due_at IS NOT NULL AND id <> $1`, [late.id]);

      const scanners = [t.app.get(DeadlineScan), b.get(DeadlineScan)];
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => scanners[i % 2].scan()));
      // And through the queue, as the schedule runs it: one job on each instance.
      await Promise.all([t.app.get(JobQueue).boss.send(DEADLINE_QUEUE, {}), b.get(JobQueue).boss.send(DEADLINE_QUEUE, {})]);
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && (await t.sql(`SELECT 1 FROM pgboss.job WHERE name = $1 AND state IN ('created','retry','active')`, [DEADLINE_QUEUE])).length > 0) {
        await new Promise((r) => setTimeout(r, 200));
      }
      results.push(await scanners[1].scan());

      expect(await recipients(late.id, 'overdue')).toEqual(['allRoundA', 'liaisonB', 'reviewerA']);
      expect(await recipients(consulted.id, 'overdue')).toEqual(['liaisonB']);
      expect(await recipients(overdueId, 'overdue')).toEqual(['allRoundA', 'officer', 'officer2']);
      expect(await recipients(overdueId, 'application_due_soon')).toEqual([]);
      expect(await recipients(soonId, 'application_due_soon')).toEqual(['allRoundA', 'officer', 'officer2']);
      expect(await recipients(soonId, 'overdue')).toEqual([]);
      // 3 + 1 + 3 + 3 notifications in all, whichever scan wrote them (the minute's scheduled job may
      // have run too); the notices once each.
      const written = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE kind IN ('overdue','application_due_soon')`);
      expect(written[0].n).toBe(10);
      expect(results.reduce((s, n) => s + n, 0)).toBeLessThanOrEqual(10);
      const notices = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM deadline_notices`);
      expect(notices[0].n).toBe(4);
      // No title names the applicant.
      const titles = (await t.sql<{ title: string }>(`SELECT title FROM notifications WHERE subject_id = ANY ($1::uuid[])`, [[overdueId, soonId]])).map((r) => r.title).join('\n');
      for (const personal of ['张三丰', '110101199003071234', '13800138000', 'zhang.sanfeng']) expect(titles).not.toContain(personal);
      // A step entered again is a new item: overdue once more.
      await t.sql(`UPDATE documents SET step_entered_at = now() WHERE id = $1`, [late.id]);
      await Promise.all([scanners[0].scan(), scanners[1].scan()]);
      expect(await recipients(late.id, 'overdue')).toEqual(['allRoundA', 'allRoundA', 'liaisonB', 'liaisonB', 'reviewerA', 'reviewerA']);
    }, 60_000);
  });
});
