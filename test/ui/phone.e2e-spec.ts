/**
 * The web UI on a phone: Chromium's mobile emulation at 390 × 844 CSS px with touch (PHONE in
 * test/support/ui.ts). A leader in charge signs off from the task list with the sticky action bar;
 * a citizen finds an entry in the catalogue, applies and tracks the application; every page fits
 * 360, 390 and 414 px without scrolling sideways and has no serious or critical axe-core violation
 * at phone size. Screenshots: test-artifacts/screenshots/phone-*.png.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { FULL_CHAIN, PASSWORD, bearer, seedDistrict, walk, type District } from '../support/app.js';
import { PHONE, launchBrowser, login, newContext, overflowAtWidths, screenshot, seriousViolations, startUiApp, usernamesOf, type AxeViolation, type UiApp } from '../support/ui.js';

const TEST_TIMEOUT = 180_000;
/** Set PHONE_DOC_SCREENSHOT to a path to also write the sign-off screenshot for the documentation there. */
const DOC_SCREENSHOT = process.env.PHONE_DOC_SCREENSHOT;

/** Whether the element is wholly on the screen as it is now (no scrolling). */
async function onScreen(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const vp = page.viewportSize()!;
  return !!box && box.y >= 0 && box.x >= 0 && box.y + box.height <= vp.height + 0.5 && box.x + box.width <= vp.width + 0.5;
}

/** The computed font size (CSS px) of the element. */
const fontSize = (locator: Locator) => locator.evaluate((e) => parseFloat((globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } }).getComputedStyle(e).fontSize));

function report(violations: AxeViolation[], name: string): string[] {
  return violations.map((v) => `${name}: [${v.impact}] ${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('web UI on a phone (390 × 844, touch)', () => {
  let t: UiApp;
  let d: District;
  let users: Record<string, string>;
  let browser: Browser;
  let signOffId: string;
  let signOffTitle: string;
  let published: { id: string; indexNo: string; title: string };
  let applicationId: string;
  let consulted: { id: string; consultationId: string };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([startUiApp(), launchBrowser()]);
    d = await seedDistrict(t);
    users = await usernamesOf(t, d.ids);
    // A document waiting for the leader in charge, with personal data the assessment finds and
    // the office has marked for redaction.
    signOffTitle = '关于老旧小区改造意见征集情况的报告';
    const reviewed = await walk(
      t,
      d,
      'drafterA',
      [
        ['drafterA', { action: 'submit' }],
        ['reviewerA', { action: 'approve', findingsAcknowledged: true, comment: '已核查，无涉密内容。' }],
      ],
      {
        title: signOffTitle,
        docType: 'report',
        category: 'plans_and_policies',
        summary: '汇总居民对老旧小区改造的十二条意见及处理建议。',
        body: `各有关单位：\n经征集，居民代表张三（联系电话13800138000）提出意见十二条。\n${'主要涉及加装电梯、停车位和绿化，街道已逐条答复。\n'.repeat(8)}现将情况报告如下。`,
      },
    );
    const assessment = await t.http.get(`/api/v1/documents/${reviewed.id}/assessment`).set(bearer(d.tokens.officer));
    const finding = (assessment.body.findings as { id: string; kind: string }[]).find((f) => f.kind === 'mobile_phone')!;
    const redacted = await t.http.post(`/api/v1/documents/${reviewed.id}/redactions`).set(bearer(d.tokens.officer)).set('If-Match', `"${reviewed.version}"`).send({ findingId: finding.id });
    if (redacted.status !== 201) throw new Error(`redaction: ${redacted.status} ${JSON.stringify(redacted.body)}`);
    const office = await t.http
      .post(`/api/v1/documents/${reviewed.id}/transitions`)
      .set(bearer(d.tokens.officer))
      .set('If-Match', redacted.headers.etag)
      .send({ action: 'approve', comment: '同意主动公开，联系电话已遮蔽。' });
    if (office.status !== 200) throw new Error(`office: ${office.status} ${JSON.stringify(office.body)}`);
    const doc = office.body as { id: string };
    signOffId = doc.id;
    const pub = await walk(t, d, 'drafterA', FULL_CHAIN, { title: '区政府信息公开工作规则', summary: '规范政府信息公开工作。' });
    published = { id: pub.id, indexNo: pub.indexNo!, title: pub.title as string };
    const app = await t.http
      .post('/api/v1/applications')
      .send({ applicantType: 'natural_person', applicantName: '李四', contact: { phone: '010-12345678' }, description: '本区2026年老旧小区改造计划。', format: 'electronic', delivery: 'email' });
    if (app.status !== 201) throw new Error(`application: ${app.status} ${JSON.stringify(app.body)}`);
    const [row] = await t.sql<{ id: string }>(`SELECT id::text FROM applications WHERE tracking_code = $1`, [app.body.trackingCode]);
    applicationId = row.id;
    // The review chain's screens: a document the office consulted unit A on, its step overdue (the
    // supervision board), and a delegation of the leader's that has not started yet.
    const asked = await walk(t, d, 'drafterA', [['drafterA', { action: 'submit' }], ['reviewerA', { action: 'approve' }]], {
      title: '关于公布2026年度区级行政事业性收费目录清单的通知',
      category: 'fees',
    });
    const consultation = await t.http
      .post(`/api/v1/documents/${asked.id}/consultations`)
      .set(bearer(d.tokens.officer))
      .send({ unitIds: [d.unitA.id], question: '本通知拟主动公开，请就涉及贵单位的收费项目提出意见。' });
    if (consultation.status !== 201) throw new Error(`consultation: ${consultation.status} ${JSON.stringify(consultation.body)}`);
    consulted = { id: asked.id, consultationId: consultation.body.items[0].id };
    await t.sql(`UPDATE documents SET step_due_at = now() - interval '4 days' WHERE id = $1`, [asked.id]);
    const day = 86400_000;
    const delegation = await t.http
      .post('/api/v1/delegations')
      .set(bearer(d.tokens.leaderA))
      .send({ toUserId: d.ids.leaderB, startsAt: new Date(Date.now() + 20 * day).toISOString(), endsAt: new Date(Date.now() + 25 * day).toISOString(), reason: '赴市里参加为期五天的培训，期间由其代为签发。' });
    if (delegation.status !== 201) throw new Error(`delegation: ${delegation.status} ${JSON.stringify(delegation.body)}`);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
    pageErrors.length = 0;
  });

  async function phone(key: string | null, lang?: 'en') {
    const { context, page } = await newContext(browser, { phone: true, errors: pageErrors });
    if (key) await login(page, t.baseUrl, users[key] ?? key, key === 'admin' ? 'admin-password-for-tests' : PASSWORD, lang);
    return { context, page };
  }

  it('a leader signs off in a few taps: the task list, the document, 签发 in the sticky action bar', async () => {
    const { context, page } = await phone(null);
    await page.goto(`${t.baseUrl}/login`);
    await page.locator('input[name=username]').waitFor();
    await screenshot(page, 'phone-login');
    await login(page, t.baseUrl, users.leaderA, PASSWORD);

    // The task list: a card per document, the header collapsed into a menu button.
    await page.getByRole('heading', { name: '我的待办' }).waitFor();
    await page.getByTestId('task-cards').waitFor();
    expect(await page.locator('.gk-nav').isVisible()).toBe(false);
    const menu = page.getByRole('button', { name: '菜单' });
    expect(await onScreen(page, menu)).toBe(true);
    expect(await overflowAtWidths(page, 'tasks', [PHONE.viewport.width])).toEqual([]);
    await screenshot(page, 'phone-tasks');
    await page.getByRole('link', { name: signOffTitle }).tap();

    // The document: title, state, review chain and summary readable at the top; 签发 and 退回
    // on the screen without scrolling.
    await page.waitForURL(new RegExp(`/documents/${signOffId}$`));
    await page.getByTestId('action-panel').waitFor();
    await page.getByTestId('body-with-findings').waitFor();
    const bar = page.getByTestId('action-bar');
    const approve = bar.getByRole('button', { name: '签发', exact: true });
    const giveBack = bar.getByRole('button', { name: '退回', exact: true });
    expect(await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY)).toBe(0);
    expect(await onScreen(page, approve)).toBe(true);
    expect(await onScreen(page, giveBack)).toBe(true);
    expect(await onScreen(page, page.getByTestId('document-title'))).toBe(true);
    expect(await fontSize(page.getByTestId('document-title'))).toBeGreaterThanOrEqual(18);
    expect(await fontSize(page.locator('.gk-paper-cell').first())).toBeGreaterThanOrEqual(14);
    // The finding is listed in the leader's decision (marked for redaction) and in the body.
    await expect(page.getByTestId('action-panel').getByTestId('assessment').innerText()).resolves.toContain('手机号码');
    expect(await overflowAtWidths(page, 'document (leader)', [PHONE.viewport.width])).toEqual([]);
    await screenshot(page, 'phone-sign-off', { fullPage: false });
    if (DOC_SCREENSHOT) await screenshot(page, 'phone-sign-off-doc', { fullPage: false, path: DOC_SCREENSHOT, scale: 'device' });
    await screenshot(page, 'phone-document');

    // Returning needs a comment (the server's rule): the comment box comes up, focused.
    await giveBack.tap();
    await page.getByRole('alert').getByText('退回、撤销时须填写意见').waitFor();
    const comment = page.locator('#action-comment');
    await expect(comment.evaluate((e) => e === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement)).resolves.toBe(true);
    // Sixteen pixels or more: phones do not zoom into the field; and it is not under the bar.
    expect(await fontSize(comment)).toBeGreaterThanOrEqual(16);
    await page.waitForFunction(() => {
      const g = globalThis as unknown as { document: { querySelector(s: string): { getBoundingClientRect(): { bottom: number; top: number } } | null }; innerHeight: number };
      const c = g.document.querySelector('#action-comment')!.getBoundingClientRect();
      const b = g.document.querySelector('[data-testid="action-bar"]')!.getBoundingClientRect();
      return c.top >= 0 && c.bottom <= b.top;
    });
    await screenshot(page, 'phone-comment', { fullPage: false });
    // The leader changes their mind, types a comment on the phone's keyboard and signs it off.
    await page.keyboard.type('同意发布。');
    expect(await onScreen(page, approve)).toBe(true);
    await approve.tap();
    await page.getByTestId('document-state').getByText('已公开').waitFor();
    await page.getByTestId('history').getByText('同意发布。').waitFor();
    // Nothing is left to do: the bar is gone.
    expect(await bar.count()).toBe(0);
    await screenshot(page, 'phone-signed');

    // The menu opens as a drawer and leads to the documents, listed as cards.
    await menu.tap();
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('link', { name: '公文', exact: true }).tap();
    await page.getByRole('heading', { name: '公文', exact: true }).waitFor();
    await page.getByTestId('document-cards').getByRole('link', { name: signOffTitle }).waitFor();
    // The drawer closes as the page changes (its animation may still run on a loaded machine).
    await drawer.waitFor({ state: 'hidden' });
    expect(await drawer.isVisible()).toBe(false);
    await screenshot(page, 'phone-documents');
    await context.close();
  }, TEST_TIMEOUT);

  it('a citizen on a phone: the catalogue, an entry, applying and tracking the application', async () => {
    const { context, page } = await newContext(browser, { phone: true, bypassCSP: true, errors: pageErrors });
    await page.goto(`${t.baseUrl}/catalogue`);
    await page.getByTestId('catalogue-list').waitFor();
    expect(await overflowAtWidths(page, 'catalogue', [PHONE.viewport.width])).toEqual([]);
    await page.locator('#catalogue-q').tap();
    await page.keyboard.type('信息公开工作规则');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=/);
    await page.getByRole('link', { name: published.title }).waitFor();
    await screenshot(page, 'phone-catalogue');
    await page.getByRole('link', { name: published.title }).tap();
    await page.getByTestId('catalogue-body').waitFor();
    expect(await fontSize(page.getByTestId('catalogue-body'))).toBeGreaterThanOrEqual(15);
    expect(await overflowAtWidths(page, 'catalogue entry', [PHONE.viewport.width])).toEqual([]);
    await screenshot(page, 'phone-catalogue-entry');

    // Applying: through the menu, the form filled in by touch and keyboard.
    await page.getByRole('button', { name: '菜单' }).tap();
    await page.getByRole('dialog').getByRole('link', { name: '申请公开' }).tap();
    await page.getByRole('heading', { name: '政府信息公开申请' }).waitFor();
    await page.getByLabel('姓名或名称').tap();
    await page.keyboard.type('王五');
    await page.getByRole('textbox', { name: '电子邮箱' }).fill('wang.wu@example.com');
    await page.getByLabel(/所需政府信息的名称/).fill('本区2026年老旧小区改造的资金安排。');
    expect(await overflowAtWidths(page, 'apply', [PHONE.viewport.width])).toEqual([]);
    await screenshot(page, 'phone-apply');
    await page.getByTestId('submit-application').tap();
    const code = (await page.getByTestId('tracking-code').textContent())!.trim();
    expect(code).toMatch(/^[A-Z0-9]{8,}$/);
    expect(await overflowAtWidths(page, 'apply receipt', [PHONE.viewport.width])).toEqual([]);
    await screenshot(page, 'phone-apply-receipt');
    expect(report(await seriousViolations(page), 'apply receipt')).toEqual([]);
    await page.getByRole('link', { name: '查询办理进度' }).first().tap();
    await page.getByTestId('track-state').getByText('已收到').waitFor();
    expect(await overflowAtWidths(page, 'track', [PHONE.viewport.width])).toEqual([]);
    await screenshot(page, 'phone-track');
    await context.close();
  }, TEST_TIMEOUT);

  it.each(['zh', 'en'] as const)('every page fits 360–414 px without scrolling sideways, and axe-core finds no serious or critical violation (%s)', async (lang) => {
    const overflow: string[] = [];
    const axe: string[] = [];
    const check = async (page: Page, name: string) => {
      overflow.push(...(await overflowAtWidths(page, `${name} (${lang})`)));
      await page.setViewportSize(PHONE.viewport);
      await page.waitForTimeout(150);
      await screenshot(page, `phone-${lang}-${name}`);
      axe.push(...report(await seriousViolations(page), `${name} (${lang})`));
    };
    const as = async (key: string | null) => {
      const { context, page } = await newContext(browser, { phone: true, bypassCSP: true, errors: pageErrors });
      if (key) await login(page, t.baseUrl, users[key] ?? key, key === 'admin' ? 'admin-password-for-tests' : PASSWORD, lang);
      else await page.goto(`${t.baseUrl}/login?lang=${lang}`);
      return { context, page };
    };

    // The public pages.
    const anon = await as(null);
    await anon.page.locator('input[name=username]').waitFor();
    await check(anon.page, 'login');
    await anon.page.goto(`${t.baseUrl}/catalogue`);
    await anon.page.getByTestId('catalogue-list').waitFor();
    await check(anon.page, 'catalogue');
    await anon.page.goto(`${t.baseUrl}/catalogue/${encodeURIComponent(published.indexNo)}`);
    await anon.page.getByTestId('catalogue-body').waitFor();
    await check(anon.page, 'catalogue-entry');
    await anon.page.goto(`${t.baseUrl}/apply`);
    await anon.page.getByTestId('submit-application').waitFor();
    await check(anon.page, 'apply');
    await anon.page.goto(`${t.baseUrl}/track`);
    await anon.page.locator('#track-code').waitFor();
    await check(anon.page, 'track');
    // The header's menu, open.
    await anon.page.getByTestId('nav-menu').tap();
    await anon.page.getByRole('dialog').locator('a[href="/catalogue"]').waitFor();
    await check(anon.page, 'menu');
    await anon.context.close();

    // The drafter: tasks, documents, the form (new, with its errors), a draft and its edit.
    const draft = await t.http
      .post('/api/v1/documents')
      .set(bearer(d.tokens.drafterA))
      .send({ title: `关于开展2026年度政务公开工作检查的通知 ${lang}`, docType: 'notice', body: '各单位：\n现就开展检查有关事项通知如下。', publicAttribute: 'proactive' });
    const drafter = await as('drafterA');
    await drafter.page.getByTestId('task-cards').waitFor();
    await check(drafter.page, 'tasks');
    await drafter.page.goto(`${t.baseUrl}/documents`);
    await drafter.page.getByTestId('document-cards').waitFor();
    await check(drafter.page, 'documents');
    await drafter.page.goto(`${t.baseUrl}/documents/new`);
    await drafter.page.locator('#doc_title').waitFor();
    await check(drafter.page, 'document-form');
    await drafter.page.getByTestId('save-document').tap();
    await drafter.page.locator('.ant-form-item-explain-error').first().waitFor();
    await check(drafter.page, 'document-form-errors');
    await drafter.page.goto(`${t.baseUrl}/documents/${draft.body.id}`);
    await drafter.page.getByTestId('action-bar').waitFor();
    await check(drafter.page, 'document-draft');
    await drafter.page.goto(`${t.baseUrl}/documents/${draft.body.id}/edit`);
    await drafter.page.locator('#doc_title').waitFor();
    await check(drafter.page, 'document-edit');
    await drafter.context.close();

    // The office: a published document, the applications and one of them, the annual report.
    const officer = await as('officer');
    await officer.page.goto(`${t.baseUrl}/documents/${published.id}`);
    await officer.page.getByTestId('action-bar').waitFor();
    await check(officer.page, 'document-published');
    await officer.page.goto(`${t.baseUrl}/applications`);
    await officer.page.getByTestId('application-cards').waitFor();
    await check(officer.page, 'applications');
    await officer.page.getByTestId('record-open').tap();
    await officer.page.getByTestId('record-application').waitFor();
    await check(officer.page, 'applications-record');
    await officer.page.goto(`${t.baseUrl}/applications/${applicationId}`);
    await officer.page.getByTestId('application-actions').waitFor();
    await check(officer.page, 'application');
    await officer.page.goto(`${t.baseUrl}/reports/annual`);
    await officer.page.getByTestId('report-applications').waitFor();
    await officer.page.locator('.gk-chart canvas').first().waitFor();
    await check(officer.page, 'report');
    // The review chain: a consulted document (the 会签/征求意见 box, the consult form), the supervision board.
    await officer.page.goto(`${t.baseUrl}/documents/${consulted.id}`);
    await officer.page.getByTestId('paper-consultations').waitFor();
    await officer.page.getByTestId('consult-form').waitFor();
    await check(officer.page, 'document-consulted');
    await officer.page.goto(`${t.baseUrl}/supervision`);
    await officer.page.getByTestId('supervision-overdue').waitFor();
    await check(officer.page, 'supervision');
    await officer.context.close();

    // A unit's liaison: the consultations inbox and the answer form.
    const liaison = await as('liaisonA');
    await liaison.page.getByTestId('consultation-cards').waitFor();
    await check(liaison.page, 'consultations');
    await liaison.page.goto(`${t.baseUrl}/documents/${consulted.id}/consultations/${consulted.consultationId}`);
    await liaison.page.getByTestId('answer-form').waitFor();
    await check(liaison.page, 'consultation-answer');
    await liaison.context.close();

    // A leader's delegations.
    const leader = await as('leaderA');
    await leader.page.goto(`${t.baseUrl}/delegations`);
    await leader.page.getByTestId('delegation-cards').waitFor();
    await check(leader.page, 'delegations');
    await leader.context.close();

    // The administrator.
    const admin = await as('admin');
    await admin.page.goto(`${t.baseUrl}/admin/users`);
    await admin.page.getByTestId('user-cards').waitFor();
    await check(admin.page, 'admin-users');
    await admin.page.getByTestId('user-create').tap();
    await admin.page.locator('.ant-modal input').first().waitFor();
    await check(admin.page, 'admin-users-create');
    await admin.page.keyboard.press('Escape');
    await admin.page.locator('.ant-modal').waitFor({ state: 'hidden' });
    await admin.page.goto(`${t.baseUrl}/admin/units`);
    await admin.page.getByTestId('unit-cards').waitFor();
    await check(admin.page, 'admin-units');
    await admin.page.goto(`${t.baseUrl}/admin/step-deadlines`);
    await admin.page.getByTestId('step-deadlines').waitFor();
    await check(admin.page, 'admin-step-deadlines');
    await admin.context.close();

    expect(overflow).toEqual([]);
    expect(axe).toEqual([]);
  }, TEST_TIMEOUT);
});
