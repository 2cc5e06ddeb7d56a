/**
 * Complaints and reports (投诉举报, Art. 51) through the HTTP API: the public form and tracking,
 * the office's assignment, reply, rectification and accountability, the liaison's share without
 * the complainant's personal data, the deadlines in supervision and in notifications, the annual
 * report's figures, the rate limit — and bad input refused with nothing changed.
 */
import { isWorkday } from 'chinese-days';
import { DeadlineScan } from '../src/modules/notifications/deadline-scan.js';
import { bearer, seedDistrict, startTestApp, type District, type TestApp } from './support/app.js';

const CHINA = 8 * 3600_000;
const chinaDay = (iso: string) => new Date(Date.parse(iso) + CHINA).toISOString().slice(0, 10);

/** Working days after `from` up to and including `to` (YYYY-MM-DD), counted with the chinese-days package itself. */
function workingDaysBetween(from: string, to: string): number {
  let n = 0;
  for (let d = new Date(`${from}T00:00:00Z`); ; ) {
    d = new Date(d.getTime() + 86_400_000);
    const day = d.toISOString().slice(0, 10);
    if (day > to) return n;
    if (isWorkday(day)) n++;
  }
}

describe('complaints and reports', () => {
  let t: TestApp;
  let d: District;
  beforeAll(async () => {
    t = await startTestApp();
    d = await seedDistrict(t);
  }, 120_000);
  afterAll(() => t.close());

  const file = (body: Record<string, unknown>) => t.http.post('/api/v1/complaints').send(body);
  const valid = (over: Record<string, unknown> = {}) => ({
    kind: 'complaint',
    description: '申请答复超过法定期限，至今未收到答复。',
    name: '李四',
    contact: { phone: '13912345678', email: 'li.si@example.com' },
    ...over,
  });
  const idOf = async (trackingCode: string) => (await t.sql<{ id: string }>(`SELECT id FROM complaints WHERE tracking_code = $1`, [trackingCode]))[0].id;
  const get = (who: string, id: string) => t.http.get(`/api/v1/complaints/${id}`).set(bearer(d.tokens[who]));
  const act = async (who: string, id: string, body: Record<string, unknown>, version?: number) => {
    const v = version ?? (await get('officer', id)).body.version;
    return t.http.post(`/api/v1/complaints/${id}/actions`).set(bearer(d.tokens[who])).set('If-Match', `"${v}"`).send(body);
  };
  const counts = async () =>
    (await t.sql<{ n: string }>(`SELECT (SELECT count(*) FROM complaints)::int + (SELECT count(*) FROM complaint_events)::int + (SELECT count(*) FROM notifications)::int AS n`))[0].n;
  const inbox = async (who: string, complaintId: string) =>
    (await t.sql<{ title: string }>(`SELECT title FROM notifications WHERE user_id = $1 AND subject_id = $2 ORDER BY created_at`, [d.ids[who], complaintId])).map((r) => r.title);

  it('the public files a complaint: a tracking code and the reply due 15 working days after the day of receipt', async () => {
    const res = await file(valid({ unitCode: d.unitA.code }));
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(['dueAt', 'trackingCode']);
    expect(res.body.trackingCode).toMatch(/^[A-Z2-7]{20}$/);
    expect(res.body.dueAt).toMatch(/T23:59:59\.999\+08:00$/);
    const today = chinaDay(new Date().toISOString());
    const due = chinaDay(res.body.dueAt);
    expect(isWorkday(due)).toBe(true);
    expect(workingDaysBetween(today, due)).toBe(15);

    const track = await t.http.get(`/api/v1/complaints/track/${res.body.trackingCode}`);
    expect(track.status).toBe(200);
    expect(track.body).toEqual({ state: 'received', receivedAt: expect.any(String), dueAt: res.body.dueAt, repliedAt: null, reply: null, finding: null });
    expect(JSON.stringify(track.body)).not.toMatch(/李四|13912345678|li\.si/);

    // The office is told; the audit names nobody.
    const id = await idOf(res.body.trackingCode);
    expect(await inbox('officer', id)).toEqual(['收到一件投诉举报，请受理']);
    const audit = await t.sql<{ data: unknown }>(`SELECT data FROM audit_log WHERE subject_id = $1`, [id]);
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toMatch(/李四|13912345678|li\.si/);
  });

  it('refuses bad input with a 400 and changes nothing; an unknown tracking code is a 404', async () => {
    const before = await counts();
    const bad: Record<string, unknown>[] = [
      valid({ kind: 'petition' }),
      valid({ description: '' }),
      valid({ description: '   ' }),
      valid({ unitCode: 'NOSUCHUNIT' }),
      valid({ unitCode: 'bad code' }),
      valid({ applicationTrackingCode: 'AAAAAAAAAAAAAAAAAAAA' }),
      valid({ applicationTrackingCode: 'short' }),
      valid({ contact: { phone: 'call me' } }),
      valid({ contact: { email: 'not-an-email' } }),
      valid({ contact: undefined }),
      valid({ name: '' }),
      valid({ secret: 'unknown property' }),
      valid({ description: 'x'.repeat(5001) }),
    ];
    for (const body of bad) {
      const res = await file(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(res.body.message).toBeTruthy();
    }
    expect(await counts()).toBe(before);
    expect((await t.http.get('/api/v1/complaints/track/ABCDEFGHIJKLMNOPQRST')).status).toBe(404);
    expect((await t.http.get('/api/v1/complaints/track/not-a-code')).status).toBe(404); // the same answer as for any code that names nothing
  });

  it('an anonymous report about an application is accepted and linked to it', async () => {
    const app = await t.http
      .post('/api/v1/applications')
      .send({ applicantType: 'natural_person', applicantName: '王五', contact: { phone: '13700000000' }, description: '某项目资金安排', format: 'electronic', delivery: 'email' });
    expect(app.status).toBe(201);
    const res = await file({ kind: 'report', description: '该申请长期未予答复。', contact: {}, applicationTrackingCode: app.body.trackingCode.toLowerCase() });
    expect(res.status).toBe(201);
    const c = await get('officer', await idOf(res.body.trackingCode));
    expect(c.body).toMatchObject({ kind: 'report', applicationId: app.body.id, name: null, contact: {}, unitId: null, state: 'received' });
  });

  describe('the life of a complaint', () => {
    let id: string;
    let code: string;
    beforeAll(async () => {
      const res = await file(valid());
      code = res.body.trackingCode;
      id = await idOf(code);
    });

    it('the office sees it with the complainant’s data; others do not see it at all', async () => {
      const c = await get('officer', id);
      expect(c.status).toBe(200);
      expect(c.headers.etag).toBe(`"${c.body.version}"`);
      expect(c.body).toMatchObject({ state: 'received', name: '李四', contact: { phone: '13912345678', email: 'li.si@example.com' }, history: [{ action: 'receive', actorId: null }] });
      expect((await get('liaisonA', id)).status).toBe(404);
      expect((await get('drafterA', id)).status).toBe(404);
      expect((await t.http.get('/api/v1/complaints').set(bearer(d.tokens.drafterA))).status).toBe(403);
      expect((await t.http.get(`/api/v1/complaints/${id}`)).status).toBe(401);
      const listed = await t.http.get('/api/v1/complaints?state=received').set(bearer(d.tokens.officer));
      expect(listed.body.items.map((x: { id: string }) => x.id)).toContain(id);
      expect((await t.http.get('/api/v1/complaints').set(bearer(d.tokens.liaisonA))).body.items).toEqual([]);
    });

    it('assign: needs If-Match and a known unit; the unit’s liaisons are told and see it without name and contact', async () => {
      const before = await counts();
      expect((await t.http.post(`/api/v1/complaints/${id}/actions`).set(bearer(d.tokens.officer)).send({ action: 'assign', unitId: d.unitA.id })).status).toBe(428);
      expect((await act('officer', id, { action: 'assign', unitId: d.unitA.id }, 99)).status).toBe(412);
      expect((await act('officer', id, { action: 'assign' })).status).toBe(400);
      expect((await act('officer', id, { action: 'assign', unitId: '00000000-0000-4000-8000-000000000000' })).status).toBe(400);
      expect((await act('officer', id, { action: 'assign', unitId: d.unitA.id, finding: 'substantiated' })).status).toBe(400);
      expect((await act('officer', id, { action: 'escalate' })).status).toBe(400);
      expect((await act('officer', id, { action: 'close' })).status).toBe(409);
      expect(await counts()).toBe(before);

      const res = await act('officer', id, { action: 'assign', unitId: d.unitA.id });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ state: 'assigned', unitId: d.unitA.id });
      expect(await inbox('liaisonA', id)).toEqual(['投诉举报已交贵单位办理']);
      expect(await inbox('liaisonB', id)).toEqual([]);

      const seen = await get('liaisonA', id);
      expect(seen.status).toBe(200);
      expect(seen.body).not.toHaveProperty('name');
      expect(seen.body).not.toHaveProperty('contact');
      expect(JSON.stringify(seen.body)).not.toMatch(/李四|13912345678|li\.si/);
      const mine = await t.http.get('/api/v1/complaints').set(bearer(d.tokens.liaisonA));
      expect(mine.body.items.map((x: { id: string }) => x.id)).toEqual([id]);
      expect((await get('liaisonB', id)).status).toBe(404);
      expect((await t.http.get('/api/v1/complaints').set(bearer(d.tokens.liaisonB))).body.items).toEqual([]);
      // A liaison does not take the office's steps.
      expect((await act('liaisonA', id, { action: 'reply', finding: 'unsubstantiated', reply: '不属实' })).status).toBe(403);
      expect((await act('liaisonB', id, { action: 'reply', finding: 'unsubstantiated', reply: '不属实' })).status).toBe(404);
    });

    it('shows on the supervision board while open, and an overdue one is notified to the office once', async () => {
      await t.sql(`UPDATE complaints SET received_at = now() - interval '30 days', due_at = now() - interval '1 hour' WHERE id = $1`, [id]);
      const board = await t.http.get('/api/v1/supervision').set(bearer(d.tokens.officer));
      expect(board.status).toBe(200);
      expect(board.body.overdue).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'complaint', id, unitId: d.unitA.id, state: 'assigned' })]));
      const listed = await t.http.get('/api/v1/complaints?overdue=true').set(bearer(d.tokens.officer));
      expect(listed.body.items).toEqual([expect.objectContaining({ id, overdue: true })]);
      await t.app.get(DeadlineScan).scan();
      await t.app.get(DeadlineScan).scan();
      expect((await inbox('officer', id)).filter((x) => x.startsWith('一件投诉举报已超过答复期限'))).toHaveLength(1);
    });

    it('reply: a finding and a text; a rectification only when substantiated; accountability recorded', async () => {
      const before = await counts();
      const rectification = { unitId: d.unitA.id, dueAt: new Date(Date.now() + 10 * 86_400_000).toISOString(), measures: '建立申请登记台账，逐件核对答复期限。' };
      expect((await act('officer', id, { action: 'reply', finding: 'unsubstantiated', reply: '经查不属实。', rectification })).status).toBe(400);
      expect((await act('officer', id, { action: 'reply', finding: 'substantiated' })).status).toBe(400);
      expect((await act('officer', id, { action: 'reply', finding: 'maybe', reply: '经查属实。' })).status).toBe(400);
      expect((await act('officer', id, { action: 'reply', finding: 'substantiated', reply: '经查属实。', rectification: { ...rectification, dueAt: '2020-01-01T00:00:00Z' } })).status).toBe(400);
      expect((await act('officer', id, { action: 'reply', finding: 'substantiated', reply: '经查属实。', accountability: { kind: 'fine', note: 'x' } })).status).toBe(400);
      expect(await counts()).toBe(before);

      const res = await act('officer', id, {
        action: 'reply',
        finding: 'substantiated',
        reply: '经查属实，已责成相关单位整改，并对经办人员进行约谈。',
        rectification,
        accountability: { kind: 'talk', note: '对经办人员进行约谈。' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        state: 'replied',
        finding: 'substantiated',
        rectification: { unitId: d.unitA.id, measures: rectification.measures, doneAt: null },
        accountability: { kind: 'talk', note: '对经办人员进行约谈。' },
      });
      expect(await inbox('liaisonA', id)).toContain('投诉举报经查属实，请贵单位按要求整改');
      const track = await t.http.get(`/api/v1/complaints/track/${code}`);
      expect(track.body).toMatchObject({ state: 'replied', finding: 'substantiated', reply: '经查属实，已责成相关单位整改，并对经办人员进行约谈。' });
      expect(track.body.repliedAt).toEqual(expect.any(String));
      expect((await act('officer', id, { action: 'reply', finding: 'substantiated', reply: '再次答复' })).status).toBe(409);
      expect((await act('officer', id, { action: 'assign', unitId: d.unitB.id })).status).toBe(409);
    });

    it('the rectification is followed in supervision until the unit reports it done; only then can the office close', async () => {
      await t.sql(`UPDATE complaints SET rectification_due_at = now() - interval '1 hour' WHERE id = $1`, [id]);
      const board = await t.http.get('/api/v1/supervision').set(bearer(d.tokens.officer));
      expect(board.body.overdue).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'rectification', id, unitId: d.unitA.id })]));
      expect(board.body.overdue.some((i: { kind: string; id: string }) => i.kind === 'complaint' && i.id === id)).toBe(false);
      await t.app.get(DeadlineScan).scan();
      expect(await inbox('liaisonA', id)).toEqual(expect.arrayContaining([expect.stringMatching(/^投诉举报的整改已超期/)]));

      expect((await act('officer', id, { action: 'close' })).status).toBe(409);
      expect((await act('liaisonB', id, { action: 'rectified', note: '已整改' })).status).toBe(404);
      expect((await act('liaisonA', id, { action: 'rectified' })).status).toBe(400);
      const done = await act('liaisonA', id, { action: 'rectified', note: '已建立台账并完成核对。' });
      expect(done.status).toBe(200);
      expect(done.body.rectification).toMatchObject({ note: '已建立台账并完成核对。', doneAt: expect.any(String) });
      expect(done.body).not.toHaveProperty('contact');
      expect(await inbox('officer', id)).toContain('投诉举报的整改已完成，请核查后办结');
      expect((await act('liaisonA', id, { action: 'rectified', note: '再次' })).status).toBe(409);
      expect((await act('liaisonA', id, { action: 'close' })).status).toBe(403);
      const after = await t.http.get('/api/v1/supervision').set(bearer(d.tokens.officer));
      expect([...after.body.overdue, ...after.body.dueSoon].some((i: { id: string }) => i.id === id)).toBe(false);

      const closed = await act('officer', id, { action: 'close' });
      expect(closed.status).toBe(200);
      expect(closed.body.state).toBe('closed');
      expect(closed.body.history.map((h: { action: string }) => h.action)).toEqual(['receive', 'assign', 'reply', 'rectified', 'close']);
      for (const step of [{ action: 'close' }, { action: 'assign', unitId: d.unitA.id }, { action: 'rectified', note: 'x' }]) {
        expect((await act('officer', id, step)).status).toBe(409);
      }
      expect((await t.http.get(`/api/v1/complaints/track/${code}`)).body.state).toBe('closed');
    });

    it('the history cannot be rewritten in the database', async () => {
      await expect(t.sql(`UPDATE complaint_events SET action = 'close' WHERE complaint_id = $1`, [id])).rejects.toThrow(/append-only/);
      await expect(t.sql(`DELETE FROM complaint_events WHERE complaint_id = $1`, [id])).rejects.toThrow(/append-only/);
    });
  });

  it('the annual report counts the year’s complaints (一（六）), for the government and per unit', async () => {
    const year = Number(chinaDay(new Date().toISOString()).slice(0, 4));
    const figures = await t.sql<{ received: number; substantiated: number; rectified: number; accountability: number }>(
      `SELECT count(*)::int AS received,
              count(*) FILTER (WHERE finding IN ('substantiated','partly_substantiated'))::int AS substantiated,
              count(*) FILTER (WHERE rectified_at IS NOT NULL)::int AS rectified,
              count(*) FILTER (WHERE accountability_kind IN ('talk','criticism','sanction'))::int AS accountability FROM complaints`,
    );
    expect(figures[0]).toMatchObject({ substantiated: 1, rectified: 1, accountability: 1 });
    const res = await t.http.get(`/api/v1/reports/annual/${year}`).set(bearer(d.tokens.officer));
    expect(res.status).toBe(200);
    expect(res.body.complaints).toEqual(figures[0]);
    // A unit's report counts that unit's only.
    const unitB = await t.http.get(`/api/v1/reports/annual/${year}?unit=${d.unitB.code}`).set(bearer(d.tokens.officer));
    expect(unitB.body.complaints).toEqual({ received: 0, substantiated: 0, rectified: 0, accountability: 0 });
  });

  it('who sees what: every role × list, read and each step, written out; denials change nothing', async () => {
    const res = await file(valid({ description: '权限矩阵' }));
    const id = await idOf(res.body.trackingCode);
    expect((await act('officer', id, { action: 'assign', unitId: d.unitA.id })).status).toBe(200);
    //            list  read  assign reply
    const MATRIX: Record<string, [number, number, number, number]> = {
      drafterA: [403, 404, 404, 404],
      reviewerA: [403, 404, 404, 404],
      leaderA: [403, 404, 404, 404],
      admin: [403, 404, 404, 404],
      liaisonB: [200, 404, 404, 404],
      liaisonA: [200, 200, 403, 403],
      officer: [200, 200, 200, 200],
    };
    for (const [who, [list, read, assign, reply]] of Object.entries(MATRIX)) {
      const before = await counts();
      const version = (await get('officer', id)).body.version as number;
      const got = [
        (await t.http.get('/api/v1/complaints').set(bearer(d.tokens[who]))).status,
        (await get(who, id)).status,
        (await act(who, id, { action: 'assign', unitId: d.unitB.id }, version)).status,
        who === 'officer' ? 200 : (await act(who, id, { action: 'reply', finding: 'unsubstantiated', reply: '经查不属实。' }, version)).status,
      ];
      expect({ who, got }).toEqual({ who, got: [list, read, assign, reply] });
      if (who !== 'officer') expect(await counts()).toBe(before);
    }
  });

  it('a calendar change moves the due dates of open complaints', async () => {
    const res = await file(valid({ description: '节假日调整后的期限' }));
    const id = await idOf(res.body.trackingCode);
    const due = chinaDay(res.body.dueAt);
    // Declare the due day a holiday: the reply is now due one working day later.
    const change = await t.http.post('/api/v1/calendar/overrides').set(bearer(t.adminToken)).send({ overrides: [{ date: due, kind: 'holiday', name: '临时调休' }] });
    expect(change.status).toBeLessThan(300);
    const now = (await get('officer', id)).body.dueAt as string;
    expect(chinaDay(now) > due).toBe(true);
    expect(workingDaysBetween(due, chinaDay(now))).toBe(isWorkday(chinaDay(now)) ? 1 : 0);
    await t.http.delete(`/api/v1/calendar/overrides/${due}`).set(bearer(t.adminToken));
    expect((await get('officer', id)).body.dueAt).toBe(res.body.dueAt);
  });
});

describe('complaints: the rate limit and the reply days are settings', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ APPLICATION_INTAKE_LIMIT: '3', COMPLAINT_REPLY_DAYS: '5' });
  }, 120_000);
  afterAll(() => t.close());

  it('the fourth complaint within the window is a 429 with Retry-After; applications keep their own budget; the due date follows COMPLAINT_REPLY_DAYS', async () => {
    const body = { kind: 'report', description: '公开目录信息更新不及时。', contact: {} };
    const first = await t.http.post('/api/v1/complaints').send(body);
    expect(first.status).toBe(201);
    expect(workingDaysBetween(chinaDay(new Date().toISOString()), chinaDay(first.body.dueAt))).toBe(5);
    for (let i = 0; i < 2; i++) expect((await t.http.post('/api/v1/complaints').send(body)).status).toBe(201);
    const refused = await t.http.post('/api/v1/complaints').send(body);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM complaints`))[0].n).toBe(3);
    const application = await t.http
      .post('/api/v1/applications')
      .send({ applicantType: 'natural_person', applicantName: '赵六', contact: { phone: '13600000000' }, description: '某项信息', format: 'electronic', delivery: 'email' });
    expect(application.status).toBe(201);
  });
});

