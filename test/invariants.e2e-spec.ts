/**
 * Invariants that must hold whatever clients do: nothing reaches the catalogue unless it is
 * proactive and went through three approvals by three different people, none its drafter;
 * exactly one decision per version; gap-free index numbers; a tamper-evident audit log.
 */
import fc from 'fast-check';
import { FULL_CHAIN, bearer, form, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';

const ACTORS = ['drafterA', 'drafterA2', 'reviewerA', 'officer', 'officer2', 'leaderA', 'allRoundA', 'drafterB', 'reviewerB', 'leaderB', 'liaisonA', 'liaisonB'];

/** The catalogue must equal exactly the properly approved proactive documents in state published. */
async function assertCatalogueInvariant(t: TestApp): Promise<void> {
  const leaks = await t.sql(`
    SELECT c.index_no, d.state, d.public_attribute
      FROM catalogue_entries c JOIN documents d ON d.id = c.document_id
     WHERE c.revoked_at IS NULL AND NOT (
           d.state = 'published' AND d.public_attribute = 'proactive'
       AND cardinality(d.secrecy_approver_ids) > 0 AND cardinality(d.office_approver_ids) > 0 AND cardinality(d.leader_approver_ids) > 0
       AND NOT (d.drafter_id = ANY (d.secrecy_approver_ids || d.office_approver_ids || d.leader_approver_ids))
       AND NOT (d.secrecy_approver_ids && d.office_approver_ids) AND NOT (d.secrecy_approver_ids && d.leader_approver_ids)
       AND NOT (d.office_approver_ids && d.leader_approver_ids))`);
  expect(leaks).toEqual([]);
  const missing = await t.sql(`
    SELECT d.id FROM documents d
     WHERE d.state = 'published' AND (SELECT count(*) FROM catalogue_entries c WHERE c.document_id = d.id AND c.revoked_at IS NULL) <> 1`);
  expect(missing).toEqual([]);
  // Every published document's history shows three approvals by three different people, none the drafter.
  const history = await t.sql(`
    SELECT d.id FROM documents d
     WHERE d.state = 'published' AND (
       SELECT count(DISTINCT h.actor_id) FROM document_history h
        WHERE h.document_id = d.id AND h.action = 'approve' AND h.actor_id <> d.drafter_id
          AND h.from_state IN ('secrecy_review', 'attribute_review', 'leader_review')) < 3`);
  expect(history).toEqual([]);
  const publicList = await t.http.get('/api/v1/catalogue?limit=100');
  for (const e of publicList.body.items as { documentId: string }[]) {
    const [doc] = await t.sql<{ state: string; public_attribute: string }>(`SELECT state, public_attribute FROM documents WHERE id = $1`, [e.documentId]);
    expect(doc).toEqual({ state: 'published', public_attribute: 'proactive' });
  }
}

describe('invariants', () => {
  let t: TestApp;
  let d: District;
  beforeAll(async () => {
    t = await startTestApp();
    d = await seedDistrict(t);
  });
  afterAll(() => t.close());

  it('random walks by every actor never publish anything that was not fully and properly approved', async () => {
    // Deputies (代理) that could be misused: drafterA2 for reviewerA, officer2 (an office approver) for
    // leaderA, leaderB for the officer. Separation of duties must count them with their delegators.
    const period = { startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString(), reason: '代理' };
    for (const [from, to] of [['reviewerA', 'drafterA2'], ['leaderA', 'officer2'], ['officer', 'leaderB']]) {
      const res = await t.http.post('/api/v1/delegations').set(bearer(t.adminToken)).send({ fromUserId: d.ids[from], toUserId: d.ids[to], ...period });
      expect(res.status).toBe(201);
    }
    let published = 0;
    // What the walks did, so that the property is known to have covered the new steps.
    const done: Record<string, number> = {};
    const count = (what: string, status: number, ok: number) => {
      if (status === ok) done[what] = (done[what] ?? 0) + 1;
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            doc: fc.nat({ max: 3 }),
            actor: fc.constantFrom(...ACTORS),
            action: fc.oneof(
              { weight: 2, arbitrary: fc.constant('submit') },
              { weight: 6, arbitrary: fc.constant('approve') },
              { weight: 1, arbitrary: fc.constantFrom('return', 'withdraw', 'revoke') },
              { weight: 3, arbitrary: fc.constantFrom('recall', 'return_previous', 'consult', 'answer') },
            ),
            close: fc.boolean(),
            // Keeping or choosing 主动公开 three times in four: a walk must pass two deciding steps
            // with it to reach the catalogue (uniform choices published ~3 documents in 30 walks).
            attr: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(undefined, 'proactive' as const) }, { weight: 1, arbitrary: fc.constantFrom('on_application' as const, 'not_public' as const) }),
            comment: fc.boolean(),
            stale: fc.boolean(),
            smart: fc.oneof({ weight: 2, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
            pick: fc.nat({ max: 5 }),
          }),
          { minLength: 10, maxLength: 40 },
        ),
        fc.constantFrom('drafterA', 'allRoundA', 'drafterB'),
        async (steps, drafter) => {
          const docs = await Promise.all([0, 1, 2, 3].map(() => walk(t, d, drafter, [])));
          for (const s of steps) {
            const doc = docs[s.doc];
            const [cur] = await t.sql<{ version: number; state: string }>(`SELECT version, state FROM documents WHERE id = $1`, [doc.id]);
            // Half of the steps are the next step by someone whose role fits the state, so walks do
            // reach the catalogue; the others are anybody doing anything.
            const unitA = drafter !== 'drafterB';
            const fitting: Record<string, string[]> = {
              draft: [drafter],
              returned: [drafter],
              secrecy_review: unitA ? ['reviewerA', 'allRoundA', 'drafterA2'] : ['reviewerB'],
              attribute_review: ['officer', 'officer2', 'allRoundA', 'leaderB'],
              leader_review: unitA ? ['leaderA', 'allRoundA', 'officer2'] : ['leaderB'],
              published: ['officer', 'officer2'],
            };
            const pool = fitting[cur.state] ?? ACTORS;
            const actor = s.smart ? pool[s.pick % pool.length] : s.actor;
            // At the office's step, smart walks also consult units and have their liaisons answer.
            const officeStep = s.smart && cur.state === 'attribute_review' ? ([null, 'consult', null, 'answer', null, null] as const)[s.pick] : null;
            const kind = officeStep ?? s.action;
            if (kind === 'consult' || kind === 'answer') {
              if (kind === 'consult') {
                const res = await t.http
                  .post(`/api/v1/documents/${doc.id}/consultations`)
                  .set(bearer(d.tokens[s.smart ? 'officer' : actor]))
                  .send({ unitIds: [s.pick % 2 ? d.unitA.id : d.unitB.id], question: '意见' });
                expect([201, 403, 404, 409]).toContain(res.status);
                count('consult', res.status, 201);
                if (res.status === 201 && s.smart) {
                  // The consulted unit's liaison answers at once, before the office moves on.
                  const c = res.body.items[0] as { id: string; unitId: string };
                  const answer = await t.http.post(`/api/v1/consultations/${c.id}/answer`).set(bearer(d.tokens[c.unitId === d.unitA.id ? 'liaisonA' : 'liaisonB'])).send({ opinion: 'agree', comment: '同意' });
                  expect(answer.status).toBe(200);
                  count('answer', answer.status, 200);
                }
              } else {
                const [open] = await t.sql<{ id: string; unit_id: string }>(`SELECT id, unit_id FROM consultations WHERE document_id = $1 AND state = 'open' LIMIT 1`, [doc.id]);
                if (!open) continue;
                const liaison = s.smart ? (open.unit_id === d.unitA.id ? 'liaisonA' : 'liaisonB') : actor;
                const res = await t.http.post(`/api/v1/consultations/${open.id}/answer`).set(bearer(d.tokens[liaison])).send({ opinion: s.comment ? 'agree' : 'disagree', comment: '意见' });
                expect([200, 403, 404, 409]).toContain(res.status);
                count('answer', res.status, 200);
              }
              continue;
            }
            const forward: Record<string, string> = { draft: 'submit', returned: 'submit', published: 'revoke' };
            let smartAction = forward[cur.state] ?? 'approve';
            let who = actor;
            if (s.smart && s.comment && s.stale && ['secrecy_review', 'attribute_review', 'leader_review'].includes(cur.state) && s.pick >= 4) {
              // Now and then the last step's taker recalls it, or the step returns to the previous one.
              const [last] = await t.sql<{ actor_id: string }>(`SELECT actor_id FROM document_history WHERE document_id = $1 AND action IN ('submit', 'approve') ORDER BY id DESC LIMIT 1`, [doc.id]);
              const key = Object.entries(d.ids).find(([, v]) => v === last?.actor_id)?.[0];
              if (s.pick === 5 && key) [smartAction, who] = ['recall', key];
              else if (s.pick === 4 && cur.state !== 'secrecy_review') [smartAction, who] = ['return_previous', pool[0]];
            }
            const body: Record<string, unknown> = { action: s.smart && !['recall', 'return_previous'].includes(s.action) ? smartAction : s.action };
            if (body.action === 'return_previous') Object.assign(body, { action: 'return', to: 'previous' });
            if (body.action === 'approve' && cur.state === 'attribute_review' && (s.close || s.smart)) body.closeOpenConsultations = true;
            const decides = cur.state === 'attribute_review' || cur.state === 'leader_review';
            if (s.comment || s.smart) body.comment = '意见';
            if (s.attr && (!s.smart || (decides && body.action === 'approve'))) {
              body.publicAttribute = s.attr;
              if (s.attr === 'not_public') body.nonDisclosureReason = 'internal_affairs';
            }
            const res = await t.http
              .post(`/api/v1/documents/${doc.id}/transitions`)
              .set(bearer(d.tokens[who]))
              .set('If-Match', `"${s.stale && !s.smart ? cur.version + 1 : cur.version}"`)
              .send(body);
            expect([200, 400, 403, 404, 409, 412]).toContain(res.status);
            count(body.to === 'previous' ? 'return_previous' : String(body.action), res.status, 200);
            if (res.status === 200 && ['drafterA2', 'officer2', 'leaderB'].includes(actor) && body.action === 'approve') {
              const [h] = await t.sql<{ on_behalf_of_id: string | null }>(`SELECT on_behalf_of_id FROM document_history WHERE document_id = $1 ORDER BY id DESC LIMIT 1`, [doc.id]);
              if (h.on_behalf_of_id) done.delegated = (done.delegated ?? 0) + 1;
            }
          }
          await assertCatalogueInvariant(t);
          published += (await t.sql(`SELECT 1 FROM documents WHERE id = ANY($1::uuid[]) AND state IN ('published', 'revoked')`, [docs.map((x) => x.id)])).length;
        },
      ),
      { numRuns: 40 },
    );
    // The walks must actually reach the catalogue, and take the new steps, for the property to mean something.
    expect(published).toBeGreaterThan(0);
    for (const what of ['consult', 'answer', 'recall', 'return_previous', 'delegated']) expect([what, (done[what] ?? 0) > 0]).toEqual([what, true]);
  }, 240_000);

  it('50 concurrent approvals of the same version: exactly one succeeds, one history row, one catalogue entry', async () => {
    const doc = await walk(t, d, 'drafterA', FULL_CHAIN.slice(0, 3));
    expect(doc.state).toBe('leader_review');
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        t.http.post(`/api/v1/documents/${doc.id}/transitions`).set(bearer(d.tokens.leaderA)).set('If-Match', `"${doc.version}"`).send({ action: 'approve' }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.every((s) => s === 200 || s === 409 || s === 412)).toBe(true);
    const hist = await t.sql(`SELECT 1 FROM document_history WHERE document_id = $1 AND from_state = 'leader_review'`, [doc.id]);
    expect(hist).toHaveLength(1);
    const entries = await t.sql(`SELECT 1 FROM catalogue_entries WHERE document_id = $1`, [doc.id]);
    expect(entries).toHaveLength(1);
    const changes = await t.sql(`SELECT 1 FROM catalogue_changes c JOIN catalogue_entries e USING (index_no) WHERE e.document_id = $1`, [doc.id]);
    expect(changes).toHaveLength(1);
  });

  it('index numbers stay gap-free per unit and year under concurrent publication', async () => {
    const ready = await Promise.all(Array.from({ length: 12 }, () => walk(t, d, 'drafterB', [['drafterB', { action: 'submit' }], ['reviewerB', { action: 'approve' }], ['officer', { action: 'approve' }]])));
    // Two of them fail at the last moment (stale version) and must not leave a hole.
    const results = await Promise.all(
      ready.map((doc, i) =>
        t.http.post(`/api/v1/documents/${doc.id}/transitions`).set(bearer(d.tokens.leaderB)).set('If-Match', `"${i < 2 ? doc.version + 5 : doc.version}"`).send({ action: 'approve' }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(10);
    const serials = await t.sql<{ serial: number }>(`SELECT serial FROM catalogue_entries WHERE unit_id = $1 ORDER BY serial`, [d.unitB.id]);
    const max = serials.length;
    expect(serials.map((s) => s.serial)).toEqual(Array.from({ length: max }, (_, i) => i + 1));
  });

  it('the database refuses what the service would never write', async () => {
    const doc = await walk(t, d, 'drafterA', []);
    await expect(t.sql(`UPDATE documents SET state = 'published' WHERE id = $1`, [doc.id])).rejects.toThrow(/documents_decided_fully_approved|check constraint/);
    await expect(t.sql(`UPDATE documents SET public_attribute = 'not_public' WHERE id = $1`, [doc.id])).rejects.toThrow(/documents_attribute_reason/);
    await expect(t.sql(`UPDATE documents SET secrecy_approver_ids = ARRAY[drafter_id] WHERE id = $1`, [doc.id])).rejects.toThrow(/documents_separation_of_duties/);
    await expect(t.sql(`UPDATE documents SET state = 'nonsense' WHERE id = $1`, [doc.id])).rejects.toThrow(/documents_state_known/);
  });
});

describe('audit log', () => {
  let t: TestApp;
  let d: District;
  beforeAll(async () => {
    t = await startTestApp();
    d = await seedDistrict(t);
    await walk(t, d, 'drafterA', FULL_CHAIN);
    await t.http.post('/api/v1/auth/login').send({ username: 'admin', password: 'wrong-password-1' });
    await t.http.get('/api/v1/users').set(bearer(d.tokens.drafterA)); // a denial
  });
  afterAll(() => t.close());

  it('records logins, failed logins, denials, admin changes and transitions', async () => {
    const rows = await t.sql<{ action: string }>(`SELECT DISTINCT action FROM audit_log`);
    const actions = rows.map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'auth.login_failed', 'authorization.denied', 'unit.create', 'user.create', 'document.create', 'document.submit', 'document.approve']));
    const secrets = await t.sql(`SELECT 1 FROM audit_log WHERE data::text ILIKE '%password-for-tests%' OR data::text ILIKE '%wrong-password%'`);
    expect(secrets).toHaveLength(0);
  });

  it('verify: 200 ok for admins, 403 for others', async () => {
    const ok = await t.http.get('/api/v1/audit/verify').set(bearer(t.adminToken));
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ ok: true, checked: expect.any(Number), firstBrokenId: null });
    expect(ok.body.checked).toBeGreaterThan(10);
    expect((await t.http.get('/api/v1/audit/verify').set(bearer(d.tokens.officer))).status).toBe(403);
  });

  it('the service’s role cannot change or delete audit rows, nor their links in the chain', async () => {
    await expect(t.sql(`UPDATE audit_log SET action = 'x' WHERE id = (SELECT min(id) FROM audit_log)`)).rejects.toThrow(/append-only/);
    await expect(t.sql(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(t.sql(`UPDATE audit_chain SET hash = repeat('0', 64) WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(t.sql(`DELETE FROM audit_chain`)).rejects.toThrow(/append-only/);
    await expect(t.sql(`TRUNCATE audit_chain`)).rejects.toThrow(/append-only/);
  });

  it('appends take no lock: an audited action completes while another audited transaction is still open, and is chained after both end', async () => {
    const pg = (await import('pg')).default;
    const open = new pg.Client({ connectionString: t.databaseUrl });
    await open.connect();
    try {
      await open.query('BEGIN');
      await open.query(`INSERT INTO audit_log (at, actor_id, action, data) VALUES (now(), NULL, 'test.open_transaction', '{}')`);
      // A login appends its own row: it must not wait for the open transaction (it used to, on the chain head).
      const login = await t.http.post('/api/v1/auth/login').send({ username: 'admin', password: 'wrong-password-2' });
      expect(login.status).toBe(401);
      const [failed] = await t.sql<{ id: string }>(`SELECT id::text FROM audit_log WHERE action = 'auth.login_failed' ORDER BY id DESC LIMIT 1`);
      // While the open transaction runs, nothing after it in transaction order is final: verify links up to it and is ok.
      const res = await t.http.get('/api/v1/audit/verify').set(bearer(t.adminToken));
      expect(res.body).toMatchObject({ ok: true, firstBrokenId: null });
      expect(await t.sql(`SELECT 1 FROM audit_chain WHERE id = $1`, [failed.id])).toEqual([]);
      await open.query('COMMIT');
      // The sequencer job (every second) links both once they are final, without a verify.
      const deadline = Date.now() + 30_000;
      let linked: unknown[] = [];
      while (linked.length < 2 && Date.now() < deadline) {
        linked = await t.sql(`SELECT c.id FROM audit_chain c JOIN audit_log a ON a.id = c.id WHERE a.action = 'test.open_transaction' OR a.id = $1`, [failed.id]);
        if (linked.length < 2) await new Promise((r) => setTimeout(r, 200));
      }
      expect(linked).toHaveLength(2);
      expect((await t.http.get('/api/v1/audit/verify').set(bearer(t.adminToken))).body).toMatchObject({ ok: true });
    } finally {
      await open.end();
    }
  });

  it('reports a row slipped in behind the sequencer (a transaction id before the last link)', async () => {
    await t.http.get('/api/v1/audit/verify').set(bearer(t.adminToken));
    const [slipped] = await t.sql<{ id: string }>(`INSERT INTO audit_log (at, action, data, txid) VALUES (now(), 'test.slipped_in', '{}', '1'::xid8) RETURNING id::text`);
    const res = await t.http.get('/api/v1/audit/verify').set(bearer(t.adminToken));
    expect(res.body).toMatchObject({ ok: false, firstBrokenId: slipped.id });
    await t.sql(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`);
    await t.sql(`DELETE FROM audit_log WHERE id = $1`, [slipped.id]);
    await t.sql(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete`);
    expect((await t.http.get('/api/v1/audit/verify').set(bearer(t.adminToken))).body).toMatchObject({ ok: true });
  });

  it('reports the first changed row, and a removed row, when someone goes around the trigger', async () => {
    // Rows in the chain's order (verify above linked every row).
    const [row] = await t.sql<{ id: string }>(`SELECT id::text FROM audit_chain ORDER BY seq OFFSET 5 LIMIT 1`);
    await t.sql(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`);
    await t.sql(`UPDATE audit_log SET data = '{"forged": true}' WHERE id = $1`, [row.id]);
    let res = await t.http.get('/api/v1/audit/verify').set(bearer(t.adminToken));
    expect(res.body).toMatchObject({ ok: false, firstBrokenId: row.id });

    // Remove the forged row: the row after it in the chain no longer links to its predecessor.
    const [later] = await t.sql<{ id: string }>(`SELECT id::text FROM audit_chain WHERE seq > (SELECT seq FROM audit_chain WHERE id = $1) ORDER BY seq LIMIT 1`, [row.id]);
    await t.sql(`DELETE FROM audit_log WHERE id = $1`, [row.id]);
    res = await t.http.get('/api/v1/audit/verify').set(bearer(t.adminToken));
    expect(res.body).toMatchObject({ ok: false, firstBrokenId: later.id });

    // Cutting the tail (the newest rows) is noticed through the chain head.
    await t.sql(`DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_chain WHERE seq >= (SELECT seq FROM audit_chain WHERE id = $1))`, [later.id]);
    await t.sql(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete`);
    res = await t.http.get('/api/v1/audit/verify').set(bearer(t.adminToken));
    expect(res.body.ok).toBe(false);
  });
});
