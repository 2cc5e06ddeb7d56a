/**
 * Applications across units (转办) through the HTTP API: the office refers an application it is
 * handling to units, each unit's liaison sees it (and the application, without the applicant's
 * identity number and contact), answers with a proposed outcome, the office replies once every
 * referral is answered or closes the open ones; the history, supervision, deadline notifications,
 * the calendar, permissions and bad input.
 */
import { chinaDate, endOfChinaDay, formatChinaIso } from '../src/common/china-time.js';
import { WorkingDayCalendar } from '../src/modules/applications/domain/calendar.js';
import { DeadlineScan } from '../src/modules/notifications/deadline-scan.js';
import { bearer, cn, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';

const API = '/api/v1/applications';
const FORM = {
  applicantType: 'natural_person',
  applicantName: '李四光',
  idNumber: '110101199003075678',
  contact: { phone: '13911112222', email: 'li.siguang@example.com', address: '北京市朝阳区光华路9号' },
  description: '2026年本区中小学校舍改造项目的立项文件',
  format: 'electronic',
  delivery: 'email',
};
const cal = new WorkingDayCalendar();

describe('referrals (转办)', () => {
  let t: TestApp;
  let d: District;
  let officer: Record<string, string>;
  let liaisonA: Record<string, string>;
  let liaisonB: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp({ APPLICATION_INTAKE_LIMIT: '100000', DELIVERY_WORKER: 'false' });
    d = await seedDistrict(t);
    officer = bearer(d.tokens.officer);
    liaisonA = bearer(d.tokens.liaisonA);
    liaisonB = bearer(d.tokens.liaisonB);
  });
  afterAll(() => t.close());

  const act = async (id: string, body: Record<string, unknown>) => {
    const current = await t.http.get(`${API}/${id}`).set(officer);
    return t.http.post(`${API}/${id}/actions`).set(officer).set('If-Match', current.headers.etag).send(body);
  };
  /** An application the office is handling (received and accepted today). */
  const handling = async (over: Record<string, unknown> = {}) => {
    const res = await t.http.post(API).set(officer).send({ ...FORM, ...over });
    expect(res.status).toBe(201);
    expect((await act(res.body.id, { action: 'accept' })).status).toBe(200);
    return res.body as { id: string; trackingCode: string };
  };
  const refer = (id: string, body: Record<string, unknown>, who = officer) => t.http.post(`${API}/${id}/referrals`).set(who).send(body);
  const referrals = async () => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM referrals`))[0].n;
  const version = async (id: string) => (await t.http.get(`${API}/${id}`).set(officer)).body.version as number;

  it('the office refers to two units: 201 with the items, due in 10 working days; a history row; each unit’s liaisons notified', async () => {
    const a = await handling();
    const before = await version(a.id);
    const res = await refer(a.id, { unitIds: [d.unitA.id, d.unitB.id], comment: '请核实是否制作或保存该信息，并提出答复意见。' });
    expect(res.status).toBe(201);
    const due = formatChinaIso(endOfChinaDay(cal.addWorkingDays(chinaDate(new Date()), 10)));
    expect(res.body.items).toHaveLength(2);
    for (const [i, unit] of [d.unitA, d.unitB].entries()) {
      expect(res.body.items[i]).toMatchObject({ id: expect.any(String), applicationId: a.id, unitId: unit.id, state: 'open', dueAt: due, answer: null, closedAt: null });
    }
    expect(await version(a.id)).toBe(before + 1);
    const history = (await t.http.get(`${API}/${a.id}/history`).set(officer)).body;
    const row = history.at(-1);
    expect(row).toMatchObject({ action: 'refer', actorId: d.ids.officer, fromState: 'handling', toState: 'handling' });
    expect(row.comment).toContain('发展和改革委员会');
    expect(row.data.referrals.map((r: { unitId: string }) => r.unitId)).toEqual([d.unitA.id, d.unitB.id]);
    const notified = await t.sql<{ username: string; title: string }>(
      `SELECT u.username, n.title FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = 'referral' AND n.subject_id = $1 ORDER BY u.username`,
      [a.id],
    );
    expect(notified.map((n) => n.username.split('.')[0])).toEqual(['liaisona', 'liaisonb']);
    expect(notified.every((n) => !n.title.includes(FORM.applicantName))).toBe(true);
    // dueInWorkingDays sets another limit.
    const b = await handling();
    const five = await refer(b.id, { unitIds: [d.unitA.id], comment: '请于5个工作日内答复。', dueInWorkingDays: 5 });
    expect(five.body.items[0].dueAt).toBe(formatChinaIso(endOfChinaDay(cal.addWorkingDays(chinaDate(new Date()), 5))));
  });

  it('bad input: an unknown unit, a unit twice, no units, a unit already referred and open, an application not in handling — clear 4xx, nothing changed', async () => {
    const a = await handling();
    expect((await refer(a.id, { unitIds: [d.unitA.id], comment: '第一次转办。' })).status).toBe(201);
    const n = await referrals();
    const v = await version(a.id);
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ unitIds: ['00000000-0000-4000-8000-000000000000'], comment: 'x' }, 400, /unknown unit/],
      [{ unitIds: [d.unitB.id, d.unitB.id], comment: 'x' }, 400, /repeat/],
      [{ unitIds: [], comment: 'x' }, 400, /unitIds/],
      [{ unitIds: [d.unitB.id] }, 400, /comment/],
      [{ unitIds: [d.unitB.id], comment: 'x', dueInWorkingDays: 0 }, 400, /dueInWorkingDays/],
      [{ unitIds: [d.unitA.id, d.unitB.id], comment: '再次转办。' }, 409, /already referred and not yet answered: 发展和改革委员会/],
    ];
    for (const [body, status, message] of cases) {
      const res = await refer(a.id, body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), status]);
      expect(String(res.body.message)).toMatch(message);
    }
    const received = (await t.http.post(API).set(officer).send(FORM)).body;
    const notHandled = await refer(received.id, { unitIds: [d.unitA.id], comment: 'x' });
    expect(notHandled.status).toBe(409);
    expect(notHandled.body.message).toMatch(/while it is handled; this one is received/);
    expect((await refer('00000000-0000-4000-8000-000000000000', { unitIds: [d.unitA.id], comment: 'x' })).status).toBe(404);
    expect(await referrals()).toBe(n);
    expect(await version(a.id)).toBe(v);
  });

  it('who sees what: a liaison its unit’s referrals and the application without the applicant’s ID number and contact; another unit 404; the rest 403/401', async () => {
    const a = await handling({ description: '只转给A单位的申请' });
    const r = (await refer(a.id, { unitIds: [d.unitA.id], comment: '请A单位答复。' })).body.items[0];
    const mineA = (await t.http.get('/api/v1/referrals?state=open&limit=100').set(liaisonA)).body.items;
    expect(mineA.map((x: { id: string }) => x.id)).toContain(r.id);
    expect(mineA.every((x: { unitId: string }) => x.unitId === d.unitA.id)).toBe(true);
    const mineB = (await t.http.get('/api/v1/referrals?limit=100').set(liaisonB)).body.items;
    expect(mineB.map((x: { id: string }) => x.id)).not.toContain(r.id);
    const all = (await t.http.get(`/api/v1/referrals?applicationId=${a.id}`).set(officer)).body.items;
    expect(all.map((x: { id: string }) => x.id)).toEqual([r.id]);
    expect((await t.http.get(`/api/v1/referrals/${r.id}`).set(liaisonA)).status).toBe(200);
    expect((await t.http.get(`/api/v1/referrals/${r.id}`).set(liaisonB)).status).toBe(404);

    const seen = await t.http.get(`${API}/${a.id}`).set(liaisonA);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ id: a.id, applicantName: FORM.applicantName, description: '只转给A单位的申请', state: 'handling', availableActions: [] });
    expect(seen.body).not.toHaveProperty('idNumber');
    expect(seen.body).not.toHaveProperty('contact');
    const text = JSON.stringify(seen.body);
    for (const personal of [FORM.idNumber, FORM.contact.phone, FORM.contact.email, '光华路']) expect(text).not.toContain(personal);
    expect((await t.http.get(`${API}/${a.id}`).set(officer)).body).toMatchObject({ idNumber: FORM.idNumber, contact: FORM.contact });

    expect((await t.http.get(`${API}/${a.id}`).set(liaisonB)).status).toBe(404);
    const unreferred = await handling();
    expect((await t.http.get(`${API}/${unreferred.id}`).set(liaisonA)).status).toBe(404);
    // The liaison reads the application, nothing more of the office's.
    for (const url of [`${API}/${a.id}/history`, `${API}/${a.id}/notices`, `${API}/${a.id}/letter`, API]) {
      expect([url, (await t.http.get(url).set(liaisonA)).status]).toEqual([url, 403]);
    }
    expect((await t.http.post(`${API}/${a.id}/actions`).set(liaisonA).set('If-Match', '"1"').send({ action: 'reply', outcome: 'disclosed', comment: 'x' })).status).toBe(403);
    expect((await refer(a.id, { unitIds: [d.unitB.id], comment: 'x' }, liaisonA)).status).toBe(403);
    for (const who of ['drafterA', 'reviewerA', 'leaderA', 'admin']) {
      expect([who, (await t.http.get('/api/v1/referrals').set(bearer(d.tokens[who]))).status]).toEqual([who, 403]);
      expect([who, (await t.http.get(`${API}/${a.id}`).set(bearer(d.tokens[who]))).status]).toEqual([who, 403]);
      expect([who, (await refer(a.id, { unitIds: [d.unitB.id], comment: 'x' }, bearer(d.tokens[who]))).status]).toEqual([who, 403]);
    }
    expect((await t.http.get('/api/v1/referrals')).status).toBe(401);
    expect((await t.http.post(`/api/v1/referrals/${r.id}/answer`).send({ proposedOutcome: 'disclosed', comment: 'x' })).status).toBe(401);
  });

  it('a liaison answers once with a proposed outcome, reason and its unit’s documents; the history shows it; the office is notified; bad answers change nothing', async () => {
    const a = await handling();
    const [rA, rB] = (await refer(a.id, { unitIds: [d.unitA.id, d.unitB.id], comment: '请两个单位分别答复。' })).body.items;
    const docA = await walk(t, d, 'drafterA', [['drafterA', { action: 'submit' }]], { title: 'A单位的立项批复' });
    const docB = await walk(t, d, 'drafterB', [['drafterB', { action: 'submit' }]], { title: 'B单位的文件' });
    const answer = (id: string, body: Record<string, unknown>, who = liaisonA) => t.http.post(`/api/v1/referrals/${id}/answer`).set(who).send(body);
    const v = await version(a.id);
    const bad: [string, Record<string, unknown>, number, Record<string, string>?][] = [
      ['another unit’s referral', { proposedOutcome: 'disclosed', comment: 'x' }, 404, liaisonB],
      ['an invalid pair', { proposedOutcome: 'not_disclosed', comment: 'x' }, 400],
      ['a reason where none belongs', { proposedOutcome: 'disclosed', reason: 'not_held', comment: 'x' }, 400],
      ['documents with not_disclosed', { proposedOutcome: 'not_disclosed', reason: 'internal_affairs', comment: 'x', documentIds: [docA.id] }, 400],
      ['another unit’s document', { proposedOutcome: 'disclosed', comment: 'x', documentIds: [docB.id] }, 400],
      ['an unknown document', { proposedOutcome: 'disclosed', comment: 'x', documentIds: ['00000000-0000-4000-8000-000000000000'] }, 400],
      ['no comment', { proposedOutcome: 'disclosed' }, 400],
      ['an unknown outcome', { proposedOutcome: 'maybe', comment: 'x' }, 400],
    ];
    for (const [name, body, status, who] of bad) expect([name, (await answer(rA.id, body, who)).status]).toEqual([name, status]);
    expect((await answer('00000000-0000-4000-8000-000000000000', { proposedOutcome: 'disclosed', comment: 'x' })).status).toBe(404);
    expect(await version(a.id)).toBe(v);

    const ok = await answer(rA.id, { proposedOutcome: 'partially_disclosed', comment: '第2页涉及个人信息，建议遮盖后部分公开。', documentIds: [docA.id] });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ id: rA.id, state: 'answered', answer: { proposedOutcome: 'partially_disclosed', reason: null, documentIds: [docA.id], answeredBy: d.ids.liaisonA } });
    expect((await answer(rA.id, { proposedOutcome: 'disclosed', comment: '再答一次。' })).status).toBe(409);
    const none = await answer(rB.id, { proposedOutcome: 'unable_to_provide', reason: 'not_held', comment: '本单位未制作、未保存该信息。' }, liaisonB);
    expect(none.body).toMatchObject({ state: 'answered', answer: { proposedOutcome: 'unable_to_provide', reason: 'not_held', documentIds: [] } });
    expect(await version(a.id)).toBe(v + 2);

    const history = (await t.http.get(`${API}/${a.id}/history`).set(officer)).body;
    const answers = history.filter((h: { action: string }) => h.action === 'referral_answer');
    expect(answers.map((h: { actorId: string; data: Record<string, unknown> }) => [h.actorId, h.data.unitId, h.data.proposedOutcome])).toEqual([
      [d.ids.liaisonA, d.unitA.id, 'partially_disclosed'],
      [d.ids.liaisonB, d.unitB.id, 'unable_to_provide'],
    ]);
    const toOffice = await t.sql<{ username: string }>(
      `SELECT DISTINCT u.username FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = 'referral' AND n.subject_id = $1 AND n.title LIKE '%已答复%'`,
      [a.id],
    );
    expect(toOffice.map((u) => u.username.split('.')[0]).sort()).toEqual(['allrounda', 'officer', 'officer2']);
    // Everything answered: the office replies without closing anything.
    const reply = await act(a.id, { action: 'reply', outcome: 'partially_disclosed', comment: '第2页涉及个人信息，已遮盖。', documentIds: [docA.id] });
    expect(reply.status).toBe(200);
  });

  it('the reply while a referral is open: 409 naming the unit, nothing changed; with closeOpenReferrals the open ones are closed; an answer after the reply is 409', async () => {
    const a = await handling();
    const [rA, rB] = (await refer(a.id, { unitIds: [d.unitA.id, d.unitB.id], comment: '请答复。' })).body.items;
    await t.http.post(`/api/v1/referrals/${rA.id}/answer`).set(liaisonA).send({ proposedOutcome: 'disclosed', comment: '同意公开。' });
    const v = await version(a.id);
    const refused = await act(a.id, { action: 'reply', outcome: 'disclosed', comment: '予以公开。' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/referrals to units are still open: 教育局/);
    expect(refused.body.message).toMatch(/closeOpenReferrals/);
    expect(await version(a.id)).toBe(v);
    expect((await t.http.get(`/api/v1/referrals/${rB.id}`).set(officer)).body.state).toBe('open');
    expect(await t.sql(`SELECT 1 FROM application_notices WHERE application_id = $1 AND kind = 'reply'`, [a.id])).toEqual([]);
    // The field belongs to the reply alone.
    expect((await act(a.id, { action: 'extend', comment: '延期。', closeOpenReferrals: true })).status).toBe(400);

    const replied = await act(a.id, { action: 'reply', outcome: 'disclosed', comment: '予以公开。', closeOpenReferrals: true });
    expect(replied.status).toBe(200);
    expect(replied.body.state).toBe('replied');
    const b = (await t.http.get(`/api/v1/referrals/${rB.id}`).set(officer)).body;
    expect(b).toMatchObject({ state: 'closed', answer: null, closedAt: expect.any(String) });
    expect((await t.http.get(`/api/v1/referrals/${rA.id}`).set(officer)).body.state).toBe('answered');
    const last = (await t.http.get(`${API}/${a.id}/history`).set(officer)).body.at(-1);
    expect(last).toMatchObject({ action: 'reply', data: { closedReferrals: [{ id: rB.id, unitId: d.unitB.id }] } });

    const late = await t.http.post(`/api/v1/referrals/${rB.id}/answer`).set(liaisonB).send({ proposedOutcome: 'disclosed', comment: '迟到的答复。' });
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/closed/);
    expect((await t.http.get(`/api/v1/referrals/${rB.id}`).set(officer)).body.state).toBe('closed');
    // … and no referral once replied.
    expect((await refer(a.id, { unitIds: [d.unitB.id], comment: 'x' })).status).toBe(409);
    // The liaison still reads the application its unit was referred (the referral exists).
    expect((await t.http.get(`${API}/${a.id}`).set(liaisonB)).status).toBe(200);
  });

  it('a second referral to the same unit once the first is answered; the inbox by state; keyset pages', async () => {
    const a = await handling();
    const first = (await refer(a.id, { unitIds: [d.unitB.id], comment: '第一次。' })).body.items[0];
    await t.http.post(`/api/v1/referrals/${first.id}/answer`).set(liaisonB).send({ proposedOutcome: 'unable_to_provide', reason: 'not_held', comment: '未保存。' });
    const second = await refer(a.id, { unitIds: [d.unitB.id], comment: '请再次核实。' });
    expect(second.status).toBe(201);
    const open = (await t.http.get('/api/v1/referrals?state=open&limit=100').set(liaisonB)).body.items.map((x: { id: string }) => x.id);
    const answered = (await t.http.get('/api/v1/referrals?state=answered&limit=100').set(liaisonB)).body.items.map((x: { id: string }) => x.id);
    expect(open).toContain(second.body.items[0].id);
    expect(answered).toContain(first.id);
    expect(open).not.toContain(first.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.http.get(`/api/v1/referrals?limit=2${cursor ? `&cursor=${cursor}` : ''}`).set(officer);
      seen.push(...page.body.items.map((x) => x.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(await referrals());
    expect(new Set(seen).size).toBe(seen.length);
    for (const q of ['state=bogus', 'limit=0', 'cursor=bad', 'applicationId=nope', 'colour=red']) expect([q, (await t.http.get(`/api/v1/referrals?${q}`).set(officer)).status]).toEqual([q, 400]);
  });

  it('supervision lists open referrals under the referred unit; an overdue one notifies its liaisons once; a calendar change recomputes the due date', async () => {
    const a = await handling();
    const r = (await refer(a.id, { unitIds: [d.unitB.id], comment: '督办测试。', dueInWorkingDays: 1 })).body.items[0];
    let board = (await t.http.get('/api/v1/supervision').set(officer)).body;
    const item = [...board.overdue, ...board.dueSoon].find((i: { id: string }) => i.id === r.id);
    expect(item).toMatchObject({ kind: 'referral', unitId: d.unitB.id, state: 'open', applicationId: a.id, overdueWorkingDays: 0 });

    await t.sql(`UPDATE referrals SET due_at = now() - interval '3 days', referred_at = now() - interval '10 days' WHERE id = $1`, [r.id]);
    board = (await t.http.get('/api/v1/supervision').set(officer)).body;
    expect(board.overdue.find((i: { id: string }) => i.id === r.id)).toMatchObject({ kind: 'referral', unitId: d.unitB.id });
    const scan = t.app.get(DeadlineScan);
    await scan.scan();
    await scan.scan();
    const overdue = await t.sql<{ username: string }>(
      `SELECT u.username FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = 'overdue' AND n.subject_id = $1`,
      [a.id],
    );
    expect(overdue.map((o) => o.username.split('.')[0])).toEqual(['liaisonb']);

    // A calendar change: open referrals get their due date again from the day referred, on the new calendar.
    const [{ referred }] = await t.sql<{ referred: Date }>(`SELECT referred_at AS referred FROM referrals WHERE id = $1`, [r.id]);
    const next = cal.addWorkingDays(chinaDate(new Date(referred)), 1);
    const res = await t.http.post('/api/v1/calendar/overrides').set(bearer(t.adminToken)).send({ overrides: [{ date: next, kind: 'holiday', name: '测试假日' }] });
    expect(res.status).toBe(201);
    const recal = new WorkingDayCalendar({ overrides: [{ date: next, kind: 'holiday' }] });
    const [{ due }] = await t.sql<{ due: Date }>(`SELECT due_at AS due FROM referrals WHERE id = $1`, [r.id]);
    expect(chinaDate(new Date(due))).toBe(recal.addWorkingDays(chinaDate(new Date(referred)), 1));
    await t.http.delete(`/api/v1/calendar/overrides/${next}`).set(bearer(t.adminToken));
  });

  it('two referrals racing a reply: either the reply sees them or they see the reply', async () => {
    const a = await handling();
    const [reply, ref] = await Promise.all([act(a.id, { action: 'reply', outcome: 'disclosed', comment: '予以公开。' }), refer(a.id, { unitIds: [d.unitA.id], comment: '并发。' })]);
    const statuses = [reply.status, ref.status].sort();
    // The reply first (the referral then finds it replied: 409), or the referral first (the reply then finds it open: 409, or a stale version: 412).
    expect([[200, 409], [201, 409], [201, 412]]).toContainEqual(statuses);
    const open = await t.sql(`SELECT 1 FROM referrals r JOIN applications a ON a.id = r.application_id WHERE r.application_id = $1 AND r.state = 'open' AND a.state = 'replied'`, [a.id]);
    expect(open).toEqual([]);
  });
});
