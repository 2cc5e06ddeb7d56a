import { startTestApp, type TestApp } from './support/app.js';

describe('platform: OpenAPI, health, headers, errors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('serves an OpenAPI 3 document covering every route, and its UI', async () => {
    const res = await t.http.get('/api/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    const paths = Object.keys(res.body.paths);
    for (const p of [
      '/api/v1/auth/login',
      '/api/v1/me',
      '/api/v1/units',
      '/api/v1/users',
      '/api/v1/users/{id}',
      '/api/v1/documents',
      '/api/v1/documents/{id}',
      '/api/v1/documents/{id}/history',
      '/api/v1/documents/{id}/transitions',
      '/api/v1/tasks',
      '/api/v1/catalogue',
      '/api/v1/catalogue/{indexNo}',
      '/api/v1/audit/verify',
      '/health',
      '/health/ready',
    ]) {
      expect(paths).toContain(p);
    }
    // Every operation states what it does.
    for (const [p, ops] of Object.entries(res.body.paths as Record<string, Record<string, { summary?: string }>>)) {
      for (const [method, op] of Object.entries(ops)) expect([p, method, typeof op.summary]).toEqual([p, method, 'string']);
    }
    const form = res.body.components.schemas.CreateDocumentRequest;
    expect(form.properties.title.example).toBeDefined();
    const ui = await t.http.get('/api/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toMatch(/swagger/i);
  });

  it('health and readiness', async () => {
    expect((await t.http.get('/health')).body).toEqual({ status: 'ok' });
    expect((await t.http.get('/health/ready')).body).toEqual({ status: 'ok' });
  });

  it('every answer carries security headers and a request id', async () => {
    for (const url of ['/health', '/api/v1/catalogue', '/api/v1/me', '/nope']) {
      const res = await t.http.get(url);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-frame-options']).toBeDefined();
      expect(res.headers['x-request-id']).toMatch(/[0-9a-f-]{36}/);
    }
  });

  it('unknown routes are 404 in the contract’s error shape', async () => {
    const res = await t.http.get('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('a wrong content type is a 4xx, not a 500', async () => {
    const res = await t.http.post('/api/v1/auth/login').set('Content-Type', 'text/plain').send('username=admin');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
