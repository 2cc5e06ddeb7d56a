/**
 * The working-day calendar's administrator overrides: the routes, and the recomputation of open
 * applications' due dates in the same transaction. A database of its own, since overrides apply
 * to every application.
 */
import { chinaDate } from '../src/common/china-time.js';
import { WorkingDayCalendar } from '../src/modules/applications/domain/calendar.js';
import { cn, endOf, bearer, seedDistrict, startTestApp, type District, type TestApp } from './support/app.js';

const API = '/api/v1/applications';
const CAL = '/api/v1/calendar';
const FORM = {
  applicantType: 'other_org',
  applicantName: '某街道居民委员会',
  contact: { address: '某街道1号' },
  description: '辖区内2026年拆迁安置补偿标准',
  format: 'paper',
  delivery: 'post',
};

describe('calendar overrides', () => {
  let t: TestApp;
  let d: District;
  let admin: Record<string, string>;
  let officer: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp({ APPLICATION_INTAKE_LIMIT: '100000' });
    d = await seedDistrict(t);
    admin = bearer(d.tokens.admin);
    officer = bearer(d.tokens.officer);
  });
  afterAll(() => t.close());

  const entry = async (receivedAt: string) => {
    const res = await t.http.post(API).set(officer).send({ ...FORM, channel: 'in_person', receivedAt });
    expect(res.status).toBe(201);
    return res.body as { id: string; dueAt: string };
  };
  const app = async (id: string) => (await t.http.get(`${API}/${id}`).set(officer)).body;

  it('GET lists overrides, published years and the years the package covers (admin only)', async () => {
    const res = await t.http.get(`${CAL}/overrides`).set(admin);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], publishedYears: [], packageYears: expect.arrayContaining([2019, 2024, 2025, 2026]), missing: expect.any(Array) });
    expect(res.body.packageYears).not.toContain(2027);
    for (const who of ['officer', 'drafterA', 'leaderA']) {
      expect((await t.http.get(`${CAL}/overrides`).set(bearer(d.tokens[who]))).status).toBe(403);
      expect((await t.http.post(`${CAL}/overrides`).set(bearer(d.tokens[who])).send({ overrides: [{ date: '2026-12-14', kind: 'holiday' }] })).status).toBe(403);
      expect((await t.http.delete(`${CAL}/overrides/2026-12-14`).set(bearer(d.tokens[who]))).status).toBe(403);
      expect((await t.http.delete(`${CAL}/years/2027`).set(bearer(d.tokens[who]))).status).toBe(403);
    }
    expect((await t.http.get(`${CAL}/overrides`)).status).toBe(401);
    expect((await t.http.post(`${CAL}/overrides`).send({ overrides: [] })).status).toBe(401);
    expect((await t.http.delete(`${CAL}/overrides/2026-12-14`)).status).toBe(401);
  });

  it('an override changes the due date of open applications at once; removing it changes it back; replied ones keep theirs', async () => {
    const open = await entry(cn('2026-11-20'));
    expect(open.dueAt).toBe(endOf('2026-12-18'));
    const replied = await entry(cn('2026-11-20'));
    const r = await t.http
      .post(`${API}/${replied.id}/actions`)
      .set(officer)
      .set('If-Match', '"1"')
      .send({ action: 'reply', outcome: 'unable_to_provide', reason: 'not_held', comment: '本机关未制作该信息。' });
    expect(r.status).toBe(200);

    const add = await t.http.post(`${CAL}/overrides`).set(admin).send({ overrides: [{ date: '2026-12-14', kind: 'holiday', name: '临时停工' }] });
    expect(add.status).toBe(201);
    expect(add.body).toEqual({ items: [{ date: '2026-12-14', kind: 'holiday', name: '临时停工' }], publishedYears: [], recomputed: expect.any(Number) });
    expect(add.body.recomputed).toBeGreaterThanOrEqual(1);
    const after = await app(open.id);
    expect(after.dueAt).toBe(endOf('2026-12-21'));
    expect(after.version).toBe(1); // derived data: the officer's record is unchanged
    expect((await t.http.get(`${API}/track/${after.trackingCode}`)).body.dueAt).toBe(endOf('2026-12-21'));
    expect((await t.sql<{ due_at: Date }>(`SELECT due_at FROM applications WHERE id = $1`, [open.id]))[0].due_at.toISOString()).toBe(new Date(endOf('2026-12-21')).toISOString());
    // A replied application is closed: its stored due date is not rewritten (its clock is shown on the current calendar).
    expect((await t.sql<{ due_at: Date }>(`SELECT due_at FROM applications WHERE id = $1`, [replied.id]))[0].due_at.toISOString()).toBe(
      new Date(endOf('2026-12-18')).toISOString(),
    );

    // A worked Saturday brings it one working day earlier.
    await t.http.post(`${CAL}/overrides`).set(admin).send({ overrides: [{ date: '2026-12-05', kind: 'workday' }] }).expect(201);
    expect((await app(open.id)).dueAt).toBe(endOf('2026-12-18'));
    // Replacing an override of the same date.
    await t.http.post(`${CAL}/overrides`).set(admin).send({ overrides: [{ date: '2026-12-05', kind: 'holiday' }] }).expect(201);
    expect((await app(open.id)).dueAt).toBe(endOf('2026-12-21'));

    expect((await t.http.delete(`${CAL}/overrides/2026-12-14`).set(admin)).body).toEqual({ recomputed: expect.any(Number) });
    expect((await t.http.delete(`${CAL}/overrides/2026-12-05`).set(admin)).status).toBe(200);
    expect((await app(open.id)).dueAt).toBe(endOf('2026-12-18'));
    const audit = await t.sql<{ action: string }>(`SELECT action FROM audit_log WHERE subject_type = 'Calendar' AND action LIKE 'calendar.%' ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['calendar.change', 'calendar.change', 'calendar.change', 'calendar.remove_override', 'calendar.remove_override']);
  });

  it('a due date in a year without calendar data is flagged until an administrator publishes that year', async () => {
    // The calendar page names the year and counts the open applications that reach it.
    const gap2027 = async () => {
      const missing = (await t.http.get(`${CAL}/overrides`).set(admin).expect(200)).body.missing as { year: number; openApplications: number }[];
      return missing.find((g) => g.year === 2027);
    };
    const reaching = (await gap2027())?.openApplications ?? 0;
    const a = await entry(cn('2026-11-20'));
    await t.http.post(`${API}/${a.id}/actions`).set(officer).set('If-Match', '"1"').send({ action: 'extend', comment: '延期答复。' }).expect(200);
    expect(await gap2027()).toEqual({ year: 2027, openApplications: reaching + 1 });
    let got = await app(a.id);
    expect(got.clock.dueDate.startsWith('2027-01')).toBe(true);
    expect(got.clock).toMatchObject({ calendarIncomplete: true, missingYears: [2027] });
    expect(got.calendarIncomplete).toBe(true);
    const stored = async () => (await t.sql<{ calendar_incomplete: boolean; due_at: Date }>(`SELECT calendar_incomplete, due_at FROM applications WHERE id = $1`, [a.id]))[0];
    expect((await stored()).calendar_incomplete).toBe(true);

    const before = got.clock.dueDate as string;
    const res = await t.http
      .post(`${CAL}/overrides`)
      .set(admin)
      .send({ overrides: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }], publishYear: 2027 });
    expect(res.status).toBe(201);
    expect(res.body.publishedYears).toEqual([2027]);
    got = await app(a.id);
    expect(got.clock).toMatchObject({ calendarIncomplete: false, missingYears: [] });
    // New Year's Day is now a holiday: the due date moves one working day later.
    const calendar = new WorkingDayCalendar({ overrides: [{ date: '2027-01-01', kind: 'holiday' }], publishedYears: [2027] });
    expect(got.clock.dueDate).toBe(calendar.addWorkingDays(calendar.addWorkingDays(chinaDate(new Date(cn('2026-11-20'))), 20), 20));
    expect(got.clock.dueDate > before).toBe(true);
    expect((await stored()).calendar_incomplete).toBe(false);
    expect(await gap2027()).toBeUndefined();

    expect((await t.http.delete(`${CAL}/years/2027`).set(admin)).status).toBe(200);
    expect((await app(a.id)).clock).toMatchObject({ calendarIncomplete: true, missingYears: [2027] });
    expect((await stored()).calendar_incomplete).toBe(true);
    expect(await gap2027()).toEqual({ year: 2027, openApplications: reaching + 1 });
    expect((await t.http.delete(`${CAL}/years/2027`).set(admin)).status).toBe(404);
    const list = await t.http.get(`${CAL}/overrides?year=2027`).set(admin);
    expect(list.body.items).toEqual([{ date: '2027-01-01', kind: 'holiday', name: '元旦' }]);
  });

  it('400 on bad input, 404 on an unknown date; nothing changes', async () => {
    const before = await t.sql(`SELECT * FROM calendar_overrides ORDER BY date`);
    for (const body of [
      {},
      { overrides: [] },
      { overrides: [{ date: '2027-02-30', kind: 'holiday' }] },
      { overrides: [{ date: '27-02-01', kind: 'holiday' }] },
      { overrides: [{ date: '2027-02-01', kind: 'vacation' }] },
      { overrides: [{ date: '2027-02-01' }] },
      { overrides: [{ date: '2027-02-01', kind: 'holiday', name: '' }] },
      { overrides: [{ date: '2027-02-01', kind: 'holiday', colour: 'red' }] },
      { overrides: [{ date: '2027-02-01', kind: 'holiday' }, { date: '2027-02-01', kind: 'workday' }] },
      { overrides: [], publishYear: 2026 },
      { overrides: [], publishYear: 2029 },
      { overrides: [{ date: '2027-02-01', kind: 'holiday' }], publishYear: 1999 },
      { overrides: 'none' },
    ]) {
      const res = await t.http.post(`${CAL}/overrides`).set(admin).send(body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
    }
    expect((await t.http.delete(`${CAL}/overrides/2027-13-01`).set(admin)).status).toBe(400);
    expect((await t.http.delete(`${CAL}/overrides/tomorrow`).set(admin)).status).toBe(400);
    expect((await t.http.delete(`${CAL}/overrides/2027-03-03`).set(admin)).status).toBe(404);
    expect((await t.http.delete(`${CAL}/years/abc`).set(admin)).status).toBe(400);
    expect(await t.sql(`SELECT * FROM calendar_overrides ORDER BY date`)).toEqual(before);
  });
});
