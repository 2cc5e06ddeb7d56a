/**
 * Security properties at the edge:
 * - failed logins are limited per client address (30 a minute → 429 for that address only);
 * - successful logins from one address are never throttled (120 within a minute all pass);
 * - helmet's headers are on every kind of response: errors, 404s, 413s, 414s, 431s, feeds,
 *   static assets, the API documentation (Strict-Transport-Security only over TLS);
 * - nothing secret reaches the service's log: the built service runs as a child process at
 *   LOG_LEVEL=trace while people log in, are created, change passwords and apply for
 *   information, and its whole output is searched for passwords, tokens, id and phone numbers.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PASSWORD, bearer, createTestDatabase, seedDistrict, startTestApp, type District, type TestApp } from '../support/app.js';
import { ROOT, ensureBuilt } from './support/build.js';
import { call, pool, rawHttp, type Answer } from './support/http.js';
import { freePort } from './support/own-postgres.js';
import { ServiceProcess } from './support/service-process.js';

describe('security at the edge', () => {
  let t: TestApp;
  let d: District;
  let base: string;
  let port: number;
  let drafterName: string;

  beforeAll(async () => {
    t = await startTestApp();
    d = await seedDistrict(t);
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as { port: number }).port;
    base = `http://127.0.0.1:${port}`;
    const me = await call(base, 'GET', '/api/v1/me', { token: d.tokens.drafterA });
    drafterName = me.body.username;
  });
  afterAll(() => t?.close());

  const login = (username: string, password: string, address?: string) =>
    call(base, 'POST', '/api/v1/auth/login', { body: { username, password }, headers: address ? { 'x-forwarded-for': address } : {} });

  it('30 failed logins a minute from one address: that address gets 429, another address does not', async () => {
    const attacker = '203.0.113.7';
    // Different (unknown) usernames, so that no per-account lock is involved: this is the per-address limit.
    const first = await Promise.all(Array.from({ length: 30 }, (_, i) => login(`nobody.${i}.${Date.now()}`, 'wrong-password-123', attacker)));
    expect(first.map((r) => r.status)).toEqual(Array(30).fill(401));
    const blocked = await login(`nobody.more.${Date.now()}`, 'wrong-password-123', attacker);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', message: expect.stringMatching(/address/) });
    // The 429 is not a verdict on the password: it is not recorded as a failed login.
    // Another address is unaffected, for failures and for successes, and so is a caller without a proxy header.
    expect((await login(`nobody.other.${Date.now()}`, 'wrong-password-123', '203.0.113.8')).status).toBe(401);
    expect((await login(drafterName, PASSWORD, '203.0.113.8')).status).toBe(200);
    expect((await login(drafterName, PASSWORD)).status).toBe(200);
    // Observed (reported, not asserted): a correct password from the blocked address, and an attacker who rotates X-Forwarded-For.
    const correctFromBlocked = (await login(drafterName, PASSWORD, attacker)).status;
    const rotating = await Promise.all(Array.from({ length: 40 }, (_, i) => login(`rotate.${i}.${Date.now()}`, 'wrong-password-123', `198.51.100.${i + 1}`)));
    console.log(
      `login limits: 30 failures from ${attacker} → the 31st is ${blocked.status}; another address 401/200; a correct password from the blocked address answers ${correctFromBlocked}; ` +
        `40 failures each with a new X-Forwarded-For: ${rotating.filter((r) => r.status === 429).length} refused (this client is 127.0.0.1, a trusted proxy under the default TRUST_PROXY=loopback, so its X-Forwarded-For is believed)`,
    );
  });

  it('successful logins from one address are never throttled: 120 in under a minute, with failures mixed in', async () => {
    const office = '203.0.113.20';
    const started = Date.now();
    const results: number[] = [];
    const failures: number[] = [];
    // 120 successes with 24 failures spread among them (someone mistyping: under the per-address limit of 30).
    const jobs = Array.from({ length: 120 }, (_, k) => (k % 5 === 4 ? ['ok', 'fail'] : ['ok'])).flat();
    await pool(4, jobs, async (kind, i) => {
      if (kind === 'fail') failures.push((await login(`typo.${i}.${Date.now()}`, 'not-the-password', office)).status);
      else results.push((await login(drafterName, PASSWORD, office)).status);
    });
    const elapsed = Date.now() - started;
    expect(results).toHaveLength(120);
    expect(results.filter((s) => s !== 200)).toEqual([]);
    expect(failures.every((s) => s === 401)).toBe(true);
    expect(elapsed).toBeLessThan(60_000);
    console.log(`successful logins: 120 from one address in ${elapsed} ms (${Math.round((120 * 60_000) / elapsed)} a minute), ${failures.length} failures mixed in, none throttled`);
  });

  it('helmet’s headers are on every kind of response: errors, 404, 413, 414, 431, feeds, static files, docs', async () => {
    const assets = join(ROOT, 'web/dist/assets');
    const asset = existsSync(assets) ? readdirSync(assets).find((f) => f.endsWith('.js')) : undefined;
    const big = 'a'.repeat(5 * 1024 * 1024);
    const atom = await call(base, 'GET', '/feeds/catalogue.atom');
    const samples: [string, () => Promise<Pick<Answer, 'status'> & { get(h: string): string | null }>][] = [];
    const viaFetch = (name: string, method: string, path: string, o: Parameters<typeof call>[3] = {}) =>
      samples.push([
        name,
        async () => {
          const r = await call(base, method, path, o);
          return { status: r.status, get: (h) => r.headers.get(h) };
        },
      ]);
    const viaSocket = (name: string, bytes: string) =>
      samples.push([
        name,
        async () => {
          const r = await rawHttp(port, bytes);
          return { status: r.status, get: (h) => r.headers[h] ?? null };
        },
      ]);
    viaFetch('health', 'GET', '/health');
    viaFetch('HEAD health', 'HEAD', '/health');
    viaFetch('catalogue list', 'GET', '/api/v1/catalogue');
    viaFetch('401 no token', 'GET', '/api/v1/me');
    viaFetch('401 bad token', 'GET', '/api/v1/me', { token: 'not-a-token' });
    viaFetch('403 drafter lists users', 'GET', '/api/v1/users', { token: d.tokens.drafterA });
    viaFetch('400 invalid id', 'GET', '/api/v1/documents/not-a-uuid', { token: d.tokens.drafterA });
    viaFetch('400 broken JSON', 'POST', '/api/v1/auth/login', { raw: '{"username":', headers: { 'content-type': 'application/json' } });
    viaFetch('415 wrong content type', 'POST', '/api/v1/auth/login', { raw: 'username=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    viaFetch('404 unknown API route', 'GET', '/api/v1/nothing-here');
    viaFetch('404 unknown entry', 'GET', '/api/v1/catalogue/XX-2026-000001');
    viaFetch('404 unknown document', 'GET', '/api/v1/documents/00000000-0000-4000-8000-000000000000', { token: d.tokens.drafterA });
    viaFetch('405 wrong method', 'DELETE', '/health');
    viaFetch('404 missing asset', 'GET', '/assets/nothing-here.js');
    viaFetch('SPA fallback page', 'GET', '/tasks/anything', { headers: { accept: 'text/html' } });
    viaFetch('413 body over the limit', 'POST', '/api/v1/documents', { token: d.tokens.drafterA, raw: `{"title":"x","body":"${big}"}`, headers: { 'content-type': 'application/json' } });
    viaFetch('400 bad URL encoding', 'GET', '/api/v1/documents/%E0%A4%A');
    viaFetch('414 path parameter too long', 'GET', `/api/v1/documents/${'a'.repeat(200)}`, { token: d.tokens.drafterA });
    viaFetch('429 login limit', 'POST', '/api/v1/auth/login', { body: { username: 'nobody.limit', password: 'x' }, headers: { 'x-forwarded-for': '203.0.113.7' } });
    viaFetch('500 (or 400) odd cursor', 'GET', `/api/v1/catalogue?cursor=${Buffer.from(JSON.stringify(['not a date', 'x'])).toString('base64url')}`);
    viaFetch('feed atom', 'GET', '/feeds/catalogue.atom');
    viaFetch('feed rss', 'GET', '/feeds/catalogue.rss');
    viaFetch('feed json', 'GET', '/feeds/catalogue.json');
    viaFetch('feed 304', 'GET', '/feeds/catalogue.atom', { headers: { 'if-none-match': atom.headers.get('etag') ?? '"x"' } });
    viaFetch('changes', 'GET', '/api/v1/catalogue/changes?after=0');
    viaFetch('web UI index', 'GET', '/');
    viaFetch('favicon', 'GET', '/favicon.svg');
    if (asset) viaFetch('hashed asset', 'GET', `/assets/${asset}`);
    viaFetch('OpenAPI UI', 'GET', '/api/docs');
    viaFetch('OpenAPI document', 'GET', '/api/docs-json');
    viaSocket('431 header too large', `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`);
    viaSocket('400 malformed request line', `GARBAGE / HTTP/9.9\r\n\r\n`);

    const required: [string, RegExp][] = [
      ['content-security-policy', /default-src '(self|none)'/],
      ['x-content-type-options', /^nosniff$/],
      ['x-frame-options', /^(SAMEORIGIN|DENY)$/],
      ['referrer-policy', /no-referrer/],
      ['cross-origin-opener-policy', /same-origin/],
      ['cross-origin-resource-policy', /same-origin/],
      ['origin-agent-cluster', /\?1/],
      ['x-dns-prefetch-control', /off/],
      ['x-download-options', /noopen/],
      ['x-permitted-cross-domain-policies', /none/],
    ];
    const missing: string[] = [];
    const seen: string[] = [];
    for (const [name, run] of samples) {
      const r = await run();
      seen.push(`${name} ${r.status}`);
      for (const [h, re] of required) if (!re.test(r.get(h) ?? '')) missing.push(`${name} (${r.status}): ${h} = ${r.get(h)}`);
      if (r.get('x-powered-by')) missing.push(`${name} (${r.status}): x-powered-by ${r.get('x-powered-by')}`);
      // Over plain HTTP no Strict-Transport-Security (it is sent over TLS only: http-semantics.e2e-spec.ts).
      if (r.get('strict-transport-security')) missing.push(`${name} (${r.status}): strict-transport-security over plain HTTP`);
    }
    console.log(`helmet headers checked on ${samples.length} responses: ${seen.join(', ')}`);
    expect(missing).toEqual([]);
  });
});

describe('X-Forwarded-For is believed only from trusted proxies (TRUST_PROXY)', () => {
  it('with TRUST_PROXY=false a client cannot escape the per-address limit by inventing addresses', async () => {
    const t = await startTestApp({ TRUST_PROXY: 'false' });
    try {
      await t.app.listen(0, '127.0.0.1');
      const b = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) {
        const r = await call(b, 'POST', '/api/v1/auth/login', { body: { username: `spoof.${i}.${Date.now()}`, password: 'wrong-password-123' }, headers: { 'x-forwarded-for': `198.51.100.${i + 1}` } });
        statuses.push(r.status);
      }
      expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
      expect(statuses[30]).toBe(429);
      // The audit log records the real peer, not the invented address.
      const ips = await t.sql<{ ip: string }>(`SELECT DISTINCT data->>'ip' AS ip FROM audit_log WHERE action = 'auth.login_failed'`);
      expect(ips.map((r) => r.ip)).toEqual([expect.stringMatching(/127\.0\.0\.1$/)]);
    } finally {
      await t.close();
    }
  });
});

describe('no secrets in the service’s log', () => {
  let svc: ServiceProcess;
  const ADMIN_PASSWORD = 'Adm1n-Log-Secret-Pass';
  const secrets: Record<string, string> = {
    'admin password': ADMIN_PASSWORD,
    'first password': 'Us3r-First-Secret-Pass',
    'second password': 'Us3r-Second-Secret-Pass',
    'mistyped password': 'Wr0ng-Typed-Secret-Pass',
    'id number': '11010519491231002X',
    'phone number': '13912345678',
    'e-mail address': 'leak.test.person@example.com',
    'applicant name': '李保密',
  };
  const tokens: string[] = [];

  beforeAll(async () => {
    await ensureBuilt();
    const databaseUrl = await createTestDatabase();
    svc = new ServiceProcess(await freePort(), { DATABASE_URL: databaseUrl, ADMIN_PASSWORD, LOG_LEVEL: 'trace', DEMO_DATA: 'false', DELIVERY_WORKER: 'false' });
    await svc.start();
  }, 360_000);
  afterAll(() => svc?.stop());

  /** Every secret (and every token, whole or its signature) that appears in the captured output, with the line around it. */
  const leaks = (): string[] => {
    const out = svc.output.join('');
    const found: string[] = [];
    const needles: [string, string][] = [
      ...Object.entries(secrets).map(([k, v]) => [k, v] as [string, string]),
      ...tokens.flatMap((tk, i) => [[`token ${i}`, tk] as [string, string], [`token ${i} signature`, tk.split('.')[2]] as [string, string]]),
      ['password hash', '$argon2id$'],
    ];
    for (const [what, needle] of needles) {
      const i = out.indexOf(needle);
      if (i >= 0) found.push(`${what}: …${out.slice(Math.max(0, i - 200), i + 80).replace(/\s+/g, ' ')}…`);
    }
    return found;
  };

  it('logins, failed logins, user creation, password changes, an application and a document leave no secret in the log', async () => {
    const b = svc.base;
    const ok = async (p: Promise<Answer>, expected: number) => {
      const r = await p;
      if (r.status !== expected) throw new Error(`${r.status} ${r.text.slice(0, 300)}`);
      return r;
    };
    const adminToken = (await ok(call(b, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } }), 200)).body.accessToken;
    tokens.push(adminToken);
    await ok(call(b, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: secrets['mistyped password'] } }), 401);
    const unit = (await ok(call(b, 'POST', '/api/v1/units', { token: adminToken, body: { code: 'LOGU', name: '日志测试单位' } }), 201)).body;
    const office = (await ok(call(b, 'POST', '/api/v1/units', { token: adminToken, body: { code: 'LOGO', name: '政府办公室' } }), 201)).body;
    const user = (
      await ok(
        call(b, 'POST', '/api/v1/users', {
          token: adminToken,
          body: { username: 'log.drafter', password: secrets['first password'], displayName: '起草人', unitId: unit.id, roles: ['drafter'], leadsUnitIds: [] },
        }),
        201,
      )
    ).body;
    expect(JSON.stringify(user)).not.toContain(secrets['first password']);
    await ok(
      call(b, 'POST', '/api/v1/users', { token: adminToken, body: { username: 'log.officer', password: secrets['first password'], displayName: '公开办', unitId: office.id, roles: ['disclosure_officer'], leadsUnitIds: [] } }),
      201,
    );
    // A refused creation (too short) must not echo or log the password either.
    await ok(call(b, 'POST', '/api/v1/users', { token: adminToken, body: { username: 'log.short', password: 'short', displayName: 'x', roles: ['admin'], leadsUnitIds: [] } }), 400);
    tokens.push((await ok(call(b, 'POST', '/api/v1/auth/login', { body: { username: 'log.drafter', password: secrets['first password'] } }), 200)).body.accessToken);
    await ok(call(b, 'PATCH', `/api/v1/users/${user.id}`, { token: adminToken, body: { password: secrets['second password'] } }), 200);
    await ok(call(b, 'POST', '/api/v1/auth/login', { body: { username: 'log.drafter', password: secrets['first password'] } }), 401);
    const drafterToken = (await ok(call(b, 'POST', '/api/v1/auth/login', { body: { username: 'log.drafter', password: secrets['second password'] } }), 200)).body.accessToken;
    tokens.push(drafterToken);
    await ok(call(b, 'GET', '/api/v1/me', { token: drafterToken }), 200);
    // An application with personal data, and a document whose body carries some.
    const application = {
      applicantType: 'natural_person',
      applicantName: secrets['applicant name'],
      idNumber: secrets['id number'],
      contact: { phone: secrets['phone number'], email: secrets['e-mail address'] },
      description: '申请公开本区2026年老旧小区改造资金安排',
      format: 'electronic',
      delivery: 'email',
    };
    const received = await ok(call(b, 'POST', '/api/v1/applications', { body: application }), 201);
    await ok(call(b, 'GET', `/api/v1/applications/track/${received.body.trackingCode}`), 200);
    await ok(
      call(b, 'POST', '/api/v1/documents', {
        token: drafterToken,
        body: { title: '关于个人信息的说明', docType: 'notice', body: `联系人身份证号${secrets['id number']}，电话${secrets['phone number']}。`, publicAttribute: 'on_application' },
      }),
      201,
    );
    // Let the process flush its output.
    await new Promise((r) => setTimeout(r, 500));
    console.log(`log secrecy: ${svc.outputBytes} bytes of log at LOG_LEVEL=trace searched for ${Object.keys(secrets).length} secrets and ${tokens.length} tokens`);
    expect(svc.output.join('')).toContain('"msg":"request completed"'); // request logs were indeed written
    // One access-log line per request, with the request in it (src/bootstrap.ts, AccessLog).
    const access = svc.output
      .join('')
      .split('\n')
      .filter((l) => l.includes('"msg":"request completed"') && l.includes('/api/v1/applications/track/'))
      .map((l) => JSON.parse(l) as { req: { method: string; url: string }; res: { statusCode: number }; responseTime: number });
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({ req: { method: 'GET', url: expect.stringMatching(/^\/api\/v1\/applications\/track\//) }, res: { statusCode: 200 }, responseTime: expect.any(Number) });
    expect(svc.output.join('')).not.toContain('"msg":"incoming request"');
    expect(leaks()).toEqual([]);
  });

  it('a request that fails inside the database does not write the personal data it carried to the log', async () => {
    const before = svc.output.join('').length;
    // A NUL character cannot be stored by PostgreSQL: the insert of this application fails.
    const r = await call(svc.base, 'POST', '/api/v1/applications', {
      body: {
        applicantType: 'natural_person',
        applicantName: secrets['applicant name'],
        idNumber: secrets['id number'],
        contact: { phone: secrets['phone number'], email: secrets['e-mail address'] },
        description: '申请公开\u0000预算',
        format: 'electronic',
        delivery: 'email',
      },
    });
    await new Promise((res) => setTimeout(res, 500));
    const tail = svc.output.join('').slice(before);
    const found = Object.entries(secrets)
      .filter(([, v]) => tail.includes(v))
      .map(([k, v]) => `${k}: …${tail.slice(Math.max(0, tail.indexOf(v) - 160), tail.indexOf(v) + 60).replace(/\s+/g, ' ')}…`);
    console.log(`log secrecy on a failing insert: answered ${r.status}; ${tail.length} bytes of log; ${found.length} secrets found`);
    expect(found).toEqual([]);
  });
});
