/**
 * The review chain as a district runs it: consultation of units, return to the previous step,
 * recall, delegation, step deadlines in working days, supervision and urging — each route as the
 * contract writes it, its bad input refused with nothing changed, and one race.
 */
import { FULL_CHAIN, PASSWORD, bearer, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';

describe('the review chain', () => {
  let t: TestApp;
  let d: District;
  beforeAll(async () => {
    t = await startTestApp();
    d = await seedDistrict(t);
  }, 120_000);
  afterAll(() => t.close());

  const post = (token: string, path: string, body: unknown, headers: Record<string, string> = {}) => t.http.post(path).set(bearer(token)).set(headers).send(body as object);
  const step = (who: string, doc: { id: string; version: number }, body: Record<string, unknown>) =>
    post(d.tokens[who], `/api/v1/documents/${doc.id}/transitions`, body, { 'If-Match': `"${doc.version}"` });
  const history = async (id: string) => (await t.http.get(`/api/v1/documents/${id}/history`).set(bearer(d.tokens.officer))).body as { action: string; actorId: string; onBehalfOfId: string | null; comment: string | null }[];
  const atOffice = () => walk(t, d, 'drafterA', FULL_CHAIN.slice(0, 2));
  const changed = async () => (await t.sql<{ n: number }>(`SELECT (SELECT count(*) FROM consultations)::int + (SELECT count(*) FROM document_history)::int + (SELECT count(*) FROM delegations)::int AS n`))[0].n;

  describe('consultation of units', () => {
    it('the office consults units at attribute review; each liaison sees and answers its own unit’s only', async () => {
      const doc = await atOffice();
      const res = await post(d.tokens.officer, `/api/v1/documents/${doc.id}/consultations`, { unitIds: [d.unitA.id, d.unitB.id], question: '请提出公开属性意见' });
      expect(res.status).toBe(201);
      expect(res.body.items).toHaveLength(2);
      for (const c of res.body.items) {
        expect(c).toMatchObject({ documentId: doc.id, state: 'open', question: '请提出公开属性意见', answer: null });
        expect(Date.parse(c.dueAt)).toBeGreaterThan(Date.now());
      }
      const a = res.body.items.find((c: { unitId: string }) => c.unitId === d.unitA.id);
      const b = res.body.items.find((c: { unitId: string }) => c.unitId === d.unitB.id);
      expect((await history(doc.id)).map((h) => h.action)).toContain('consult');

      // Lists: a liaison sees its unit's consultations only; the office sees all.
      const mine = await t.http.get('/api/v1/consultations?state=open').set(bearer(d.tokens.liaisonA));
      expect(mine.status).toBe(200);
      expect(mine.body.items.map((c: { id: string }) => c.id)).toContain(a.id);
      expect(mine.body.items.every((c: { unitId: string }) => c.unitId === d.unitA.id)).toBe(true);
      const all = await t.http.get('/api/v1/consultations').set(bearer(d.tokens.officer));
      expect(all.body.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([a.id, b.id]));
      expect((await t.http.get('/api/v1/consultations').set(bearer(d.tokens.drafterA))).status).toBe(403);

      // The consulted liaisons may read the document; nobody else gains access.
      expect((await t.http.get(`/api/v1/documents/${doc.id}`).set(bearer(d.tokens.liaisonA))).status).toBe(200);
      expect((await t.http.get(`/api/v1/documents/${doc.id}`).set(bearer(d.tokens.liaisonB))).status).toBe(200);
      const other = await atOffice();
      expect((await t.http.get(`/api/v1/documents/${other.id}`).set(bearer(d.tokens.liaisonA))).status).toBe(404);
      const listed = await t.http.get('/api/v1/documents?limit=100').set(bearer(d.tokens.liaisonA));
      expect(listed.body.items.map((x: { id: string }) => x.id)).toContain(doc.id);
      expect(listed.body.items.map((x: { id: string }) => x.id)).not.toContain(other.id);

      // Answers: another unit's liaison 404, bad input 400, then the answer, then 409.
      expect((await post(d.tokens.liaisonB, `/api/v1/consultations/${a.id}/answer`, { opinion: 'agree', comment: '同意' })).status).toBe(404);
      expect((await post(d.tokens.liaisonA, `/api/v1/consultations/${a.id}/answer`, { opinion: 'maybe', comment: '同意' })).status).toBe(400);
      expect((await post(d.tokens.liaisonA, `/api/v1/consultations/${a.id}/answer`, { opinion: 'agree', publicAttribute: 'not_public', comment: '不宜公开' })).status).toBe(400);
      const answered = await post(d.tokens.liaisonA, `/api/v1/consultations/${a.id}/answer`, { opinion: 'disagree', publicAttribute: 'on_application', comment: '涉及在办事项，建议依申请公开' });
      expect(answered.status).toBe(200);
      expect(answered.body).toMatchObject({ state: 'answered', answer: { opinion: 'disagree', publicAttribute: 'on_application', comment: '涉及在办事项，建议依申请公开' } });
      expect((await post(d.tokens.liaisonA, `/api/v1/consultations/${a.id}/answer`, { opinion: 'agree', comment: '再答' })).status).toBe(409);

      // The office's approval waits for every answer, or closes the open ones with a comment.
      const [cur] = await t.sql<{ version: number }>(`SELECT version FROM documents WHERE id = $1`, [doc.id]);
      const waiting = await step('officer', { id: doc.id, version: cur.version }, { action: 'approve' });
      expect(waiting.status).toBe(409);
      expect(waiting.body.message).toContain(b.id);
      expect((await step('officer', { id: doc.id, version: cur.version }, { action: 'approve', closeOpenConsultations: true })).status).toBe(400);
      const approved = await step('officer', { id: doc.id, version: cur.version }, { action: 'approve', closeOpenConsultations: true, comment: '教育局未在期限内答复，按发改委意见办理' });
      expect(approved.status).toBe(200);
      expect(approved.body.state).toBe('leader_review');
      const after = await t.http.get(`/api/v1/documents/${doc.id}/consultations`).set(bearer(d.tokens.officer));
      expect(after.body.items.map((c: { unitId: string; state: string }) => [c.unitId, c.state]).sort()).toEqual([[d.unitA.id, 'answered'], [d.unitB.id, 'closed']].sort());
      expect((await post(d.tokens.liaisonB, `/api/v1/consultations/${b.id}/answer`, { opinion: 'agree', comment: '迟到的答复' })).status).toBe(409);
      expect((await history(doc.id)).map((h) => h.action)).toEqual(expect.arrayContaining(['consult', 'consultation_answer', 'consultation_closed', 'approve']));
    });

    it('refuses bad consultations with a clear 4xx and writes nothing', async () => {
      const doc = await atOffice();
      const url = `/api/v1/documents/${doc.id}/consultations`;
      const early = await walk(t, d, 'drafterA', FULL_CHAIN.slice(0, 1));
      const before = await changed();
      expect((await post(d.tokens.officer, url, { unitIds: ['00000000-0000-4000-8000-000000000000'], question: '意见' })).status).toBe(400);
      expect((await post(d.tokens.officer, url, { unitIds: [d.unitA.id, d.unitA.id], question: '意见' })).status).toBe(400);
      expect((await post(d.tokens.officer, url, { unitIds: [], question: '意见' })).status).toBe(400);
      expect((await post(d.tokens.officer, url, { unitIds: [d.unitA.id], question: '' })).status).toBe(400);
      expect((await post(d.tokens.officer, url, { unitIds: [d.unitA.id], question: '意见', dueInWorkingDays: 0 })).status).toBe(400);
      expect((await post(d.tokens.liaisonA, url, { unitIds: [d.unitA.id], question: '意见' })).status).toBe(404);
      expect((await post(d.tokens.reviewerA, url, { unitIds: [d.unitA.id], question: '意见' })).status).toBe(403);
      expect((await post(d.tokens.officer, `/api/v1/documents/${early.id}/consultations`, { unitIds: [d.unitA.id], question: '意见' })).status).toBe(409);
      expect(await changed()).toBe(before);
      // Twice for the same open round: 409, the first one stays the only one.
      expect((await post(d.tokens.officer, url, { unitIds: [d.unitA.id], question: '意见', dueInWorkingDays: 3 })).status).toBe(201);
      const again = await post(d.tokens.officer, url, { unitIds: [d.unitB.id, d.unitA.id], question: '再问' });
      expect(again.status).toBe(409);
      expect(await t.sql(`SELECT unit_id FROM consultations WHERE document_id = $1`, [doc.id])).toHaveLength(1);
    });

    it('two officers closing the consultations while the liaison answers: one consistent outcome', async () => {
      for (let round = 0; round < 3; round++) {
        const doc = await atOffice();
        const created = await post(d.tokens.officer, `/api/v1/documents/${doc.id}/consultations`, { unitIds: [d.unitA.id], question: '意见' });
        const c = created.body.items[0];
        const body = { action: 'approve', closeOpenConsultations: true, comment: '不再等待' };
        const [o1, o2, ans] = await Promise.all([
          step('officer', doc, body),
          step('officer2', doc, body),
          post(d.tokens.liaisonA, `/api/v1/consultations/${c.id}/answer`, { opinion: 'agree', comment: '同意' }),
        ]);
        const approvals = [o1.status, o2.status].filter((s) => s === 200);
        if (approvals.length !== 1) throw new Error(JSON.stringify([o1.body, o2.body, ans.body]));
        expect(approvals).toHaveLength(1);
        expect([o1.status, o2.status].every((s) => s === 200 || s === 412)).toBe(true);
        const [row] = await t.sql<{ state: string; answered_at: Date | null; closed_at: Date | null }>(`SELECT state, answered_at, closed_at FROM consultations WHERE id = $1`, [c.id]);
        if (ans.status === 200) expect(row).toMatchObject({ state: 'answered', closed_at: null });
        else {
          expect(ans.status).toBe(409);
          expect(row).toMatchObject({ state: 'closed', answered_at: null });
        }
        const [docRow] = await t.sql<{ state: string; office: string[] }>(`SELECT state, office_approver_ids AS office FROM documents WHERE id = $1`, [doc.id]);
        expect(docRow.state).toBe('leader_review');
        expect(docRow.office).toHaveLength(1);
      }
    });
  });

  describe('return to the previous step and recall', () => {
    it('return with to: previous sends it one step back, which approves again', async () => {
      const doc = await walk(t, d, 'drafterA', FULL_CHAIN.slice(0, 3));
      expect((await step('leaderA', doc, { action: 'return', to: 'previous' })).status).toBe(400); // comment required
      const back = await step('leaderA', doc, { action: 'return', to: 'previous', comment: '请公开办再核公开属性' });
      expect(back.status).toBe(200);
      expect(back.body.state).toBe('attribute_review');
      const again = await step('officer', back.body, { action: 'approve' });
      expect(again.body.state).toBe('leader_review');
      const back2 = await step('leaderA', again.body, { action: 'return', to: 'previous', comment: '再核' });
      const toSecrecy = await step('officer', back2.body, { action: 'return', to: 'previous', comment: '请重新保密审查' });
      expect(toSecrecy.body.state).toBe('secrecy_review');
      // From secrecy review there is no previous review step; `to` goes with return only.
      expect((await step('reviewerA', toSecrecy.body, { action: 'return', to: 'previous', comment: '无' })).status).toBe(400);
      expect((await step('reviewerA', toSecrecy.body, { action: 'approve', to: 'drafter' })).status).toBe(400);
      expect((await step('reviewerA', toSecrecy.body, { action: 'return', to: 'elsewhere', comment: '无' })).status).toBe(400);
      const published = await walk(t, d, 'drafterA', FULL_CHAIN);
      expect(published.state).toBe('published');
    });

    it('recall: the last step’s taker takes it back while the next step has not acted; the recaller no longer counts', async () => {
      const doc = await walk(t, d, 'drafterA', FULL_CHAIN.slice(0, 1));
      const drafterBack = await step('drafterA', doc, { action: 'recall' });
      expect(drafterBack.status).toBe(200);
      expect(drafterBack.body.state).toBe('draft');
      const resubmitted = await step('drafterA', drafterBack.body, { action: 'submit' });
      const approved = await step('reviewerA', resubmitted.body, { action: 'approve' });
      expect(approved.body.state).toBe('attribute_review');
      // Anyone else: 403 (or 404 for who cannot read it).
      expect((await step('officer2', approved.body, { action: 'recall' })).status).toBe(403);
      expect((await step('reviewerB', approved.body, { action: 'recall' })).status).toBe(404);
      const recalled = await step('reviewerA', approved.body, { action: 'recall' });
      expect(recalled.status).toBe(200);
      expect(recalled.body.state).toBe('secrecy_review');
      const [row] = await t.sql<{ s: string[] }>(`SELECT secrecy_approver_ids AS s FROM documents WHERE id = $1`, [doc.id]);
      expect(row.s).toEqual([]);
      // The actions route offers recall only to the last step's taker, only while it is the last.
      const again = await step('reviewerA', recalled.body, { action: 'approve' });
      const offered = await t.http.get(`/api/v1/documents/${doc.id}/actions`).set(bearer(d.tokens.reviewerA));
      expect(offered.body.actions).toContain('recall');
      const office = await step('officer', again.body, { action: 'approve' });
      expect((await t.http.get(`/api/v1/documents/${doc.id}/actions`).set(bearer(d.tokens.reviewerA))).body.actions).not.toContain('recall');
      // After the next step acted: 409 for the earlier step's taker.
      expect((await step('reviewerA', office.body, { action: 'recall' })).status).toBe(409);
      const officeBack = await step('officer', office.body, { action: 'recall' });
      expect(officeBack.body.state).toBe('attribute_review');
      // A consultation since the last step counts as the next step acting.
      const c = await post(d.tokens.officer, `/api/v1/documents/${doc.id}/consultations`, { unitIds: [d.unitB.id], question: '意见' });
      expect(c.status).toBe(201);
      expect((await step('reviewerA', officeBack.body, { action: 'recall' })).status).toBe(409);
      expect((await history(doc.id)).filter((h) => h.action === 'recall')).toHaveLength(3);
    });
  });

  describe('delegation', () => {
    it('a deputy takes the delegator’s step with the delegator’s scope; the history shows both; separation counts both', async () => {
      const now = Date.now();
      const period = { startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 86_400_000).toISOString() };
      // leaderB deputises for leaderA (who leads unit A).
      const created = await post(d.tokens.leaderA, '/api/v1/delegations', { toUserId: d.ids.leaderB, ...period, reason: '出差' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ fromUserId: d.ids.leaderA, toUserId: d.ids.leaderB, active: true });
      const login = await t.http.post('/api/v1/auth/login').send({ username: (await t.sql<{ username: string }>(`SELECT username FROM users WHERE id = $1`, [d.ids.leaderB]))[0].username, password: PASSWORD });
      const deputy = login.body.accessToken as string;
      const doc = await walk(t, d, 'drafterA', FULL_CHAIN.slice(0, 3));
      const tasks = await t.http.get('/api/v1/tasks?limit=100').set(bearer(deputy));
      expect(tasks.body.items.map((x: { id: string }) => x.id)).toContain(doc.id);
      const actions = await t.http.get(`/api/v1/documents/${doc.id}/actions`).set(bearer(deputy));
      expect(actions.body).toMatchObject({ onBehalfOfId: d.ids.leaderA });
      expect(actions.body.actions).toContain('approve');
      const signed = await post(deputy, `/api/v1/documents/${doc.id}/transitions`, { action: 'approve' }, { 'If-Match': `"${doc.version}"` });
      expect(signed.status).toBe(200);
      expect(signed.body.state).toBe('published');
      const last = (await history(doc.id)).at(-1)!;
      expect(last).toMatchObject({ action: 'approve', actorId: d.ids.leaderB, onBehalfOfId: d.ids.leaderA });
      const [audit] = await t.sql<{ actor_id: string; data: { onBehalfOfId: string } }>(`SELECT actor_id, data FROM audit_log WHERE action = 'document.approve' AND subject_id = $1 ORDER BY id DESC LIMIT 1`, [doc.id]);
      expect(audit).toMatchObject({ actor_id: d.ids.leaderB, data: { onBehalfOfId: d.ids.leaderA } });
      const [row] = await t.sql<{ l: string[] }>(`SELECT leader_approver_ids AS l FROM documents WHERE id = $1`, [doc.id]);
      expect(row.l.sort()).toEqual([d.ids.leaderA, d.ids.leaderB].sort());

      // The office approver as deputy of the leader: a second step of the same document, 403.
      await post(d.tokens.admin, '/api/v1/delegations', { fromUserId: d.ids.leaderA, toUserId: d.ids.officer, startsAt: new Date(now + 2 * 86_400_000).toISOString(), endsAt: new Date(now + 3 * 86_400_000).toISOString(), reason: '休假' });
      const g = (await t.http.get('/api/v1/delegations').set(bearer(d.tokens.leaderA))).body.items as { id: string; toUserId: string }[];
      // End the first delegation and name the officer for now instead.
      const first = g.find((x) => x.toUserId === d.ids.leaderB)!;
      expect((await t.http.delete(`/api/v1/delegations/${first.id}`).set(bearer(d.tokens.leaderB))).status).toBe(404);
      expect((await t.http.delete(`/api/v1/delegations/${first.id}`).set(bearer(d.tokens.leaderA))).status).toBe(204);
      expect((await t.http.delete(`/api/v1/delegations/${first.id}`).set(bearer(d.tokens.leaderA))).status).toBe(404);
      expect((await post(d.tokens.leaderA, '/api/v1/delegations', { toUserId: d.ids.officer, ...period, reason: '出差' })).status).toBe(201);
      const officerLogin = await t.http.post('/api/v1/auth/login').send({ username: (await t.sql<{ username: string }>(`SELECT username FROM users WHERE id = $1`, [d.ids.officer]))[0].username, password: PASSWORD });
      const officerAsDeputy = officerLogin.body.accessToken as string;
      const doc2 = await walk(t, d, 'drafterA', FULL_CHAIN.slice(0, 3)); // the officer approved its office step
      const twice = await post(officerAsDeputy, `/api/v1/documents/${doc2.id}/transitions`, { action: 'approve' }, { 'If-Match': `"${doc2.version}"` });
      expect(twice.status).toBe(403);
      // The ended delegation no longer works: leaderB cannot read unit A's documents any more.
      expect((await t.http.get(`/api/v1/documents/${doc2.id}`).set(bearer(deputy))).status).toBe(404);
    });

    it('refuses self-delegation, inactive or unknown deputies, empty and overlapping periods (400) and writes nothing', async () => {
      const now = Date.now();
      const p = { startsAt: new Date(now + 10 * 86_400_000).toISOString(), endsAt: new Date(now + 12 * 86_400_000).toISOString(), reason: '培训' };
      const inactive = await t.http.post('/api/v1/users').set(bearer(d.tokens.admin)).send({ username: `gone.${now}`, password: PASSWORD, displayName: '已离职', unitId: d.office.id, roles: ['leader'], leadsUnitIds: [] });
      await t.http.patch(`/api/v1/users/${inactive.body.id}`).set(bearer(d.tokens.admin)).send({ active: false });
      expect((await post(d.tokens.officer2, '/api/v1/delegations', { toUserId: d.ids.reviewerB, ...p })).status).toBe(201);
      const before = await changed();
      const refused = [
        await post(d.tokens.officer2, '/api/v1/delegations', { toUserId: d.ids.officer2, ...p }),
        await post(d.tokens.officer2, '/api/v1/delegations', { toUserId: inactive.body.id, ...p }),
        await post(d.tokens.officer2, '/api/v1/delegations', { toUserId: '00000000-0000-4000-8000-000000000000', ...p }),
        await post(d.tokens.officer2, '/api/v1/delegations', { toUserId: d.ids.leaderB, startsAt: p.endsAt, endsAt: p.startsAt, reason: '反了' }),
        await post(d.tokens.officer2, '/api/v1/delegations', { toUserId: d.ids.leaderB, startsAt: new Date(now + 11 * 86_400_000).toISOString(), endsAt: new Date(now + 13 * 86_400_000).toISOString(), reason: '重叠' }),
        await post(d.tokens.officer2, '/api/v1/delegations', { toUserId: d.ids.leaderB, startsAt: 'tomorrow', endsAt: p.endsAt, reason: 'x' }),
      ];
      expect(refused.map((r) => r.status)).toEqual([400, 400, 400, 400, 400, 400]);
      expect(refused[0].body.message).toMatch(/own deputy/);
      expect(refused[4].body.message).toMatch(/overlaps/);
      // Someone else's delegator: only an admin.
      expect((await post(d.tokens.officer2, '/api/v1/delegations', { fromUserId: d.ids.officer, toUserId: d.ids.leaderB, ...p })).status).toBe(403);
      expect(await changed()).toBe(before);
    });
  });

  describe('deadlines, supervision and urging', () => {
    it('a document in review carries stepDueAt: the end of the N-th working day; the admin sets N and documents follow', async () => {
      const doc = await walk(t, d, 'drafterA', FULL_CHAIN.slice(0, 1));
      expect(doc.stepDueAt).toMatch(/T15:59:59\.999Z$/); // 23:59:59.999 China time
      const limits = await t.http.get('/api/v1/settings/step-deadlines').set(bearer(d.tokens.admin));
      expect(limits.status).toBe(200);
      expect(limits.body).toEqual({ secrecy_review: 3, attribute_review: 5, leader_review: 3 });
      expect((await t.http.get('/api/v1/settings/step-deadlines').set(bearer(d.tokens.officer))).status).toBe(403);
      for (const bad of [{ secrecy_review: 0, attribute_review: 5, leader_review: 3 }, { secrecy_review: 2.5, attribute_review: 5, leader_review: 3 }, { secrecy_review: 3, attribute_review: 5 }, { secrecy_review: 3, attribute_review: 5, leader_review: 3, other: 1 }]) {
        expect((await t.http.put('/api/v1/settings/step-deadlines').set(bearer(d.tokens.admin)).send(bad)).status).toBe(400);
      }
      const put = await t.http.put('/api/v1/settings/step-deadlines').set(bearer(d.tokens.admin)).send({ secrecy_review: 10, attribute_review: 5, leader_review: 3 });
      expect(put.status).toBe(200);
      const later = (await t.http.get(`/api/v1/documents/${doc.id}`).set(bearer(d.tokens.drafterA))).body;
      expect(Date.parse(later.stepDueAt)).toBeGreaterThan(Date.parse(doc.stepDueAt as string) + 6 * 86_400_000);
      await t.http.put('/api/v1/settings/step-deadlines').set(bearer(d.tokens.admin)).send({ secrecy_review: 3, attribute_review: 5, leader_review: 3 });
      const published = await walk(t, d, 'drafterA', FULL_CHAIN);
      expect(published.stepDueAt).toBeNull();
    });

    it('a calendar change moves the due dates of documents in review', async () => {
      const doc = await walk(t, d, 'drafterA', FULL_CHAIN.slice(0, 1));
      const due = new Date(doc.stepDueAt as string);
      const dueDay = new Date(due.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
      const res = await t.http.post('/api/v1/calendar/overrides').set(bearer(d.tokens.admin)).send({ overrides: [{ date: dueDay, kind: 'holiday', name: '临时调休' }] });
      expect(res.status).toBe(201);
      const moved = (await t.http.get(`/api/v1/documents/${doc.id}`).set(bearer(d.tokens.drafterA))).body;
      expect(Date.parse(moved.stepDueAt)).toBeGreaterThan(due.getTime());
      await t.http.delete(`/api/v1/calendar/overrides/${dueDay}`).set(bearer(d.tokens.admin));
      expect((await t.http.get(`/api/v1/documents/${doc.id}`).set(bearer(d.tokens.drafterA))).body.stepDueAt).toBe(doc.stepDueAt);
    });

    it('supervision lists overdue and due-soon items per unit; the office urges a step', async () => {
      const late = await walk(t, d, 'drafterB', [['drafterB', { action: 'submit' }]]);
      await t.sql(`UPDATE documents SET step_due_at = now() - interval '20 days' WHERE id = $1`, [late.id]);
      const board = await t.http.get('/api/v1/supervision').set(bearer(d.tokens.officer));
      expect(board.status).toBe(200);
      const item = board.body.overdue.find((i: { id: string }) => i.id === late.id);
      expect(item).toMatchObject({ kind: 'document_step', unitId: d.unitB.id, state: 'secrecy_review' });
      expect(item.overdueWorkingDays).toBeGreaterThanOrEqual(10);
      expect(board.body.byUnit.find((u: { unitId: string }) => u.unitId === d.unitB.id).overdue).toBeGreaterThanOrEqual(1);
      const days = board.body.overdue.map((i: { overdueWorkingDays: number }) => i.overdueWorkingDays);
      expect(days).toEqual([...days].sort((a: number, b: number) => b - a));
      expect((await t.http.get('/api/v1/supervision').set(bearer(d.tokens.leaderA))).status).toBe(200);
      expect((await t.http.get('/api/v1/supervision').set(bearer(d.tokens.admin))).status).toBe(200);
      expect((await t.http.get('/api/v1/supervision').set(bearer(d.tokens.drafterA))).status).toBe(403);
      expect((await t.http.get('/api/v1/supervision').set(bearer(d.tokens.liaisonA))).status).toBe(403);

      const urged = await post(d.tokens.officer, `/api/v1/documents/${late.id}/urge`, { comment: '请于今日内完成保密审查' });
      expect(urged.status).toBe(201);
      expect(urged.body).toMatchObject({ documentId: late.id, state: 'secrecy_review' });
      expect((await history(late.id)).at(-1)).toMatchObject({ action: 'urge', comment: '请于今日内完成保密审查' });
      expect((await post(d.tokens.officer, `/api/v1/documents/${late.id}/urge`, { comment: '' })).status).toBe(400);
      expect((await post(d.tokens.drafterB, `/api/v1/documents/${late.id}/urge`, { comment: '催' })).status).toBe(403);
      const done = await walk(t, d, 'drafterA', FULL_CHAIN);
      expect((await post(d.tokens.officer, `/api/v1/documents/${done.id}/urge`, { comment: '催' })).status).toBe(409);
      // An urge changes nothing of the document: the version stays.
      expect((await t.http.get(`/api/v1/documents/${late.id}`).set(bearer(d.tokens.drafterB))).body.version).toBe(late.version);
    });
  });
});
