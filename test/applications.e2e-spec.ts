/**
 * Disclosure on application through the HTTP API: intake (public and staff entry), tracking,
 * the officers' worklist and record, every action with its status codes, the statutory clock,
 * fees, Art. 44 proposals, reply letters and permissions.
 */
import { chinaDate, formatChinaIso } from '../src/common/china-time.js';
import { WorkingDayCalendar, addCalendarDays } from '../src/modules/applications/domain/calendar.js';
import { computeClock, type ClockEvent } from '../src/modules/applications/domain/clock.js';
import { cn, endOf, bearer, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';

const API = '/api/v1/applications';
const FORM = {
  applicantType: 'natural_person',
  applicantName: '张三丰',
  idNumber: '110101199003071234',
  contact: { phone: '13800138000', email: 'zhang.sanfeng@example.com', address: '北京市朝阳区建国路1号' },
  description: '2026年本区老旧小区改造项目的资金安排',
  purpose: '了解本小区改造计划',
  format: 'electronic',
  delivery: 'email',
};
/** The applicant's personal data: none of it may appear in a public answer. */
const PERSONAL = ['张三丰', '110101199003071234', '13800138000', 'zhang.sanfeng@example.com', '建国路'];
const cal = new WorkingDayCalendar();
/** The due date the domain's clock gives (the oracle), written as the API writes it. */
const expectedDue = (receivedAt: string, events: ClockEvent[] = []) => {
  const c = computeClock({ receivedAt: new Date(receivedAt), events, calendar: cal, now: new Date() });
  return c.dueAt ? formatChinaIso(c.dueAt) : null;
};

describe('applications: disclosure on application', () => {
  let t: TestApp;
  let d: District;
  let officer: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp({ APPLICATION_INTAKE_LIMIT: '100000' });
    d = await seedDistrict(t);
    officer = bearer(d.tokens.officer);
  });
  afterAll(() => t.close());

  const count = async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM applications`))[0].n;
  const staffEntry = async (receivedAt: string, over: Record<string, unknown> = {}) => {
    const res = await t.http.post(API).set(officer).send({ ...FORM, channel: 'in_person', receivedAt, ...over });
    if (res.status !== 201) throw new Error(`staff entry: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; trackingCode: string; receivedAt: string; dueAt: string | null };
  };
  const get = async (id: string) => (await t.http.get(`${API}/${id}`).set(officer)).body;
  const act = async (id: string, body: Record<string, unknown>, who = officer) => {
    const current = await t.http.get(`${API}/${id}`).set(officer);
    return t.http.post(`${API}/${id}/actions`).set(who).set('If-Match', current.headers.etag ?? '"0"').send(body);
  };
  const steps = async (id: string, list: Record<string, unknown>[]) => {
    for (const body of list) {
      const res = await act(id, body);
      if (res.status !== 200) throw new Error(`${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    return get(id);
  };

  describe('intake', () => {
    it('public form: 201 with exactly id, trackingCode, state, receivedAt, dueAt — 20 working days after the day of receipt', async () => {
      const before = Date.now();
      const res = await t.http.post(API).send(FORM);
      expect(res.status).toBe(201);
      expect(Object.keys(res.body).sort()).toEqual(['dueAt', 'id', 'receivedAt', 'state', 'trackingCode']);
      expect(res.body.state).toBe('received');
      expect(res.body.trackingCode).toMatch(/^[A-Z2-7]{20}$/);
      const received = new Date(res.body.receivedAt).getTime();
      expect(received).toBeGreaterThanOrEqual(before - 1000);
      expect(res.body.receivedAt).toMatch(/\+08:00$/);
      expect(res.body.dueAt).toBe(endOf(cal.addWorkingDays(chinaDate(new Date(received)), 20)));
      for (const p of PERSONAL) expect(JSON.stringify(res.body)).not.toContain(p);
      const row = (await t.sql<{ channel: string; created_by: string | null }>(`SELECT channel, created_by FROM applications WHERE id = $1`, [res.body.id]))[0];
      expect(row).toEqual({ channel: 'online', created_by: null });
    });

    it('tracking codes are random: 50 applications, 50 different codes', async () => {
      const codes = new Set<string>();
      for (let i = 0; i < 50; i++) codes.add((await t.http.post(API).send({ ...FORM, description: `批量${i}` })).body.trackingCode);
      expect(codes.size).toBe(50);
    });

    it.each([
      ['missing applicantType', { applicantType: undefined }],
      ['unknown applicantType', { applicantType: 'alien' }],
      ['missing applicantName', { applicantName: undefined }],
      ['blank applicantName', { applicantName: '   ' }],
      ['no contact field at all', { contact: {} }],
      ['contact missing', { contact: undefined }],
      ['contact not an object', { contact: '13800138000' }],
      ['bad e-mail', { contact: { email: 'not-an-email' } }],
      ['bad phone', { contact: { phone: 'call me' } }],
      ['unknown contact field', { contact: { phone: '13800138000', fax: '123' } }],
      ['missing description', { description: undefined }],
      ['description over 5000', { description: '长'.repeat(5001) }],
      ['unknown format', { format: 'carrier pigeon' }],
      ['unknown delivery', { delivery: 'telepathy' }],
      ['unknown property', { colour: 'red' }],
      ['wrong type', { applicantName: 42 }],
    ])('400 on %s, and nothing is written', async (_name, over) => {
      const before = await count();
      const res = await t.http.post(API).send({ ...FORM, ...over });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(await count()).toBe(before);
    });

    it('413 for a body over the size limit, 400 for broken JSON; nothing is written', async () => {
      const before = await count();
      expect((await t.http.post(API).send({ ...FORM, description: '长'.repeat(2_000_000) })).status).toBe(413);
      expect((await t.http.post(API).set('Content-Type', 'application/json').send('{"applicantType": "natural_person",')).status).toBe(400);
      expect(await count()).toBe(before);
    });

    it('only a disclosure officer sets channel, receivedAt or unitId: 403 for anonymous callers and other roles', async () => {
      const before = await count();
      for (const extra of [{ channel: 'fax' }, { channel: 'fax', receivedAt: cn('2026-11-20') }, { unitId: d.unitA.id }]) {
        expect((await t.http.post(API).send({ ...FORM, ...extra })).status).toBe(403);
        expect((await t.http.post(API).set(bearer(d.tokens.drafterA)).send({ ...FORM, ...extra })).status).toBe(403);
        expect((await t.http.post(API).set(bearer(d.tokens.admin)).send({ ...FORM, ...extra })).status).toBe(403);
      }
      // An expired or forged token on the public route is just an anonymous caller.
      expect((await t.http.post(API).set(bearer('forged')).send({ ...FORM, channel: 'fax' })).status).toBe(403);
      expect(await count()).toBe(before);
    });

    it.each([
      ['registered_post', '2026-11-20', '2026-12-18'],
      ['ordinary_letter', '2026-11-13', '2026-12-11'],
      ['fax', '2026-09-18', '2026-10-22'],
      ['in_person', '2026-10-01', '2026-11-03'],
    ])('staff entry by %s received %s: the due date counts from that receipt date (due %s)', async (channel, date, due) => {
      // Hand-checked: 2026-09-18 crosses Mid-autumn and National Day (9/20 Sun worked, 9/25 and 10/1–7 off, 10/10 Sat worked);
      // received on 10/1 (a holiday) counts from the next working day, 10/8.
      const res = await t.http.post(API).set(officer).send({ ...FORM, channel, receivedAt: cn(date, '16:30') });
      expect(res.status).toBe(201);
      expect(res.body.receivedAt).toBe(`${date}T16:30:00.000+08:00`);
      expect(res.body.dueAt).toBe(endOf(due));
      expect(res.body.dueAt).toBe(expectedDue(cn(date, '16:30')));
      const row = (await t.sql<{ channel: string; created_by: string }>(`SELECT channel, created_by FROM applications WHERE id = $1`, [res.body.id]))[0];
      expect(row).toEqual({ channel, created_by: d.ids.officer });
    });

    it('staff entry: 400 for a receipt in the future, without channel, before 2008-05-01, or with an unknown unit', async () => {
      const before = await count();
      expect((await t.http.post(API).set(officer).send({ ...FORM, channel: 'fax', receivedAt: cn('2027-01-05') })).status).toBe(400);
      expect((await t.http.post(API).set(officer).send({ ...FORM, receivedAt: cn('2026-11-20') })).status).toBe(400);
      expect((await t.http.post(API).set(officer).send({ ...FORM, channel: 'fax', receivedAt: cn('2001-01-05') })).status).toBe(400);
      expect((await t.http.post(API).set(officer).send({ ...FORM, channel: 'fax', receivedAt: '2026-11-20' })).status).toBe(400);
      expect((await t.http.post(API).set(officer).send({ ...FORM, channel: 'pigeon', receivedAt: cn('2026-11-20') })).status).toBe(400);
      expect((await t.http.post(API).set(officer).send({ ...FORM, channel: 'fax', unitId: '00000000-0000-4000-8000-000000000000' })).status).toBe(400);
      expect(await count()).toBe(before);
      const withUnit = await t.http.post(API).set(officer).send({ ...FORM, channel: 'fax', receivedAt: cn('2026-11-20'), unitId: d.unitA.id });
      expect(withUnit.status).toBe(201);
      expect((await get(withUnit.body.id)).unitId).toBe(d.unitA.id);
    });

    it('Idempotency-Key: anonymous retries from one address return the first answer once; another body is 422; another address is another key space', async () => {
      const h = { 'Idempotency-Key': 'intake-1', 'X-Forwarded-For': '203.0.113.7' };
      const body = { ...FORM, description: '幂等申请' };
      const first = await t.http.post(API).set(h).send(body);
      const again = await t.http.post(API).set(h).send(body);
      expect([first.status, again.status]).toEqual([201, 201]);
      expect(again.body).toEqual(first.body);
      expect(await t.sql(`SELECT 1 FROM applications WHERE description = '幂等申请'`)).toHaveLength(1);
      expect((await t.http.post(API).set(h).send({ ...body, purpose: '另一个' })).status).toBe(422);
      const elsewhere = await t.http.post(API).set({ ...h, 'X-Forwarded-For': '203.0.113.8' }).send(body);
      expect(elsewhere.status).toBe(201);
      expect(elsewhere.body.id).not.toBe(first.body.id);
      // The stored answer holds no personal data.
      const stored = await t.sql<{ body: unknown }>(`SELECT body FROM idempotency_keys WHERE key = 'intake-1'`);
      for (const p of PERSONAL) expect(JSON.stringify(stored)).not.toContain(p);
    });
  });

  describe('tracking (public)', () => {
    it('answers exactly state, receivedAt, dueAt, repliedAt, the explanation, the letters and documents — no personal data; 404 for unknown or malformed codes', async () => {
      const created = (await t.http.post(API).send(FORM)).body;
      const res = await t.http.get(`${API}/track/${created.trackingCode}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ state: 'received', receivedAt: created.receivedAt, dueAt: created.dueAt, repliedAt: null, explanation: expect.any(Array), notices: [], documents: [] });
      expect(res.body.explanation[0].kind).toBe('receipt');
      for (const p of PERSONAL) expect(JSON.stringify(res.body)).not.toContain(p);
      expect((await t.http.get(`${API}/track/${created.trackingCode.toLowerCase()}`)).status).toBe(200);
      expect((await t.http.get(`${API}/track/AAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
      expect((await t.http.get(`${API}/track/nope`)).status).toBe(404);
      expect((await t.http.get(`${API}/track/${encodeURIComponent("' OR 1=1 --")}`)).status).toBe(404);
    });
  });

  describe('actions', () => {
    it('the full life cycle: intake → accept → consult → reply → deliver → file; nothing changes after filing', async () => {
      const a = await staffEntry(cn('2026-09-07'));
      const doc = await walk(t, d, 'drafterA', []);
      let res = await act(a.id, { action: 'accept', at: cn('2026-09-08') });
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body).toMatchObject({ state: 'handling', version: 2 });
      res = await act(a.id, { action: 'consult_third_party', comment: '涉及第三方商业秘密，书面征求意见。', at: cn('2026-09-15') });
      expect(res.body).toMatchObject({ state: 'third_party_consultation', version: 3 });
      expect(res.body.clock.state).toBe('paused');
      res = await act(a.id, { action: 'third_party_replied', comment: '第三方同意公开。', at: cn('2026-09-25', '17:00') });
      expect(res.body.state).toBe('handling');
      const pause: ClockEvent[] = [
        { type: 'pause', at: new Date(cn('2026-09-15')), reason: 'third_party' },
        { type: 'resume', at: new Date(cn('2026-09-25', '17:00')) },
      ];
      expect(res.body.dueAt).toBe(expectedDue(a.receivedAt, pause));
      // The consultation days are not counted: the due date moved by exactly the working days in (9/15, 9/25].
      const without = chinaDate(new Date(a.dueAt!));
      expect(res.body.clock.dueDate).toBe(cal.addWorkingDays(without, cal.workingDaysBetween('2026-09-15', '2026-09-25')));
      res = await act(a.id, { action: 'reply', outcome: 'disclosed', comment: '该信息已主动公开，获取方式见附件。', documentIds: [doc.id], at: cn('2026-10-10') });
      expect(res.body).toMatchObject({ state: 'replied', outcome: 'disclosed', reason: null, documentIds: [doc.id], repliedAt: '2026-10-10T10:00:00.000+08:00' });
      expect(res.body.clock.state).toBe('done');
      const tracked = (await t.http.get(`${API}/track/${a.trackingCode}`)).body;
      expect(tracked).toMatchObject({
        state: 'replied',
        receivedAt: a.receivedAt,
        dueAt: res.body.dueAt,
        repliedAt: '2026-10-10T10:00:00.000+08:00',
      });
      expect(tracked.notices.map((n: { kind: string }) => n.kind)).toEqual(['receipt', 'third_party', 'reply']);
      expect(tracked.documents).toEqual([{ id: doc.id, title: doc.title, redacted: false, url: `${API}/track/${a.trackingCode}/documents/${doc.id}` }]);
      res = await act(a.id, { action: 'deliver', method: 'email', deliveredAt: cn('2026-10-12') });
      expect(res.body).toMatchObject({ state: 'delivered', deliveryMethod: 'email', deliveredAt: '2026-10-12T10:00:00.000+08:00' });
      res = await act(a.id, { action: 'file', at: cn('2026-10-15') });
      expect(res.body).toMatchObject({ state: 'filed', filedAt: '2026-10-15T10:00:00.000+08:00', version: 7, availableActions: [] });

      const snapshot = await t.sql(`SELECT * FROM applications WHERE id = $1`, [a.id]);
      for (const body of [
        { action: 'file' },
        { action: 'deliver', method: 'post' },
        { action: 'reply', outcome: 'disclosed', comment: 'x' },
        { action: 'extend', comment: 'x' },
        { action: 'accept' },
        { action: 'charge_fee', method: 'per_volume', pages: 50 },
      ]) {
        const r = await act(a.id, body);
        expect([JSON.stringify(body), r.status]).toEqual([JSON.stringify(body), 409]);
      }
      expect(await t.sql(`SELECT * FROM applications WHERE id = $1`, [a.id])).toEqual(snapshot);
      // The database refuses it too.
      await expect(t.sql(`UPDATE applications SET reply_comment = 'changed' WHERE id = $1`, [a.id])).rejects.toThrow(/filed/);

      const history = await t.http.get(`${API}/${a.id}/history`).set(officer);
      expect(history.status).toBe(200);
      expect(history.body.map((h: { action: string }) => h.action)).toEqual(['receive', 'accept', 'consult_third_party', 'third_party_replied', 'reply', 'deliver', 'file']);
      expect(history.body[1]).toMatchObject({ version: 2, fromState: 'received', toState: 'handling', actorId: d.ids.officer, at: '2026-09-08T10:00:00.000+08:00' });
      const audit = await t.sql<{ action: string }>(`SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY id`, [a.id]);
      expect(audit.map((x) => x.action)).toEqual([
        'application.receive',
        'application.accept',
        'application.consult_third_party',
        'application.third_party_replied',
        'application.reply',
        'application.deliver',
        'application.file',
      ]);
    });

    it('an on-the-spot reply from received (Art. 33)', async () => {
      const a = await staffEntry(cn('2026-11-23'));
      const res = await act(a.id, { action: 'reply', outcome: 'not_handled', reason: 'publication_request', comment: '请查阅《区政府公报》2026年第5期。' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ state: 'replied', outcome: 'not_handled', reason: 'publication_request' });
    });

    it('correction stops the clock; the corrected application restarts the 20 working days; once, and within 7 working days', async () => {
      const a = await staffEntry(cn('2026-11-16'));
      let res = await act(a.id, { action: 'request_correction', comment: '请明确所需信息的名称或文号。', at: cn('2026-11-18') });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ state: 'awaiting_correction', correctionRequested: true, dueAt: null, workingDaysLeft: null });
      expect(res.body.clock.state).toBe('stopped');
      expect(res.body.clock.steps.map((s: { kind: string }) => s.kind)).toEqual(['receipt', 'correction_requested']);
      expect((await t.http.get(`${API}/track/${a.trackingCode}`)).body.dueAt).toBeNull();
      // While awaiting correction, only the corrected application or other/correction_overdue.
      expect((await act(a.id, { action: 'accept' })).status).toBe(409);
      expect((await act(a.id, { action: 'reply', outcome: 'disclosed', comment: 'x' })).status).toBe(409);
      res = await act(a.id, { action: 'corrected', receivedAt: cn('2026-11-24', '09:00') });
      expect(res.status).toBe(200);
      expect(res.body.state).toBe('handling');
      expect(res.body.dueAt).toBe(endOf(cal.addWorkingDays('2026-11-24', 20)));
      expect(res.body.clock.steps.map((s: { kind: string }) => s.kind)).toEqual(['receipt', 'correction_requested', 'restart', 'due']);
      expect((await act(a.id, { action: 'request_correction', comment: '再次补正' })).status).toBe(409);

      const late = await staffEntry(cn('2026-10-09'));
      const refused = await act(late.id, { action: 'request_correction', comment: '请补正。' });
      expect(refused.status).toBe(409);
      expect(refused.body.message).toMatch(/7 working days/);

      const abandoned = await staffEntry(cn('2026-11-02'));
      await steps(abandoned.id, [{ action: 'request_correction', comment: '请补正。', at: cn('2026-11-03') }]);
      res = await act(abandoned.id, { action: 'reply', outcome: 'other', reason: 'correction_overdue', comment: '申请人逾期未补正。' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ state: 'replied', outcome: 'other', reason: 'correction_overdue' });
    });

    it('consultation pauses and resumes the clock; the provisional due date while paused', async () => {
      const a = await staffEntry(cn('2026-11-02'));
      let res = await act(a.id, { action: 'consult_third_party', consultee: 'other_agency', comment: '征求区财政局意见。', at: cn('2026-11-05') });
      expect(res.body).toMatchObject({ state: 'third_party_consultation' });
      expect(res.body.clock).toMatchObject({ state: 'paused', provisional: true });
      expect(res.body.clock.steps.find((s: { kind: string }) => s.kind === 'pause').text).toMatch(/another agency/);
      // Paused: "as if it resumed today" — 20 minus the 3 working days used (11/3–11/5) from today.
      const today = chinaDate(new Date());
      expect(res.body.clock.dueDate).toBe(cal.addWorkingDays(today, 17));
      expect(res.body.workingDaysLeft).toBe(17);
      res = await act(a.id, { action: 'third_party_replied', at: cn('2026-11-20') });
      expect(res.body.state).toBe('handling');
      expect(res.body.clock.provisional).toBe(false);
      expect(res.body.clock.dueDate).toBe(cal.addWorkingDays('2026-11-20', 17));
      expect((await act(a.id, { action: 'third_party_replied' })).status).toBe(409);
    });

    it('one extension only: the due date moves 20 working days; crossing into 2027 it is flagged until the calendar is published', async () => {
      const a = await staffEntry(cn('2026-11-20'));
      const before = chinaDate(new Date(a.dueAt!));
      const res = await act(a.id, { action: 'extend', comment: '经政务公开办负责人同意延期。' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ state: 'received', extended: true });
      expect(res.body.clock.dueDate).toBe(cal.addWorkingDays(before, 20));
      expect(res.body.clock.dueDate.startsWith('2027-')).toBe(true);
      expect(res.body.clock).toMatchObject({ calendarIncomplete: true, missingYears: [2027] });
      expect(res.body.calendarIncomplete).toBe(true);
      const again = await act(a.id, { action: 'extend', comment: '再次延期' });
      expect(again.status).toBe(409);
      expect(again.body.message).toMatch(/only once/);
      expect((await act(a.id, { action: 'accept' })).body.extended).toBe(true);
      expect((await act(a.id, { action: 'extend', comment: '再次延期' })).status).toBe(409);
    });

    it('`at`: not in the future, not before the previous step, an ISO time with offset', async () => {
      const a = await staffEntry(cn('2026-11-10'));
      await steps(a.id, [{ action: 'accept', at: cn('2026-11-12') }]);
      const version = (await get(a.id)).version;
      for (const at of [new Date(Date.now() + 3600_000).toISOString(), cn('2026-11-11'), cn('2026-11-09'), 'yesterday', '2026-11-20', '2026-02-30T10:00:00+08:00']) {
        const res = await act(a.id, { action: 'extend', comment: '延期', at });
        expect([at, res.status]).toEqual([at, 400]);
      }
      expect((await get(a.id)).version).toBe(version);
      expect((await act(a.id, { action: 'extend', comment: '延期', at: cn('2026-11-12') })).status).toBe(200); // the same instant as the previous step is fine
      // A delivery's deliveredAt and a correction's receivedAt follow the same rules.
      const b = await staffEntry(cn('2026-11-10'));
      await steps(b.id, [{ action: 'reply', outcome: 'disclosed', comment: '已公开。', at: cn('2026-11-11') }]);
      expect((await act(b.id, { action: 'deliver', method: 'post', deliveredAt: cn('2026-11-10') })).status).toBe(400);
      expect((await act(b.id, { action: 'deliver', method: 'post', deliveredAt: cn('2026-11-12'), at: cn('2026-11-13') })).status).toBe(400);
    });

    it('reply: outcome and reason must be a valid pair; documentIds only when disclosing, and known', async () => {
      const a = await staffEntry(cn('2026-11-19'));
      const before = (await get(a.id)).version;
      for (const body of [
        { outcome: 'disclosed', reason: 'state_secret' },
        { outcome: 'not_disclosed' },
        { outcome: 'not_disclosed', reason: 'not_held' },
        { outcome: 'unable_to_provide', reason: 'duplicate' },
        { outcome: 'other' },
        { outcome: 'withheld', reason: 'state_secret' },
        { outcome: 'not_disclosed', reason: 'because' },
        { outcome: 'not_disclosed', reason: 'state_secret', documentIds: ['00000000-0000-4000-8000-000000000000'] },
        { outcome: 'disclosed', documentIds: ['00000000-0000-4000-8000-000000000000'] },
        { outcome: 'disclosed', documentIds: ['not-a-uuid'] },
      ]) {
        const res = await act(a.id, { action: 'reply', comment: '答复', ...body });
        expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
      }
      expect((await act(a.id, { action: 'reply', outcome: 'disclosed' })).status).toBe(400); // comment is required
      expect((await get(a.id)).version).toBe(before);
      const ok = await act(a.id, { action: 'reply', outcome: 'not_disclosed', reason: 'administrative_query', comment: '请向不动产登记机构查询。' });
      expect(ok.status).toBe(200);
    });

    it('400 for unknown actions and for fields the action does not take; 404, 400, 428, 412 like documents', async () => {
      const a = await staffEntry(cn('2026-11-24'));
      const url = `${API}/${a.id}/actions`;
      const ok = (b: Record<string, unknown>) => t.http.post(url).set(officer).set('If-Match', '"1"').send(b);
      expect((await ok({ action: 'approve' })).status).toBe(400);
      expect((await ok({})).status).toBe(400);
      expect((await ok({ action: 'accept', outcome: 'disclosed' })).status).toBe(400);
      expect((await ok({ action: 'request_correction' })).status).toBe(400); // comment required
      expect((await ok({ action: 'consult_third_party' })).status).toBe(400);
      expect((await ok({ action: 'deliver' })).status).toBe(400);
      expect((await ok({ action: 'accept', bogus: 1 })).status).toBe(400);
      expect((await t.http.post(url).set(officer).send({ action: 'accept' })).status).toBe(428);
      expect((await t.http.post(url).set(officer).set('If-Match', '"7"').send({ action: 'accept' })).status).toBe(412);
      expect((await t.http.post(url).set(officer).set('If-Match', 'garbage').send({ action: 'accept' })).status).toBe(412);
      expect((await t.http.post(`${API}/00000000-0000-4000-8000-000000000000/actions`).set(officer).set('If-Match', '"1"').send({ action: 'accept' })).status).toBe(404);
      expect((await t.http.post(`${API}/xyz/actions`).set(officer).set('If-Match', '"1"').send({ action: 'accept' })).status).toBe(400);
      expect((await t.http.get(`${API}/00000000-0000-4000-8000-000000000000`).set(officer)).status).toBe(404);
      expect((await t.http.get(`${API}/xyz`).set(officer)).status).toBe(400);
      expect((await get(a.id)).version).toBe(1);
      // 409 for an action the state does not allow; nothing changes.
      expect((await ok({ action: 'deliver', method: 'email' })).status).toBe(409);
      expect((await ok({ action: 'file' })).status).toBe(409);
      expect((await ok({ action: 'third_party_replied' })).status).toBe(409);
      expect((await ok({ action: 'corrected', receivedAt: cn('2026-11-25') })).status).toBe(409);
      expect((await get(a.id)).version).toBe(1);
      // Concurrent actions on one version: exactly one wins, the others are 412.
      const all = await Promise.all(Array.from({ length: 5 }, () => ok({ action: 'accept' })));
      expect(all.map((r) => r.status).sort()).toEqual([200, 412, 412, 412, 412]);
      expect(await t.sql(`SELECT 1 FROM application_events WHERE application_id = $1 AND action = 'accept'`, [a.id])).toHaveLength(1);
    });

    it('Idempotency-Key on actions: a retry answers the application once; another body is 422', async () => {
      const a = await staffEntry(cn('2026-11-24'));
      const h = { ...officer, 'Idempotency-Key': 'accept-once', 'If-Match': '"1"' };
      const first = await t.http.post(`${API}/${a.id}/actions`).set(h).send({ action: 'accept' });
      const again = await t.http.post(`${API}/${a.id}/actions`).set(h).send({ action: 'accept' });
      expect([first.status, again.status]).toEqual([200, 200]);
      expect(again.body).toEqual(first.body);
      expect(again.headers.etag).toBe('"2"');
      expect(await t.sql(`SELECT 1 FROM application_events WHERE application_id = $1 AND action = 'accept'`, [a.id])).toHaveLength(1);
      expect((await t.http.post(`${API}/${a.id}/actions`).set(h).send({ action: 'extend', comment: '延期' })).status).toBe(422);
    });

    it('history and letter of an unknown application: 404', async () => {
      expect((await t.http.get(`${API}/00000000-0000-4000-8000-000000000000/history`).set(officer)).status).toBe(404);
      expect((await t.http.get(`${API}/00000000-0000-4000-8000-000000000000/letter`).set(officer)).status).toBe(404);
      expect((await t.http.get(`${API}/nope/letter`).set(officer)).status).toBe(400);
    });

    it('GET one application: ETag, version, dueAt, the clock with its explaining steps, personal data for the officer', async () => {
      const a = await staffEntry(cn('2026-09-18'), { channel: 'registered_post' });
      const res = await t.http.get(`${API}/${a.id}`).set(officer);
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body).toMatchObject({
        id: a.id,
        version: 1,
        state: 'received',
        channel: 'registered_post',
        applicantName: FORM.applicantName,
        idNumber: FORM.idNumber,
        contact: FORM.contact,
        dueAt: endOf('2026-10-22'),
        overdue: true,
        availableActions: ['accept', 'consult_third_party', 'extend', 'reply'], // too late to ask for a correction
      });
      expect(res.body.clock).toMatchObject({ dueDate: '2026-10-22', state: 'running', calendarIncomplete: false, missingYears: [], overdue: true });
      expect(res.body.clock.workingDaysLeft).toBeLessThan(0);
      expect(res.body.clock.steps[0]).toMatchObject({ kind: 'receipt', text: expect.stringContaining('2026-09-18'), textZh: expect.stringContaining('2026年9月18日') });
      expect(res.body.clock.steps[1]).toMatchObject({ kind: 'due', at: endOf('2026-10-22') });
    });
  });

  describe('fees (Art. 42)', () => {
    it('per volume: 120 pages cost ¥1,100; the clock pauses until payment; one fee per application', async () => {
      const a = await staffEntry(cn('2026-11-02'));
      await steps(a.id, [{ action: 'accept', at: cn('2026-11-03') }]);
      let res = await act(a.id, { action: 'charge_fee', method: 'per_volume', pages: 120, comment: '信息处理费缴费通知', at: cn('2026-11-05') });
      expect(res.status).toBe(200);
      expect(res.body.fee).toMatchObject({
        method: 'per_volume',
        pages: 120,
        amountYuan: 1100,
        breakdown: [
          { band: '1–30', count: 30, unitYuan: 0, subtotal: 0 },
          { band: '31–100', count: 70, unitYuan: 10, subtotal: 700 },
          { band: '101–200', count: 20, unitYuan: 20, subtotal: 400 },
        ],
        chargedAt: '2026-11-05T10:00:00.000+08:00',
        payBy: endOf(cal.addWorkingDays('2026-11-05', 20)),
        paidAt: null,
      });
      // What may be done now: once the payment period is over (by today's date), the unpaid fee's reply too.
      const paymentOver = Date.now() > new Date(res.body.fee.payBy as string).getTime();
      expect(res.body).toMatchObject({ state: 'handling', availableActions: paymentOver ? ['reply', 'fee_paid'] : ['fee_paid'] });
      expect(res.body.clock.state).toBe('paused');
      expect((await act(a.id, { action: 'reply', outcome: 'disclosed', comment: 'x' })).status).toBe(409);
      expect((await act(a.id, { action: 'extend', comment: 'x' })).status).toBe(409);
      expect((await act(a.id, { action: 'reply', outcome: 'other', reason: 'fee_unpaid', comment: '逾期未缴费', at: cn('2026-11-06') })).status).toBe(409); // payment period not over
      res = await act(a.id, { action: 'fee_paid', at: cn('2026-11-10') });
      expect(res.status).toBe(200);
      expect(res.body.fee.paidAt).toBe('2026-11-10T10:00:00.000+08:00');
      expect(res.body.clock.state).toBe('running');
      expect(res.body.dueAt).toBe(
        expectedDue(a.receivedAt, [
          { type: 'pause', at: new Date(cn('2026-11-05')), reason: 'fee_notice' },
          { type: 'resume', at: new Date(cn('2026-11-10')) },
        ]),
      );
      expect(res.body.clock.dueDate).toBe(cal.addWorkingDays(chinaDate(new Date(a.dueAt!)), cal.workingDaysBetween('2026-11-05', '2026-11-10')));
      expect((await act(a.id, { action: 'charge_fee', method: 'per_volume', pages: 200 })).status).toBe(409);
      expect((await act(a.id, { action: 'fee_paid' })).status).toBe(409);
    });

    it('unpaid after the 20 working days for payment: the officer replies other/fee_unpaid', async () => {
      const a = await staffEntry(cn('2026-08-03'));
      await steps(a.id, [
        { action: 'accept', at: cn('2026-08-04') },
        { action: 'charge_fee', method: 'per_volume', pages: 40, at: cn('2026-08-05') },
      ]);
      expect((await get(a.id)).fee.amountYuan).toBe(100);
      const payBy = cal.addWorkingDays('2026-08-05', 20);
      expect((await act(a.id, { action: 'reply', outcome: 'other', reason: 'fee_unpaid', comment: '逾期未缴费', at: cn(payBy, '12:00') })).status).toBe(409);
      const res = await act(a.id, { action: 'reply', outcome: 'other', reason: 'fee_unpaid', comment: '申请人逾期未缴纳信息处理费。', at: cn(addCalendarDays(payBy, 1)) });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ state: 'replied', outcome: 'other', reason: 'fee_unpaid' });
      // Without an unpaid fee, fee_unpaid is not a possible reply.
      const b = await staffEntry(cn('2026-11-02'));
      expect((await act(b.id, { action: 'reply', outcome: 'other', reason: 'fee_unpaid', comment: 'x' })).status).toBe(409);
    });

    it('refuses wrong fee input (400) and free cases (first 10 applications a month: 409)', async () => {
      const a = await staffEntry(cn('2026-11-16'), { idNumber: 'FEE-FIRST-1' });
      expect((await act(a.id, { action: 'charge_fee', method: 'per_volume', pages: 10 })).status).toBe(409); // not handling yet
      await steps(a.id, [{ action: 'accept', at: cn('2026-11-16', '11:00') }]);
      expect((await act(a.id, { action: 'charge_fee', method: 'per_volume', pages: 30 })).status).toBe(400);
      expect((await act(a.id, { action: 'charge_fee', method: 'per_volume' })).status).toBe(400);
      expect((await act(a.id, { action: 'charge_fee', method: 'per_application', pages: 40 })).status).toBe(400);
      expect((await act(a.id, { action: 'charge_fee', method: 'email' })).status).toBe(400);
      expect((await act(a.id, { action: 'charge_fee', method: 'per_decade' })).status).toBe(400);
      expect((await act(a.id, { action: 'charge_fee', method: 'per_volume', pages: -5 })).status).toBe(400);
      expect((await act(a.id, { action: 'charge_fee', method: 'per_application' })).status).toBe(409);
      expect((await get(a.id)).fee).toBeNull();
    });

    it('per application: the 11th application of an applicant in a month costs ¥100', async () => {
      let last: { id: string } | null = null;
      for (let i = 1; i <= 11; i++) last = await staffEntry(cn(`2026-10-${String(i + 10).padStart(2, '0')}`), { idNumber: 'FEE-BULK-1', description: `第${i}件` });
      const other = await staffEntry(cn('2026-09-30'), { idNumber: 'FEE-BULK-1' }); // another month
      await steps(last!.id, [{ action: 'accept' }]);
      const res = await act(last!.id, { action: 'charge_fee', method: 'per_application' });
      expect(res.status).toBe(200);
      expect(res.body.fee).toMatchObject({ method: 'per_application', pages: null, amountYuan: 100, breakdown: [{ band: '11–30', count: 1, unitYuan: 100, subtotal: 100 }] });
      await steps(other.id, [{ action: 'accept' }]);
      expect((await act(other.id, { action: 'charge_fee', method: 'per_application' })).status).toBe(409);
    });
  });

  describe('Art. 44 proposals', () => {
    it('a document disclosed to 3 distinct applicants is proposed for proactive publication', async () => {
      const doc = await walk(t, d, 'drafterB', []);
      const reply = async (idNumber: string) => {
        const a = await staffEntry(cn('2026-11-02'), { idNumber });
        const res = await act(a.id, { action: 'reply', outcome: 'partially_disclosed', comment: '部分内容涉及个人隐私，已作区分处理。', documentIds: [doc.id] });
        expect(res.status).toBe(200);
      };
      const proposed = async () => {
        const res = await t.http.get(`${API}/proposals`).set(officer);
        expect(res.status).toBe(200);
        expect(res.body.threshold).toBe(3);
        return res.body.items.find((i: { documentId: string }) => i.documentId === doc.id);
      };
      await reply('P44-A');
      await reply('P44-B');
      await reply('P44-B'); // the same applicant again counts once
      expect(await proposed()).toBeUndefined();
      await reply('P44-C');
      expect(await proposed()).toMatchObject({ documentId: doc.id, title: doc.title, applicants: 3, applications: 4, unitId: d.unitB.id });
      expect((await t.http.get(`${API}/proposals?limit=0`).set(officer)).status).toBe(400);
    });
  });

  describe('reply letter', () => {
    it('a text/plain download with a Chinese file name (RFC 5987), once replied; 409 before', async () => {
      const a = await staffEntry(cn('2026-11-09'));
      expect((await t.http.get(`${API}/${a.id}/letter`).set(officer)).status).toBe(409);
      await steps(a.id, [
        { action: 'accept', unitId: d.unitA.id, at: cn('2026-11-10') },
        { action: 'reply', outcome: 'not_disclosed', reason: 'process_information', comment: '该信息为内部讨论记录，联系电话13800138000。', at: cn('2026-11-20') },
      ]);
      const res = await t.http.get(`${API}/${a.id}/letter`).set(officer);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      const name = `政府信息公开申请答复书-${a.trackingCode}.txt`;
      expect(res.headers['content-disposition']).toBe(`attachment; filename="reply-${a.trackingCode}.txt"; filename*=UTF-8''${encodeURIComponent(name)}`);
      const text = res.text;
      expect(text).toContain('发展和改革委员会'); // the handling unit replies
      expect(text).toContain(`${FORM.applicantName}：`);
      expect(text).toContain('2026年11月9日收到');
      expect(text).toContain('第十六条第二款');
      expect(text).toContain('2026年11月20日');
      expect(text).not.toContain('13800138000');
      expect(text).not.toContain(FORM.idNumber);
    });
  });

  describe('the worklist', () => {
    it('overdue first, then the soonest due; workingDaysLeft; filters; keyset pages; 400 on bad parameters', async () => {
      const old = await staffEntry(cn('2026-06-01'), { description: '清单-逾期' });
      const soon = await staffEntry(cn('2026-11-02'), { description: '清单-临近' });
      const fresh = await staffEntry(cn('2026-11-26'), { description: '清单-新收' });
      type Item = { id: string; overdue: boolean; dueAt: string | null; state: string; workingDaysLeft: number | null; applicantName: string };
      // Every page, keyset-paginated: each application exactly once.
      const items: Item[] = [];
      let cursor: string | null = null;
      do {
        const page: { status: number; body: { items: Item[]; nextCursor: string | null } } = await t.http.get(`${API}?limit=7${cursor ? `&cursor=${cursor}` : ''}`).set(officer);
        expect(page.status).toBe(200);
        items.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
      expect(items.length).toBe(await count());
      const pos = (id: string) => items.findIndex((i) => i.id === id);
      expect(pos(old.id)).toBeLessThan(pos(soon.id));
      expect(pos(soon.id)).toBeLessThan(pos(fresh.id));
      const firstNotOverdue = items.findIndex((i) => !i.overdue);
      expect(items.slice(0, firstNotOverdue).every((i) => i.overdue && ['received', 'awaiting_correction', 'handling', 'third_party_consultation'].includes(i.state))).toBe(true);
      const open = items.filter((i) => !i.overdue && ['received', 'handling'].includes(i.state) && i.dueAt);
      for (let k = 1; k < open.length; k++) expect(open[k - 1].dueAt! <= open[k].dueAt!).toBe(true);
      const o = items[pos(old.id)];
      expect(o).toMatchObject({ overdue: true, applicantName: FORM.applicantName });
      expect(o.workingDaysLeft).toBeLessThan(0);
      expect(items[pos(fresh.id)].workingDaysLeft).toBe(cal.workingDaysBetween(chinaDate(new Date()), chinaDate(new Date(fresh.dueAt!))));

      const overdue = await t.http.get(`${API}?overdue=true&limit=100`).set(officer);
      expect(overdue.body.items.length).toBeGreaterThan(0);
      expect(overdue.body.items.every((i: { overdue: boolean }) => i.overdue)).toBe(true);
      const notOverdue = await t.http.get(`${API}?overdue=false&limit=100`).set(officer);
      expect(notOverdue.body.items.every((i: { overdue: boolean }) => !i.overdue)).toBe(true);
      const replied = await t.http.get(`${API}?state=replied&limit=100`).set(officer);
      expect(replied.body.items.length).toBeGreaterThan(0);
      expect(replied.body.items.every((i: { state: string }) => i.state === 'replied')).toBe(true);


      for (const q of ['state=bogus', 'overdue=maybe', 'limit=0', 'limit=101', 'cursor=bad', 'colour=red']) {
        expect([q, (await t.http.get(`${API}?${q}`).set(officer)).status]).toEqual([q, 400]);
      }
    });
  });

  describe('permissions', () => {
    it('drafters, reviewers, leaders and admins get 403 on every officer route; anonymous callers 401, except intake and tracking', async () => {
      const a = await staffEntry(cn('2026-11-24'));
      const routes: [string, string, Record<string, unknown>?][] = [
        ['get', API],
        ['get', `${API}/proposals`],
        ['get', `${API}/${a.id}`],
        ['get', `${API}/${a.id}/history`],
        ['get', `${API}/${a.id}/letter`],
        ['post', `${API}/${a.id}/actions`, { action: 'accept' }],
        ['get', '/api/v1/appeals'],
        ['get', '/api/v1/appeals/00000000-0000-4000-8000-000000000000'],
        ['post', '/api/v1/appeals', { applicationId: a.id, kind: 'reconsideration', filedAt: cn('2026-11-25') }],
        ['post', '/api/v1/appeals/00000000-0000-4000-8000-000000000000/conclusion', { result: 'upheld', concludedAt: cn('2026-11-25') }],
      ];
      for (const who of ['drafterA', 'reviewerA', 'leaderA', 'admin']) {
        for (const [method, url, body] of routes) {
          const req = method === 'get' ? t.http.get(url) : t.http.post(url).set('If-Match', '"1"').send(body);
          const res = await req.set(bearer(d.tokens[who]));
          expect([who, method, url, res.status]).toEqual([who, method, url, 403]);
        }
      }
      for (const [method, url, body] of routes) {
        const res = method === 'get' ? await t.http.get(url) : await t.http.post(url).set('If-Match', '"1"').send(body);
        expect([method, url, res.status]).toEqual([method, url, 401]);
      }
      expect((await get(a.id)).version).toBe(1);
      expect((await t.http.get(`${API}/track/${a.trackingCode}`)).status).toBe(200);
      expect((await t.http.post(API).send(FORM)).status).toBe(201);
    });
  });
});
