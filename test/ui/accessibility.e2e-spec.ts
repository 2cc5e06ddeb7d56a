/**
 * axe-core on the main screens of the web UI (WCAG 2.1 A/AA and best practices): no serious or
 * critical violation. Also saves a screenshot of each screen to test-artifacts/screenshots.
 */
import type { Browser, Page } from 'playwright-core';
import { FULL_CHAIN, PASSWORD, bearer, seedDistrict, walk, type District } from '../support/app.js';
import { launchBrowser, login, newContext, screenshot, seriousViolations, startUiApp, usernamesOf, type AxeViolation, type UiApp } from '../support/ui.js';

const TEST_TIMEOUT = 120_000;

function report(page: string, violations: AxeViolation[]): string {
  return violations
    .map((v) => `${page}: [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}  ${n.failureSummary ?? ''}\n    ${n.html}`).join('\n')}`)
    .join('\n');
}

describe('web UI accessibility (axe-core)', () => {
  let t: UiApp;
  let d: District;
  let users: Record<string, string>;
  let browser: Browser;
  let reviewDocId: string;
  let indexNo: string;
  const found: string[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([startUiApp(), launchBrowser()]);
    d = await seedDistrict(t);
    users = await usernamesOf(t, d.ids);
    // One document waiting for the office's opinion, with personal data the assessment finds …
    const created = await t.http
      .post('/api/v1/documents')
      .set(bearer(d.tokens.drafterA))
      .send({
        title: '关于老旧小区改造意见征集情况的报告',
        docType: 'report',
        publicAttribute: 'proactive',
        body: '各有关单位：\n经征集，居民代表张三（联系电话13800138000，邮箱zhang.san@example.com）提出意见十二条。\n现将情况报告如下。',
      });
    let review = created.body as { id: string; version: number };
    for (const [who, body] of [
      ['drafterA', { action: 'submit' }],
      ['reviewerA', { action: 'approve', findingsAcknowledged: true }],
    ] as const) {
      const res = await t.http.post(`/api/v1/documents/${review.id}/transitions`).set(bearer(d.tokens[who])).set('If-Match', `"${review.version}"`).send(body);
      if (res.status !== 200) throw new Error(`${who}: ${res.status} ${JSON.stringify(res.body)}`);
      review = res.body;
    }
    reviewDocId = review.id;
    // … and one published.
    const published = await walk(t, d, 'drafterA', FULL_CHAIN, { title: '区政府信息公开工作规则', summary: '规范政府信息公开工作。' });
    indexNo = published.indexNo!;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function audit(page: Page, name: string) {
    await screenshot(page, name);
    const v = await seriousViolations(page);
    if (v.length) found.push(report(name, v));
  }

  async function as(key: string | null, lang?: 'en') {
    const { context, page } = await newContext(browser, { bypassCSP: true });
    if (key) await login(page, t.baseUrl, users[key] ?? key, key === 'admin' ? 'admin-password-for-tests' : PASSWORD, lang);
    return { context, page };
  }

  it('login, tasks, the form, the document page, the catalogue and the admin pages have no serious or critical violations', async () => {
    // Login, in both languages.
    const anon = await as(null);
    await anon.page.goto(`${t.baseUrl}/login`);
    await anon.page.locator('input[name=username]').waitFor();
    await audit(anon.page, 'a11y-login');
    await anon.page.goto(`${t.baseUrl}/login?lang=en`);
    await anon.page.getByLabel('Username').waitFor();
    await audit(anon.page, 'a11y-login-en');
    // The public catalogue and an entry.
    await anon.page.goto(`${t.baseUrl}/catalogue`);
    await anon.page.getByTestId('catalogue-list').waitFor();
    await audit(anon.page, 'a11y-catalogue');
    await anon.page.goto(`${t.baseUrl}/catalogue/${indexNo}`);
    await anon.page.getByTestId('catalogue-body').waitFor();
    await audit(anon.page, 'a11y-catalogue-detail');
    await anon.context.close();

    // The drafter: tasks and the signing-and-approval form.
    const drafter = await as('drafterA');
    await drafter.page.locator('.gk-counts').waitFor();
    await audit(drafter.page, 'a11y-tasks');
    await drafter.page.goto(`${t.baseUrl}/documents/new`);
    await drafter.page.locator('#doc_title').waitFor();
    await audit(drafter.page, 'a11y-document-form');
    // With validation messages showing.
    await drafter.page.getByTestId('save-document').click();
    await drafter.page.locator('.ant-form-item-explain-error').first().waitFor();
    await audit(drafter.page, 'a11y-document-form-errors');
    await drafter.page.goto(`${t.baseUrl}/documents`);
    await drafter.page.locator('.gk-table').waitFor();
    await audit(drafter.page, 'a11y-documents');
    await drafter.context.close();

    // The office: the document page with the attribute decision and the findings highlighted.
    const officer = await as('officer');
    await officer.page.goto(`${t.baseUrl}/documents/${reviewDocId}`);
    await officer.page.getByTestId('action-panel').waitFor();
    await officer.page.getByTestId('body-with-findings').waitFor();
    await audit(officer.page, 'a11y-document');
    // The office marks the phone number for redaction in everything public.
    await officer.page.locator('[data-testid^="redact-mobile_phone"]').click();
    await officer.page.getByTestId('assessment').getByText('已标记遮蔽').waitFor();
    await officer.page.getByTestId('history').getByText('标记遮蔽').waitFor();
    await screenshot(officer.page, 'document-redaction');
    await officer.context.close();

    // The administrator's pages.
    const admin = await as('admin');
    await admin.page.goto(`${t.baseUrl}/admin/users`);
    await admin.page.locator('.gk-table').waitFor();
    await audit(admin.page, 'a11y-admin-users');
    await admin.page.goto(`${t.baseUrl}/admin/units`);
    await admin.page.locator('.gk-table').waitFor();
    await audit(admin.page, 'a11y-admin-units');
    await admin.context.close();

    if (found.length) throw new Error(`axe-core found serious or critical violations:\n${found.join('\n')}`);
  }, TEST_TIMEOUT);
});
