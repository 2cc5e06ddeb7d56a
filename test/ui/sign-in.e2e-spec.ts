/**
 * Sessions and sign-in in a real Chromium against the real service: a drafter who writes for
 * longer than the access token lives (ACCESS_TOKEN_TTL=30 here) stays signed in and loses nothing
 * (silent refresh; a reload keeps the draft; a second tab signs in from the cookie and the two
 * tabs' refreshes do not trip reuse detection); a reviewer's comment survives a reload; single
 * sign-on through a real OpenID provider (oidc-provider) from the login page's button, and the
 * clear page for an unknown user; a leader (MFA_REQUIRED_ROLES=leader) enrols TOTP with the QR
 * code and then logs in with a code.
 */
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { generate } from 'otplib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PASSWORD, seedDistrict, startTestApp, walk, type District, type TestApp } from '../support/app.js';
import { startOidcProvider, type TestProvider } from '../support/oidc-provider.js';
import { appears, ensureWebBuilt, launchBrowser, login, newContext, screenshot, seriousViolations, usernamesOf, WEB_DIST } from '../support/ui.js';

const TTL_SECONDS = 30;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

describe('web UI: sessions and sign-in', () => {
  let t: TestApp;
  let baseUrl: string;
  let provider: TestProvider;
  let d: District;
  let users: Record<string, string>;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // The provider must know the service's redirect URI, so the service's port is chosen first.
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    provider = await startOidcProvider([{ client_id: 'gongkai', client_secret: 'ui-test-client-secret', redirect_uris: [`${baseUrl}/api/v1/auth/oidc/callback`] }]);
    await ensureWebBuilt();
    [t, browser] = await Promise.all([
      startTestApp({
        WEB_DIR: WEB_DIST,
        PUBLIC_URL: baseUrl,
        ACCESS_TOKEN_TTL: String(TTL_SECONDS),
        MFA_REQUIRED_ROLES: 'leader',
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: 'gongkai',
        OIDC_CLIENT_SECRET: 'ui-test-client-secret',
      }),
      launchBrowser(),
    ]);
    await t.app.listen(port, '127.0.0.1');
    d = await seedDistrict(t);
    users = await usernamesOf(t, d.ids);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await provider?.close();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
    pageErrors.length = 0;
  });

  const sessionOf = (username: string) =>
    t.sql<{ ended_at: Date | null; end_reason: string | null; generations: number; method: string; user_agent: string | null }>(
      `SELECT s.ended_at, s.end_reason, s.method, s.user_agent, (SELECT max(generation)::int FROM auth_refresh_tokens r WHERE r.session_id = s.id) AS generations
         FROM auth_sessions s JOIN users u ON u.id = s.user_id WHERE u.username = $1 ORDER BY s.created_at DESC`,
      [username],
    );

  /** Waits `ms` while the page is open (the access token expires meanwhile). */
  const idle = (page: Page, ms: number) => page.waitForTimeout(ms);

  it(
    'stays signed in past the access token’s lifetime: the form is kept over a reload, saving works, a second tab signs in from the cookie, both tabs keep one session',
    async () => {
      const { context, page } = await newContext(browser, { errors: pageErrors });
      await login(page, baseUrl, users.drafterA, PASSWORD);
      const title = `关于延长会话的测试通知 ${Date.now()}`;
      await page.getByRole('link', { name: '新建发文' }).click();
      await page.locator('#doc_title').fill(title);
      await page.locator('#doc_body').fill('第一段：起草人正在撰写一份较长的公文。');
      await pickFormFields(page);

      // Longer than the access token lives, typing now and then.
      await idle(page, (TTL_SECONDS * 1000) / 2);
      await page.locator('#doc_body').press('End');
      await page.locator('#doc_body').pressSequentially('第二段。', { delay: 20 });
      await idle(page, (TTL_SECONDS * 1000) / 2 + 5_000);

      // A reload: the token of this tab is kept or refreshed, the draft is still there.
      await page.reload();
      await page.locator('#doc_title').waitFor();
      expect(page.url()).toBe(`${baseUrl}/documents/new`);
      await expect(page.locator('#doc_title').inputValue()).resolves.toBe(title);
      await expect(page.locator('#doc_body').inputValue()).resolves.toContain('第二段。');

      // Another tab of the same browser: no access token of its own, signed in from the refresh cookie.
      const second = await context.newPage();
      second.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
      await second.goto(`${baseUrl}/tasks`);
      await second.getByRole('heading', { name: '我的待办' }).waitFor();
      expect(second.url()).toBe(`${baseUrl}/tasks`);

      // Past another lifetime without a keystroke: no refresh ahead of time, the token lapses; the
      // next call (the save, or the notification stream's reconnection) is answered 401, the tab
      // refreshes and sends it again.
      const unauthorized: string[] = [];
      page.on('response', (r) => r.status() === 401 && unauthorized.push(new URL(r.url()).pathname));
      await idle(page, TTL_SECONDS * 1000 + 3_000);
      await page.getByTestId('save-document').click();
      await page.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
      await page.getByTestId('document-state').getByText('草稿').waitFor();
      expect(page.url()).not.toContain('/login');
      expect(unauthorized.length).toBeGreaterThan(0);
      await second.reload();
      await second.getByRole('heading', { name: '我的待办' }).waitFor();

      // One session for the browser (both tabs), never ended, refreshed more than once; not a second login.
      const inBrowser = (await sessionOf(users.drafterA)).filter((s) => /Chrome/.test(s.user_agent ?? ''));
      expect(inBrowser).toHaveLength(1);
      expect(inBrowser[0].end_reason).toBeNull();
      expect(inBrowser[0].generations).toBeGreaterThanOrEqual(2);
      await context.close();
    },
    180_000,
  );

  /** The form's required choices (docType, attribute, category), as the workflow test picks them. */
  async function pickFormFields(page: Page) {
    const { pickOption } = await import('../support/ui.js');
    await pickOption(page, 'doc_docType', '通知');
    await page.locator('label.ant-radio-wrapper', { hasText: '主动公开' }).click();
    await pickOption(page, 'doc_category', '规章和行政规范性文件');
  }

  it('a reviewer’s comment survives a reload', async () => {
    // The seeded access tokens have expired by now (ACCESS_TOKEN_TTL=30): fresh ones for the API calls.
    for (const key of ['drafterA', 'reviewerA']) {
      d.tokens[key] = (await t.http.post('/api/v1/auth/login').send({ username: users[key], password: PASSWORD })).body.accessToken;
    }
    const doc = await walk(t, d, 'drafterA', [['drafterA', { action: 'submit' }]]);
    const { context, page } = await newContext(browser, { errors: pageErrors });
    await login(page, baseUrl, users.reviewerA, PASSWORD);
    await page.goto(`${baseUrl}/documents/${doc.id}`);
    await page.locator('#action-comment').fill('第三段的数据来源请再核实。');
    await page.reload();
    await page.locator('#action-comment').waitFor();
    await expect(page.locator('#action-comment').inputValue()).resolves.toBe('第三段的数据来源请再核实。');
    await context.close();
  });

  /** oidc-provider's development sign-in page asks Google Fonts for a font: answered empty here (no network in tests). */
  const offline = (c: BrowserContext) => c.route(/^https:\/\/fonts\.(googleapis|gstatic)\.com\//, (r) => r.fulfill({ status: 200, contentType: 'text/css', body: '' }));

  it('signs in through the OpenID provider from the login page; an unknown user gets a clear page', async () => {
    const { context, page } = await newContext(browser, { errors: pageErrors });
    await offline(context);
    await page.goto(`${baseUrl}/login?next=${encodeURIComponent('/documents')}`);
    const sso = page.getByTestId('sso-login');
    await sso.waitFor();
    expect(await sso.innerText()).toContain('使用统一身份认证登录');
    await screenshot(page, 'login-sso');
    await sso.click();
    // The provider's own sign-in page (another origin).
    await page.waitForURL((u) => u.origin === provider.issuer);
    await page.locator('input[name=login]').fill(users.officer);
    await page.locator('input[name=password]').fill('at the provider');
    await page.locator('button[type=submit]').click();
    await page.waitForURL(`${baseUrl}/documents`);
    await page.getByTestId('user-menu').getByText('officer').waitFor();
    const [session] = await sessionOf(users.officer);
    expect(session.method).toBe('oidc');

    const stranger = await newContext(browser, { errors: pageErrors });
    await offline(stranger.context);
    await stranger.page.goto(`${baseUrl}/login`);
    await stranger.page.getByTestId('sso-login').click();
    await stranger.page.waitForURL((u) => u.origin === provider.issuer);
    await stranger.page.locator('input[name=login]').fill('someone-without-an-account');
    await stranger.page.locator('input[name=password]').fill('at the provider');
    await stranger.page.locator('button[type=submit]').click();
    await stranger.page.waitForURL((u) => u.pathname === '/api/v1/auth/oidc/callback');
    await stranger.page.getByText('本系统中没有您的账号').waitFor();
    await stranger.page.getByRole('link', { name: /返回登录页/ }).click();
    await stranger.page.waitForURL(`${baseUrl}/login`);
    await stranger.context.close();
    await context.close();
  });

  it('a leader enrols the second factor with the QR code before anything else, then logs in with a code', async () => {
    const { context, page } = await newContext(browser, { errors: pageErrors });
    await login(page, baseUrl, users.leaderA, PASSWORD);
    const gate = page.getByTestId('second-factor-gate');
    await gate.waitFor();
    await page.getByTestId('totp-start').click();
    const qr = page.getByTestId('totp-qr');
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await screenshot(page, 'totp-enrolment');
    const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
    const epoch = Math.floor(Date.now() / 1000);
    await page.locator('input[name=code]').fill(await generate({ secret, epoch }));
    await page.getByTestId('totp-confirm').click();
    await page.getByTestId('totp-recovery').waitFor();
    expect(await page.locator('.gk-recovery-codes li').count()).toBe(10);
    await page.getByTestId('totp-recovery-saved').click();
    // The app itself now: the leader's tasks.
    await page.getByRole('heading', { name: '我的待办' }).waitFor();
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '账号安全' }).click();
    await page.getByTestId('totp-enabled').waitFor();
    await page.getByTestId('session').filter({ hasText: '当前会话' }).waitFor();
    await context.close();

    // The next login asks for the code once the password was right.
    const again = await newContext(browser, { errors: pageErrors });
    await again.page.goto(`${baseUrl}/login`);
    await again.page.locator('input[name=username]').fill(users.leaderA);
    await again.page.locator('input[name=password]').fill(PASSWORD);
    await again.page.locator('button[type=submit]').click();
    await again.page.getByTestId('login-totp').waitFor();
    await again.page.getByTestId('login-totp').fill(await generate({ secret, epoch: epoch + 30 }));
    await again.page.locator('button[type=submit]').click();
    await again.page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await again.page.getByRole('heading', { name: '我的待办' }).waitFor();
    await again.context.close();
  });

  it('the login page with single sign-on, the second factor’s enrolment and the security page pass axe-core', async () => {
    const adminToken = (await t.http.post('/api/v1/auth/login').send({ username: 'admin', password: (await import('../support/app.js')).ADMIN_PASSWORD })).body.accessToken;
    const username = `axe.leader.${Date.now()}`;
    const created = await t.http
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ username, password: PASSWORD, displayName: '无障碍检查', unitId: d.office.id, roles: ['leader'], leadsUnitIds: [d.unitA.id] });
    expect(created.status).toBe(201);
    // axe-core is injected as an inline script: only this context bypasses the CSP.
    const { context, page } = await newContext(browser, { errors: pageErrors, bypassCSP: true });
    await page.goto(`${baseUrl}/login`);
    await page.getByTestId('sso-login').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await login(page, baseUrl, username, PASSWORD);
    await page.getByTestId('totp-start').click();
    await page.getByTestId('totp-qr').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
    await page.locator('input[name=code]').fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) }));
    await page.getByTestId('totp-confirm').click();
    await page.getByTestId('totp-recovery').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('totp-recovery-saved').click();
    await page.goto(`${baseUrl}/account/security`);
    await page.getByTestId('totp-enabled').waitFor();
    await page.getByTestId('session').first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  it('an admin ends a user’s sessions from the user list', async () => {
    // Two sessions of drafterA2 (two devices).
    for (let i = 0; i < 2; i++) expect((await t.http.post('/api/v1/auth/login').send({ username: users.drafterA2, password: PASSWORD })).status).toBe(200);
    const { ADMIN_PASSWORD } = await import('../support/app.js');
    const { context, page } = await newContext(browser, { errors: pageErrors });
    await login(page, baseUrl, 'admin', ADMIN_PASSWORD);
    await page.goto(`${baseUrl}/admin/users`);
    await page.getByRole('button', { name: `会话：${users.drafterA2}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('session').first().waitFor();
    expect(await dialog.getByTestId('session').count()).toBeGreaterThanOrEqual(2);
    await dialog.getByTestId('sessions-end-all').click();
    // The server's answer first, then the list: a failure says which of the two went wrong.
    const ended = page.waitForResponse((r) => r.request().method() === 'DELETE' && new URL(r.url()).pathname.endsWith('/sessions'));
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '结束全部会话' }).click();
    const answer = await ended;
    expect({ status: answer.status(), body: await answer.json() }).toEqual({ status: 200, body: { ended: expect.any(Number) } });
    await appears(page, dialog.getByText('没有有效的会话。'), 'the dialog lists no live session', 'sessions-ended');
    const live = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM auth_sessions s JOIN users u ON u.id = s.user_id WHERE u.username = $1 AND s.ended_at IS NULL`, [users.drafterA2]);
    expect(live[0].n).toBe(0);
    await context.close();
  });
});
