/**
 * The read-only rule tables the web UI takes from the server instead of copying them: the
 * workflow's transitions (GET /api/v1/workflow/rules) and disclosure on application's outcomes,
 * reasons and comment-bearing actions (GET /api/v1/applications/rules). Any signed-in user may
 * read them; without a token they are 401.
 */
import { ACTION_FIELDS } from '../src/modules/applications/application-actions.js';
import { ACTIONS } from '../src/modules/applications/application.types.js';
import { OUTCOMES, OUTCOME_REASONS } from '../src/modules/applications/domain/outcomes.js';
import { TRANSITIONS } from '../src/modules/workflow/transitions.js';
import { bearer, seedDistrict, startTestApp, type District, type TestApp } from './support/app.js';

describe('rule tables for clients', () => {
  let t: TestApp;
  let d: District;
  beforeAll(async () => {
    t = await startTestApp();
    d = await seedDistrict(t);
  });
  afterAll(() => t.close());

  it('GET /api/v1/workflow/rules: every transition with from, action, to and commentRequired, nothing more', async () => {
    const res = await t.http.get('/api/v1/workflow/rules').set(bearer(d.tokens.drafterA));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['transitions']);
    expect(res.body.transitions).toEqual(TRANSITIONS.map((x) => ({ from: x.from, action: x.action, to: x.to, commentRequired: x.commentRequired })));
    // Who may take a step is each caller's own ability, not part of the public table.
    for (const row of res.body.transitions) expect(Object.keys(row).sort()).toEqual(['action', 'commentRequired', 'from', 'to']);
    expect(res.body.transitions).toContainEqual({ from: 'leader_review', action: 'return', to: 'returned', commentRequired: true });
    expect(res.body.transitions).toContainEqual({ from: 'leader_review', action: 'approve', to: 'decided', commentRequired: false });
    expect(res.body.transitions).toContainEqual({ from: 'published', action: 'revoke', to: 'revoked', commentRequired: true });
  });

  it('GET /api/v1/applications/rules: the outcomes with their reasons, and which actions need a comment', async () => {
    const res = await t.http.get('/api/v1/applications/rules').set(bearer(d.tokens.reviewerB));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['actions', 'outcomes']);
    expect(res.body.outcomes).toEqual(OUTCOMES.map((outcome) => ({ outcome, reasons: [...OUTCOME_REASONS[outcome]] })));
    expect(res.body.outcomes).toContainEqual({ outcome: 'disclosed', reasons: [] });
    expect(res.body.outcomes).toContainEqual({ outcome: 'unable_to_provide', reasons: ['not_held', 'needs_creation', 'unclear_after_correction'] });
    expect(res.body.actions).toEqual(ACTIONS.map((action) => ({ action, commentRequired: ACTION_FIELDS[action].required.includes('comment') })));
    expect(res.body.actions.filter((a: { commentRequired: boolean }) => a.commentRequired).map((a: { action: string }) => a.action)).toEqual([
      'request_correction',
      'consult_third_party',
      'extend',
      'reply',
    ]);
  });

  it('any signed-in user may read both, whatever their roles (the admin too)', async () => {
    for (const who of ['admin', 'drafterA', 'reviewerA', 'officer', 'leaderA']) {
      for (const path of ['/api/v1/workflow/rules', '/api/v1/applications/rules']) {
        const res = await t.http.get(path).set(bearer(d.tokens[who]));
        expect([who, path, res.status]).toEqual([who, path, 200]);
      }
    }
  });

  it('401 without a token or with a bad one', async () => {
    for (const path of ['/api/v1/workflow/rules', '/api/v1/applications/rules']) {
      const none = await t.http.get(path);
      expect([path, none.status]).toEqual([path, 401]);
      const bad = await t.http.get(path).set(bearer('not-a-token'));
      expect([path, bad.status]).toEqual([path, 401]);
    }
  });

  it('/api/v1/applications/rules is its own route, not an application id; both are in the OpenAPI document', async () => {
    // An officer may read applications: were "rules" taken for :id, this would be a 400 (not a UUID).
    const res = await t.http.get('/api/v1/applications/rules').set(bearer(d.tokens.officer));
    expect(res.status).toBe(200);
    expect(res.body.outcomes).toBeDefined();
    const unknown = await t.http.get('/api/v1/applications/00000000-0000-4000-8000-000000000000').set(bearer(d.tokens.officer));
    expect(unknown.status).toBe(404);
    const docs = await t.http.get('/api/docs-json');
    expect(docs.status).toBe(200);
    expect(docs.body.paths['/api/v1/workflow/rules']?.get).toBeDefined();
    expect(docs.body.paths['/api/v1/applications/rules']?.get).toBeDefined();
  });
});
