/**
 * Role × action × state × relation to the document, written out. Every cell is requested over
 * HTTP; a denied cell must leave the document unchanged.
 */
import { PASSWORD, bearer, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';

/**
 * deputyL: a leader of unit B, deputy (代理) of leaderA; deputyR: a secrecy reviewer of unit B,
 * deputy of reviewerA. A deputy holds the delegator's review steps with the delegator's scope.
 * The liaisons of units A and B see no document that was not consulted with their unit.
 */
const ACTORS = ['drafterA', 'drafterA2', 'drafterB', 'reviewerA', 'reviewerB', 'officer', 'leaderA', 'leaderB', 'admin', 'allRoundA', 'liaisonA', 'liaisonB', 'deputyL', 'deputyR'] as const;
const ACTIONS = ['submit', 'approve', 'return', 'withdraw', 'revoke'] as const;
type Row = [number, number, number, number, number];

/** Documents drafted by drafterA in unit A. 404 = not visible, 409 = not in this state, 403 = not allowed. */
const MATRIX: Record<string, Record<(typeof ACTORS)[number], Row>> = {
  //                         submit approve return withdraw revoke
  draft: {
    drafterA: /*  own   */ [200, 409, 409, 200, 409],
    drafterA2: /* colleague */ [404, 404, 404, 404, 404],
    drafterB: /*  other unit */ [404, 404, 404, 404, 404],
    reviewerA: [404, 404, 404, 404, 404],
    reviewerB: [404, 404, 404, 404, 404],
    officer: [404, 404, 404, 404, 404],
    leaderA: [404, 404, 404, 404, 404],
    leaderB: [404, 404, 404, 404, 404],
    admin: /* no document rule at all: nothing is visible */ [404, 404, 404, 404, 404],
    allRoundA: [404, 404, 404, 404, 404],
    liaisonA: [404, 404, 404, 404, 404],
    liaisonB: [404, 404, 404, 404, 404],
    deputyL: [404, 404, 404, 404, 404],
    deputyR: [404, 404, 404, 404, 404],
  },
  returned: {
    drafterA: [200, 409, 409, 200, 409],
    drafterA2: [403, 409, 409, 403, 409],
    drafterB: [404, 404, 404, 404, 404],
    reviewerA: [403, 409, 409, 403, 409],
    reviewerB: [404, 404, 404, 404, 404],
    officer: [403, 409, 409, 403, 409],
    leaderA: [403, 409, 409, 403, 409],
    leaderB: [404, 404, 404, 404, 404],
    admin: /* no document rule at all: nothing is visible */ [404, 404, 404, 404, 404],
    allRoundA: [403, 409, 409, 403, 409],
    liaisonA: [404, 404, 404, 404, 404],
    liaisonB: [404, 404, 404, 404, 404],
    deputyL: [403, 409, 409, 403, 409],
    deputyR: [403, 409, 409, 403, 409],
  },
  secrecy_review: {
    drafterA: [409, 403, 403, 409, 409],
    drafterA2: [409, 403, 403, 409, 409],
    drafterB: [404, 404, 404, 404, 404],
    reviewerA: [409, 200, 200, 409, 409],
    reviewerB: [404, 404, 404, 404, 404],
    officer: [409, 403, 403, 409, 409],
    leaderA: [409, 403, 403, 409, 409],
    leaderB: [404, 404, 404, 404, 404],
    admin: /* no document rule at all: nothing is visible */ [404, 404, 404, 404, 404],
    allRoundA: [409, 200, 200, 409, 409],
    liaisonA: [404, 404, 404, 404, 404],
    liaisonB: [404, 404, 404, 404, 404],
    deputyL: [409, 403, 403, 409, 409],
    deputyR: [409, 200, 200, 409, 409],
  },
  attribute_review: {
    drafterA: [409, 403, 403, 409, 409],
    drafterA2: [409, 403, 403, 409, 409],
    drafterB: [404, 404, 404, 404, 404],
    reviewerA: [409, 403, 403, 409, 409],
    reviewerB: [404, 404, 404, 404, 404],
    officer: [409, 200, 200, 409, 409],
    leaderA: [409, 403, 403, 409, 409],
    leaderB: [404, 404, 404, 404, 404],
    admin: /* no document rule at all: nothing is visible */ [404, 404, 404, 404, 404],
    allRoundA: [409, 200, 200, 409, 409],
    liaisonA: [404, 404, 404, 404, 404],
    liaisonB: [404, 404, 404, 404, 404],
    deputyL: [409, 403, 403, 409, 409],
    deputyR: [409, 403, 403, 409, 409],
  },
  leader_review: {
    drafterA: [409, 403, 403, 409, 409],
    drafterA2: [409, 403, 403, 409, 409],
    drafterB: [404, 404, 404, 404, 404],
    reviewerA: [409, 403, 403, 409, 409],
    reviewerB: [404, 404, 404, 404, 404],
    officer: [409, 403, 403, 409, 409],
    leaderA: [409, 200, 200, 409, 409],
    leaderB: [404, 404, 404, 404, 404],
    admin: /* no document rule at all: nothing is visible */ [404, 404, 404, 404, 404],
    allRoundA: [409, 200, 200, 409, 409],
    liaisonA: [404, 404, 404, 404, 404],
    liaisonB: [404, 404, 404, 404, 404],
    deputyL: [409, 200, 200, 409, 409],
    deputyR: [409, 403, 403, 409, 409],
  },
  published: {
    drafterA: [409, 409, 409, 409, 403],
    drafterA2: [409, 409, 409, 409, 403],
    drafterB: [404, 404, 404, 404, 404],
    reviewerA: [409, 409, 409, 409, 403],
    reviewerB: [404, 404, 404, 404, 404],
    officer: [409, 409, 409, 409, 200],
    leaderA: [409, 409, 409, 409, 403],
    leaderB: [404, 404, 404, 404, 404],
    admin: /* no document rule at all: nothing is visible */ [404, 404, 404, 404, 404],
    allRoundA: [409, 409, 409, 409, 200],
    liaisonA: [404, 404, 404, 404, 404],
    liaisonB: [404, 404, 404, 404, 404],
    deputyL: [409, 409, 409, 409, 403],
    deputyR: [409, 409, 409, 409, 403],
  },
};

/** GET /documents/:id by state: who may read (200); everyone else, admins included, gets 404. */
const READ: Record<string, Partial<Record<(typeof ACTORS)[number], number>>> = {
  draft: { drafterA: 200 },
  returned: { drafterA: 200, drafterA2: 200, reviewerA: 200, officer: 200, leaderA: 200, allRoundA: 200, deputyL: 200, deputyR: 200 },
  secrecy_review: { drafterA: 200, drafterA2: 200, reviewerA: 200, officer: 200, leaderA: 200, allRoundA: 200, deputyL: 200, deputyR: 200 },
  attribute_review: { drafterA: 200, drafterA2: 200, reviewerA: 200, officer: 200, leaderA: 200, allRoundA: 200, deputyL: 200, deputyR: 200 },
  leader_review: { drafterA: 200, drafterA2: 200, reviewerA: 200, officer: 200, leaderA: 200, allRoundA: 200, deputyL: 200, deputyR: 200 },
  published: { drafterA: 200, drafterA2: 200, reviewerA: 200, officer: 200, leaderA: 200, allRoundA: 200, deputyL: 200, deputyR: 200 },
};

const PATH: Record<string, [string, Record<string, unknown>][]> = {
  draft: [],
  returned: [
    ['drafterA', { action: 'submit' }],
    ['reviewerA', { action: 'return', comment: '请修改' }],
  ],
  secrecy_review: [['drafterA', { action: 'submit' }]],
  attribute_review: [
    ['drafterA', { action: 'submit' }],
    ['reviewerA', { action: 'approve' }],
  ],
  leader_review: [
    ['drafterA', { action: 'submit' }],
    ['reviewerA', { action: 'approve' }],
    ['officer2', { action: 'approve' }],
  ],
  published: [
    ['drafterA', { action: 'submit' }],
    ['reviewerA', { action: 'approve' }],
    ['officer2', { action: 'approve' }],
    ['leaderA', { action: 'approve' }],
  ],
};

const bodyFor = (action: string) => (action === 'return' || action === 'revoke' ? { action, comment: '理由' } : { action });

describe('authorization matrix', () => {
  let t: TestApp;
  let d: District;
  beforeAll(async () => {
    t = await startTestApp();
    d = await seedDistrict(t);
    const admin = bearer(t.adminToken);
    const period = { startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt: new Date(Date.now() + 86_400_000).toISOString(), reason: '出差' };
    for (const [key, roles, from] of [
      ['deputyL', ['leader'], 'leaderA'],
      ['deputyR', ['secrecy_reviewer'], 'reviewerA'],
    ] as const) {
      const username = `${key.toLowerCase()}.${d.unitB.code.toLowerCase()}`;
      const u = await t.http.post('/api/v1/users').set(admin).send({ username, password: PASSWORD, displayName: key, unitId: d.unitB.id, roles, leadsUnitIds: key === 'deputyL' ? [d.unitB.id] : [] });
      expect(u.status).toBe(201);
      d.ids[key] = u.body.id;
      expect((await t.http.post('/api/v1/delegations').set(admin).send({ fromUserId: d.ids[from], toUserId: u.body.id, ...period })).status).toBe(201);
      d.tokens[key] = (await t.http.post('/api/v1/auth/login').send({ username, password: PASSWORD })).body.accessToken;
    }
  });
  afterAll(() => t.close());

  for (const state of Object.keys(MATRIX)) {
    it(`in state ${state}: every actor × action gives the written status, denials change nothing`, async () => {
      const shared = await walk(t, d, 'drafterA', PATH[state]);
      expect(shared.state).toBe(state);
      const got: Record<string, number[]> = {};
      for (const actor of ACTORS) {
        got[actor] = [];
        for (const action of ACTIONS) {
          const expected = MATRIX[state][actor][ACTIONS.indexOf(action)];
          const doc = expected === 200 ? await walk(t, d, 'drafterA', PATH[state]) : shared;
          const res = await t.http
            .post(`/api/v1/documents/${doc.id}/transitions`)
            .set(bearer(d.tokens[actor]))
            .set('If-Match', `"${doc.version}"`)
            .send(bodyFor(action));
          got[actor].push(res.status);
        }
      }
      expect(got).toEqual(Object.fromEntries(ACTORS.map((a) => [a, MATRIX[state][a]])));
      const after = await t.sql<{ version: number; state: string }>(`SELECT version, state FROM documents WHERE id = $1`, [shared.id]);
      expect(after[0]).toEqual({ version: shared.version, state });
    });

    it(`in state ${state}: reading the document and the list agree with the rules`, async () => {
      const doc = await walk(t, d, 'drafterA', PATH[state]);
      for (const actor of ACTORS) {
        const expected = READ[state][actor] ?? 404;
        const one = await t.http.get(`/api/v1/documents/${doc.id}`).set(bearer(d.tokens[actor]));
        expect([actor, one.status]).toEqual([actor, expected]);
        const hist = await t.http.get(`/api/v1/documents/${doc.id}/history`).set(bearer(d.tokens[actor]));
        expect([actor, hist.status]).toEqual([actor, expected]);
        if (actor === 'admin') continue; // admins hold no document rule: the list route itself is 403 (below)
        const ids: string[] = [];
        let cursor: string | null = null;
        do {
          const page: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } = await t.http
            .get(`/api/v1/documents?state=${state}&limit=100${cursor ? `&cursor=${cursor}` : ''}`)
            .set(bearer(d.tokens[actor]));
          expect(page.status).toBe(200);
          ids.push(...page.body.items.map((i) => i.id));
          cursor = page.body.nextCursor;
        } while (cursor);
        expect([actor, ids.includes(doc.id)]).toEqual([actor, expected === 200]);
      }
    });
  }

  it('a unit liaison reads exactly the documents consulted with its unit, and takes no step on them', async () => {
    const doc = await walk(t, d, 'drafterA', PATH.attribute_review);
    const other = await walk(t, d, 'drafterA', PATH.attribute_review);
    const consulted = await t.http.post(`/api/v1/documents/${doc.id}/consultations`).set(bearer(d.tokens.officer)).send({ unitIds: [d.unitA.id], question: '意见' });
    expect(consulted.status).toBe(201);
    const read = async (who: string, id: string) => (await t.http.get(`/api/v1/documents/${id}`).set(bearer(d.tokens[who]))).status;
    expect([await read('liaisonA', doc.id), await read('liaisonA', other.id), await read('liaisonB', doc.id)]).toEqual([200, 404, 404]);
    const listed = async (who: string) => ((await t.http.get('/api/v1/documents?limit=100').set(bearer(d.tokens[who]))).body.items as { id: string }[]).map((x) => x.id);
    expect((await listed('liaisonA')).includes(doc.id)).toBe(true);
    expect((await listed('liaisonA')).includes(other.id)).toBe(false);
    expect((await listed('liaisonB')).includes(doc.id)).toBe(false);
    for (const action of ACTIONS) {
      const res = await t.http.post(`/api/v1/documents/${doc.id}/transitions`).set(bearer(d.tokens.liaisonA)).set('If-Match', `"${doc.version}"`).send(bodyFor(action));
      expect([action, res.status]).toEqual([action, action === 'approve' || action === 'return' ? 403 : 409]);
    }
    expect((await t.http.get('/api/v1/tasks').set(bearer(d.tokens.liaisonA))).body.items).toEqual([]);
    // Consultations: each liaison its own unit's, in the list and one by one.
    const list = async (who: string) => ((await t.http.get('/api/v1/consultations?limit=100').set(bearer(d.tokens[who]))).body.items as { documentId: string }[]).map((c) => c.documentId);
    expect((await list('liaisonA')).includes(doc.id)).toBe(true);
    expect((await list('liaisonB')).includes(doc.id)).toBe(false);
    expect((await t.http.get(`/api/v1/documents/${doc.id}/consultations`).set(bearer(d.tokens.liaisonB))).status).toBe(404);
  });

  it('deputies: the delegator’s tasks are theirs; their own tasks stay; a delegation gives no second step', async () => {
    const atLeader = await walk(t, d, 'drafterA', PATH.leader_review);
    const tasks = ((await t.http.get('/api/v1/tasks?limit=100').set(bearer(d.tokens.deputyL))).body.items as { id: string; actions: string[] }[]).find((x) => x.id === atLeader.id);
    expect(tasks?.actions).toEqual(['approve', 'return']);
    const ownB = await walk(t, d, 'drafterB', [
      ['drafterB', { action: 'submit' }],
      ['reviewerB', { action: 'approve' }],
      ['officer2', { action: 'approve' }],
    ]);
    expect(((await t.http.get('/api/v1/tasks?limit=100').set(bearer(d.tokens.deputyL))).body.items as { id: string }[]).some((x) => x.id === ownB.id)).toBe(true);
    // deputyR approved unit A's secrecy step for reviewerA: neither may take another step of it.
    const doc = await walk(t, d, 'drafterA', [['drafterA', { action: 'submit' }], ['deputyR', { action: 'approve' }], ['officer2', { action: 'approve' }]]);
    const [row] = await t.sql<{ s: string[] }>(`SELECT secrecy_approver_ids AS s FROM documents WHERE id = $1`, [doc.id]);
    expect(row.s.sort()).toEqual([d.ids.reviewerA, d.ids.deputyR].sort());
    const hist = (await t.http.get(`/api/v1/documents/${doc.id}/history`).set(bearer(d.tokens.officer))).body as { action: string; actorId: string; onBehalfOfId: string | null }[];
    expect(hist.find((h) => h.actorId === d.ids.deputyR)).toMatchObject({ action: 'approve', onBehalfOfId: d.ids.reviewerA });
  });

  /**
   * Submitting the annual report to the upper-level platform (POST) and reading where it stands
   * (GET), for a year whose report is not published: an allowed caller reaches the rule of the
   * state (POST 409, GET 404), a refused one gets 403, and nothing is written either way.
   */
  it('annual report submissions: the office and admins submit, leaders read, nobody else', async () => {
    const EXPECTED: Record<(typeof ACTORS)[number], [number, number]> = {
      drafterA: [403, 403],
      drafterA2: [403, 403],
      drafterB: [403, 403],
      reviewerA: [403, 403],
      reviewerB: [403, 403],
      officer: [409, 404],
      leaderA: [403, 404],
      leaderB: [403, 404],
      admin: [409, 404],
      allRoundA: [409, 404],
      liaisonA: [403, 403],
      liaisonB: [403, 403],
      deputyL: /* a leader of unit B, not the office: a delegation passes no report rights */ [403, 404],
      deputyR: [403, 403],
    };
    const got: Record<string, [number, number]> = {};
    for (const actor of ACTORS) {
      const post = await t.http.post('/api/v1/reports/annual/2025/submissions').set(bearer(d.tokens[actor]));
      const get = await t.http.get('/api/v1/reports/annual/2025/submissions').set(bearer(d.tokens[actor]));
      got[actor] = [post.status, get.status];
    }
    expect(got).toEqual(EXPECTED);
    expect((await t.http.post('/api/v1/reports/annual/2025/submissions')).status).toBe(401);
    expect((await t.http.get('/api/v1/reports/annual/2025/submissions')).status).toBe(401);
    expect(await t.sql(`SELECT id FROM deliveries WHERE report_index_no IS NOT NULL`)).toEqual([]);
    expect(await t.sql(`SELECT id FROM audit_log WHERE action = 'report.submit'`)).toEqual([]);
  });

  it('the performance assessment: the office, leaders and the administrator read it; only the administrator sets the rubric; a unit’s statistics are public', async () => {
    const READERS = new Set(['officer', 'leaderA', 'leaderB', 'admin', 'allRoundA', 'deputyL']);
    const got: Record<string, number[]> = {};
    const want: Record<string, number[]> = {};
    const rubric = [{ key: 'documentsPublished', weight: 1 }];
    for (const actor of ACTORS) {
      const h = bearer(d.tokens[actor]);
      got[actor] = [
        (await t.http.get('/api/v1/performance/units?year=2025').set(h)).status,
        (await t.http.get(`/api/v1/performance/units/${d.unitA.id}/trend?year=2025`).set(h)).status,
        (await t.http.get('/api/v1/performance/trend?year=2025').set(h)).status,
        (await t.http.get('/api/v1/performance/rubric').set(h)).status,
        // An empty rubric is refused by validation: only the caller's right is tested here, nothing is stored.
        (await t.http.put('/api/v1/performance/rubric').set(h).send({ rubric: actor === 'admin' ? [] : rubric })).status,
        (await t.http.get(`/api/v1/units/${d.unitA.code}/statistics?year=2025`).set(h)).status,
      ];
      const read = READERS.has(actor) ? 200 : 403;
      want[actor] = [read, read, read, read, actor === 'admin' ? 400 : 403, 200];
    }
    expect(got).toEqual(want);
    const anonymous = [
      (await t.http.get('/api/v1/performance/units')).status,
      (await t.http.put('/api/v1/performance/rubric').send({ rubric })).status,
      (await t.http.get(`/api/v1/units/${d.unitA.code}/statistics`)).status,
    ];
    expect(anonymous).toEqual([401, 401, 200]);
    expect((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM performance_rubrics`))[0].n).toBe(1);
  });

  it('admins hold no rule on documents: list is 403', async () => {
    const res = await t.http.get('/api/v1/documents').set(bearer(d.tokens.admin));
    expect(res.status).toBe(403);
  });

  it('separation of duties: one person, one approval step, never on their own draft', async () => {
    // allRoundA approves the secrecy step, then may not give the office opinion or sign off.
    const doc = await walk(t, d, 'drafterA', [
      ['drafterA', { action: 'submit' }],
      ['allRoundA', { action: 'approve' }],
    ]);
    const office = await t.http.post(`/api/v1/documents/${doc.id}/transitions`).set(bearer(d.tokens.allRoundA)).set('If-Match', `"${doc.version}"`).send({ action: 'approve' });
    expect(office.status).toBe(403);
    expect(office.body.message).toMatch(/one person takes one step/);
    const byOfficer = await walk(t, d, 'drafterA', [
      ['drafterA', { action: 'submit' }],
      ['allRoundA', { action: 'approve' }],
      ['officer', { action: 'approve' }],
    ]);
    const lead = await t.http.post(`/api/v1/documents/${byOfficer.id}/transitions`).set(bearer(d.tokens.allRoundA)).set('If-Match', `"${byOfficer.version}"`).send({ action: 'approve' });
    expect(lead.status).toBe(403);

    // allRoundA drafts a document: no approval step on it, whatever roles they hold.
    const own = await walk(t, d, 'allRoundA', [['allRoundA', { action: 'submit' }]]);
    const self = await t.http.post(`/api/v1/documents/${own.id}/transitions`).set(bearer(d.tokens.allRoundA)).set('If-Match', `"${own.version}"`).send({ action: 'approve' });
    expect(self.status).toBe(403);
    expect(self.body.message).toMatch(/drafter/);
  });

  it('separation holds across rounds: a secrecy approver of an earlier round may not give the office opinion later', async () => {
    const doc = await walk(t, d, 'drafterA', [
      ['drafterA', { action: 'submit' }],
      ['allRoundA', { action: 'approve' }],
      ['officer', { action: 'return', comment: '请补充' }],
      ['drafterA', { action: 'submit' }],
      ['reviewerA', { action: 'approve' }],
    ]);
    const res = await t.http.post(`/api/v1/documents/${doc.id}/transitions`).set(bearer(d.tokens.allRoundA)).set('If-Match', `"${doc.version}"`).send({ action: 'approve' });
    expect(res.status).toBe(403);
  });

  it('tasks list exactly the documents the caller can act on', async () => {
    const doc = await walk(t, d, 'drafterA', [['drafterA', { action: 'submit' }]]);
    const mine = await t.http.get('/api/v1/tasks?limit=100').set(bearer(d.tokens.reviewerA));
    expect(mine.status).toBe(200);
    const item = mine.body.items.find((i: { id: string }) => i.id === doc.id);
    expect(item.actions).toEqual(['approve', 'return']);
    expect(item.title).toBeDefined();
    expect(mine.body.counts.secrecy_review).toBeGreaterThan(0);
    const other = await t.http.get('/api/v1/tasks?limit=100').set(bearer(d.tokens.reviewerB));
    expect(other.body.items.some((i: { id: string }) => i.id === doc.id)).toBe(false);
    const officer = await t.http.get('/api/v1/tasks?limit=100').set(bearer(d.tokens.officer));
    expect(officer.body.items.some((i: { id: string }) => i.id === doc.id)).toBe(false);
  });
});
