/**
 * Disclosure on application in a browser: the public form and its receipt, the tracking page
 * (state and dates only), and the office's worklist, clock, reply (valid outcome/reason pairs
 * only) and reply letter; the annual report page.
 */
import type { Browser, Page, Response } from 'playwright-core';
import { chinaYearOf } from '../../src/common/china-time.js';
import { PASSWORD, type District } from '../support/app.js';
import { appears, login, newContext, pickOption, screenshot, seriousViolations, uiDistrict, type UiApp } from '../support/ui.js';

const TEST_TIMEOUT = 120_000;

/** The action buttons are a radio group drawn as buttons: click the visible button. */
async function chooseAction(page: Page, label: string) {
  await page.locator('label.ant-radio-button-wrapper', { hasText: new RegExp(`^${label}$`) }).click();
}

describe('web UI: disclosure on application', () => {
  let t: UiApp;
  let d: District;
  let users: Record<string, string>;
  let browser: Browser;
  const pageErrors = uiDistrict((s) => ({ t, d, users, browser } = s));

  it('an applicant applies and tracks it; the office accepts, replies and downloads the letter', async () => {
    // The public form, in English, without logging in.
    const { context, page } = await newContext(browser, { bypassCSP: true, errors: pageErrors });
    await page.goto(`${t.baseUrl}/apply?lang=en`);
    await page.getByLabel('Name of the person or organisation').fill('Zhang San');
    await page.getByRole('textbox', { name: 'Email' }).fill('zhang.san@example.com');
    await page.getByLabel(/The information you ask for/).fill('The 2026 budget of the district’s old-neighbourhood renovation programme.');
    await screenshot(page, 'apply');
    const axeApply = await seriousViolations(page);
    await page.getByTestId('submit-application').click();
    const code = (await page.getByTestId('tracking-code').textContent())!.trim();
    expect(code).toMatch(/^[A-Z0-9]{8,}$/);
    await screenshot(page, 'apply-receipt');
    // The tracking page shows the state and dates only.
    await page.getByRole('link', { name: 'Track this application' }).click();
    await page.getByTestId('track-state').getByText('Received').waitFor();
    const tracked = await page.getByTestId('track-result').innerText();
    expect(tracked).not.toContain('Zhang San');
    expect(tracked).not.toContain('zhang.san@example.com');
    await screenshot(page, 'track');
    const axeTrack = await seriousViolations(page);
    await context.close();
    expect([...axeApply, ...axeTrack].map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    // The office (Chinese): the worklist, the clock in words, accept, reply.
    const office = await newContext(browser, { errors: pageErrors });
    await login(office.page, t.baseUrl, users.officer, PASSWORD);
    await office.page.getByRole('link', { name: '依申请公开' }).click();
    await office.page.getByRole('link', { name: 'Zhang San' }).first().click();
    await office.page.getByTestId('clock').getByText('还剩 20 个工作日').waitFor();
    await chooseAction(office.page, '受理');
    await office.page.getByTestId('application-submit').click();
    await office.page.getByTestId('application-state').getByText('办理中').waitFor();
    // A reply offers only the reasons of the chosen outcome.
    await chooseAction(office.page, '答复');
    await pickOption(office.page, 'app-outcome', '无法提供');
    await office.page.locator('#app-reason').click();
    const reasons = await office.page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').allInnerTexts();
    expect(reasons).toEqual(['本机关不掌握相关政府信息', '没有现成信息需要另行制作', '补正后申请内容仍不明确']);
    await office.page.keyboard.press('Escape');
    await pickOption(office.page, 'app-outcome', '予以公开');
    expect(await office.page.locator('#app-reason').count()).toBe(0);
    await office.page.locator('#app-comment').fill('所申请信息见附件。');
    await office.page.getByTestId('application-submit').click();
    await office.page.getByTestId('application-state').getByText('已答复').waitFor();
    await screenshot(office.page, 'application');
    const download = office.page.waitForEvent('download');
    await office.page.getByTestId('letter').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.txt$/);
    await office.context.close();
    expect(pageErrors).toEqual([]);
  }, TEST_TIMEOUT);

  it('the office records a faxed application with its date of receipt', async () => {
    const { context, page } = await newContext(browser, { bypassCSP: true, errors: pageErrors });
    await login(page, t.baseUrl, users.officer, PASSWORD, 'en');
    await page.goto(`${t.baseUrl}/applications`);
    await page.getByTestId('record-open').click();
    await page.getByRole('heading', { name: 'Record a paper application' }).waitFor();
    await page.locator('label.ant-radio-wrapper', { hasText: 'Fax' }).click();
    // Received two days ago (local time of the browser).
    const at = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    const pad = (n: number) => String(n).padStart(2, '0');
    const local = `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T10:00`;
    await page.getByLabel('Received at').fill(local);
    await page.getByLabel('Name of the person or organisation').fill('Li Si (fax)');
    await page.getByRole('textbox', { name: 'Phone' }).fill('010-12345678');
    await page.getByLabel(/The information you ask for/).fill('The minutes of the 2026 planning hearing on the riverside park.');
    const axe = await seriousViolations(page);
    await screenshot(page, 'application-record');
    await page.getByTestId('record-application').click();
    await page.getByTestId('record-done').waitFor();
    await page.getByRole('link', { name: 'Li Si (fax)' }).waitFor();
    await page.getByRole('link', { name: 'Open the application' }).click();
    await page.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
    await page.getByText('Fax', { exact: true }).waitFor();
    await context.close();
    expect(axe.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, TEST_TIMEOUT);

  it('the annual report: tables, charts, narrative editing and publication', async () => {
    const year = chinaYearOf(Date.now());
    const { context, page } = await newContext(browser, { bypassCSP: true, errors: pageErrors });
    await login(page, t.baseUrl, users.officer, PASSWORD);
    await page.getByRole('link', { name: '年度报告' }).click();
    await page.goto(`${t.baseUrl}/reports/annual?year=${year}`);
    // This year's application (from the test above) is counted in Table 3.
    const table3 = page.getByTestId('report-applications');
    await table3.waitFor();
    expect(await table3.locator('tbody tr').count()).toBeGreaterThan(10);
    await page.locator('.gk-chart canvas').first().waitFor();
    await page.locator('#narrative-overall').fill('本年度，区政府坚持以公开为常态、不公开为例外。');
    await page.locator('section', { has: page.locator('#narrative-overall') }).getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存。').first().waitFor();
    await screenshot(page, 'report');
    const violations = await seriousViolations(page);
    expect(violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    // Last year's report is published into the catalogue.
    await page.goto(`${t.baseUrl}/reports/annual?year=${year - 1}`);
    await page.getByTestId('report-proactive').waitFor();
    await page.getByRole('button', { name: '发布年度报告' }).click();
    // The publication's answer is awaited on its own (a loaded machine may take long) and named
    // in the failure, with what the page shows, if the confirmation does not follow.
    const publishing = (r: Response) => r.request().method() === 'POST' && /\/api\/v1\/reports\/annual\/\d+\/publish/.test(r.url());
    const answered = page.waitForResponse(publishing, { timeout: 60_000 }).then(
      async (r) => `${r.status()}${r.ok() ? '' : ` ${await r.text().catch(() => '')}`}`,
      () => 'none within 60 s',
    );
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '发布年度报告' }).click();
    const answer = await answered;
    await appears(page, page.getByText(/年度报告已发布，索引号/), `the report is published (the service answered ${answer})`, 'report-published');
    await context.close();
    expect(pageErrors).toEqual([]);
  }, TEST_TIMEOUT);
});
