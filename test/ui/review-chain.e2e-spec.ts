/**
 * The review chain's daily work in a real Chromium against the real service: the office consults
 * units and a unit's liaison answers in the UI (征求意见), the secrecy reviewer takes a step back
 * (取回) and the office returns one to the previous step, a leader names a deputy who signs off in
 * their place (代理, "on behalf of" in the timeline), the supervision board with its urge button,
 * due dates on the task list, and the step deadlines. Screenshots: test-artifacts/screenshots/review-*.png.
 */
import type { Browser } from 'playwright-core';
import { PASSWORD, bearer, walk, type District } from '../support/app.js';
import { PHONE, documentStateIs as stateIs, login, newContext, overflowAtWidths, screenshot, seriousViolations, uiDistrict, type AxeViolation, type UiApp } from '../support/ui.js';

const TEST_TIMEOUT = 150_000;

function report(violations: AxeViolation[], name: string): string[] {
  return violations.map((v) => `${name}: [${v.impact}] ${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** `YYYY-MM-DDTHH:mm` in China time, what a datetime-local field takes (the browser runs in Asia/Shanghai). */
function chinaLocal(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16);
}

describe('web UI: consultations, recall, delegation and supervision', () => {
  let t: UiApp;
  let d: District;
  let users: Record<string, string>;
  let browser: Browser;
  const pageErrors = uiDistrict((s) => ({ t, d, users, browser } = s));

  async function as(key: string, opts: { lang?: 'en' | 'zh'; phone?: boolean; axe?: boolean } = {}) {
    const { context, page } = await newContext(browser, { errors: pageErrors, phone: opts.phone, bypassCSP: opts.axe });
    await login(page, t.baseUrl, key === 'admin' ? 'admin' : users[key], key === 'admin' ? 'admin-password-for-tests' : PASSWORD, opts.lang);
    return { context, page };
  }

  it('the office consults two units, unit A’s liaison answers in the UI, the office closes the other and approves', async () => {
    const title = `关于调整城区停车收费标准的通知 ${Date.now()}`;
    const doc = await walk(t, d, 'drafterA', [['drafterA', { action: 'submit' }], ['reviewerA', { action: 'approve' }]], { title, docType: 'notice', category: 'fees' });

    // The office picks the units and asks its question.
    const officer = await as('officer', { axe: true });
    await officer.page.goto(`${t.baseUrl}/documents/${doc.id}`);
    const form = officer.page.getByTestId('consult-form');
    await form.waitFor();
    await officer.page.locator('#consult-units').click();
    for (const unit of ['发展和改革委员会', '教育局']) {
      await officer.page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: unit }).click();
    }
    await officer.page.keyboard.press('Escape');
    await officer.page.locator('#consult-question').fill('本通知拟主动公开，请就公开属性和涉及本单位的内容提出意见。');
    await officer.page.locator('#consult-days').fill('3');
    await officer.page.getByTestId('consult-send').click();
    // The form view's 会签/征求意见 box lists both, waiting; the action panel says who has not answered.
    const box = officer.page.getByTestId('paper-consultations');
    await box.getByText('待答复').first().waitFor();
    expect(await box.getByTestId('paper-consultation').count()).toBe(2);
    await officer.page.getByTestId('open-consultations').getByText(/发展和改革委员会.*教育局|教育局.*发展和改革委员会/).waitFor();
    await officer.page.getByTestId('history').getByText('征求意见', { exact: true }).waitFor();
    await screenshot(officer.page, 'review-consult');
    expect(report(await seriousViolations(officer.page), 'document with consultations')).toEqual([]);

    // Unit A's liaison lands on the inbox, opens the consultation and answers.
    const liaison = await as('liaisonA', { axe: true });
    await liaison.page.waitForURL(/\/consultations$/);
    await liaison.page.getByRole('heading', { name: '征求意见', exact: true }).waitFor();
    const item = liaison.page.getByTestId('consultation-item').filter({ hasText: title });
    await item.waitFor();
    expect(await liaison.page.getByTestId('consultation-item').count()).toBe(1);
    await screenshot(liaison.page, 'review-consultations-inbox');
    expect(report(await seriousViolations(liaison.page), 'consultations inbox')).toEqual([]);
    await item.getByRole('link', { name: title }).click();
    await liaison.page.getByTestId('answer-form').waitFor();
    await liaison.page.getByTestId('consultation-question').getByText('本通知拟主动公开').waitFor();
    // Sending without an opinion says what is missing.
    await liaison.page.getByTestId('answer-send').click();
    await liaison.page.getByRole('alert').getByText('请选择同意或不同意').waitFor();
    await liaison.page.getByRole('radio', { name: '同意', exact: true }).check();
    await liaison.page.getByRole('radio', { name: '主动公开', exact: true }).check();
    await liaison.page.locator('#answer-comment').fill('同意主动公开，收费标准已经我委核定。');
    expect(report(await seriousViolations(liaison.page), 'answer form')).toEqual([]);
    await screenshot(liaison.page, 'review-consultation-answer-form');
    await liaison.page.getByTestId('answer-send').click();
    await liaison.page.getByTestId('consultation-answer').getByText('同意主动公开，收费标准已经我委核定。').waitFor();
    await screenshot(liaison.page, 'review-consultation-answered');
    // Answered: no longer in the open list.
    await liaison.page.goto(`${t.baseUrl}/consultations`);
    await liaison.page.getByText('没有符合条件的征求意见。').waitFor();
    await liaison.context.close();

    // The office sees the answer in the box; approving while 教育局 has not answered is refused
    // with the unit named, then done by closing the open consultation with a comment.
    await officer.page.reload();
    await box.getByText('同意主动公开，收费标准已经我委核定。').waitFor();
    await box.getByText('已答复').waitFor();
    await officer.page.getByRole('button', { name: '同意', exact: true }).click();
    const error = officer.page.getByTestId('action-error');
    await error.getByText('征求意见尚未答复：教育局').waitFor();
    await officer.page.getByTestId('close-consultations').click();
    await officer.page.getByRole('button', { name: '同意', exact: true }).click();
    await officer.page.getByRole('alert').getByText('关闭未答复的征求意见时须填写意见').waitFor();
    await officer.page.locator('#action-comment').fill('教育局逾期未答复，按主动公开办理。');
    await officer.page.getByRole('button', { name: '同意', exact: true }).click();
    await stateIs(officer.page, '领导签发');
    await box.getByText('关闭前未答复').waitFor();
    const history = await officer.page.getByTestId('history').innerText();
    expect(history).toContain('答复征求意见');
    expect(history).toContain('同意主动公开，收费标准已经我委核定。');
    await screenshot(officer.page, 'review-consulted-approved');
    await officer.context.close();

    const consultations = await t.http.get(`/api/v1/documents/${doc.id}/consultations`).set(bearer(d.tokens.officer));
    expect(consultations.body.items.map((c: { unitId: string; state: string }) => [c.unitId, c.state]).sort()).toEqual(
      [
        [d.unitA.id, 'answered'],
        [d.unitB.id, 'closed'],
      ].sort(),
    );
  }, TEST_TIMEOUT);

  it('recall: the secrecy reviewer approves, recalls and approves again; the office returns it to the previous step', async () => {
    const title = `关于2026年度财政预算执行情况的报告 ${Date.now()}`;
    const doc = await walk(t, d, 'drafterA', [['drafterA', { action: 'submit' }]], { title, docType: 'report', category: 'budgets_and_accounts' });

    const reviewer = await as('reviewerA');
    await reviewer.page.goto(`${t.baseUrl}/documents/${doc.id}`);
    await reviewer.page.locator('#action-comment').fill('已核查，无涉密内容。');
    await reviewer.page.getByRole('button', { name: '同意', exact: true }).click();
    await stateIs(reviewer.page, '公开属性审核');
    // The server offers the recall while the reviewer's step is the last one.
    const recall = reviewer.page.getByRole('button', { name: '取回', exact: true });
    await recall.waitFor();
    await expect(reviewer.page.locator('[data-action]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))).resolves.toEqual(['recall']);
    await screenshot(reviewer.page, 'review-recall-offered');
    await recall.click();
    await reviewer.page.getByRole('dialog').getByRole('button', { name: '取回' }).click();
    await stateIs(reviewer.page, '保密审查');
    // Back at the reviewer's step: the signature box waits again, the history says 取回.
    await reviewer.page.getByTestId('history').getByText('取回', { exact: true }).waitFor();
    await reviewer.page.locator('.gk-paper-table').getByText('（待办理）').waitFor();
    await reviewer.page.locator('#action-comment').fill('复核后同意。');
    await reviewer.page.getByRole('button', { name: '同意', exact: true }).click();
    await stateIs(reviewer.page, '公开属性审核');
    await screenshot(reviewer.page, 'review-recalled-approved');
    await reviewer.context.close();

    // The office (English) sends it back to the secrecy review, not to the drafter.
    const officer = await as('officer', { lang: 'en' });
    await officer.page.goto(`${t.baseUrl}/documents/${doc.id}`);
    const back = officer.page.getByRole('button', { name: 'Return to previous step', exact: true });
    await back.waitFor();
    // The reviewer's recall is no longer offered to anyone but them; the office may not recall.
    expect(await officer.page.getByRole('button', { name: 'Recall', exact: true }).count()).toBe(0);
    await back.click();
    await officer.page.getByRole('alert').getByText('A comment is required to return or revoke').waitFor();
    await officer.page.locator('#action-comment').fill('Please check the annex again.');
    await back.click();
    await stateIs(officer.page, 'Confidentiality review');
    await officer.page.getByTestId('history').getByText('Return to previous step', { exact: true }).waitFor();
    await screenshot(officer.page, 'review-returned-previous');
    await officer.context.close();
  }, TEST_TIMEOUT);

  it('delegation: the leader names another leader as deputy, who finds the document in their tasks and signs it off on their behalf', async () => {
    const title = `关于印发《城区绿化养护管理办法》的通知 ${Date.now()}`;
    const doc = await walk(
      t,
      d,
      'drafterA',
      [
        ['drafterA', { action: 'submit' }],
        ['reviewerA', { action: 'approve' }],
        ['officer', { action: 'approve', comment: '同意主动公开。' }],
      ],
      { title },
    );

    // The leader in charge of unit A opens the delegation screen from the user menu.
    const leader = await as('leaderA', { axe: true });
    await leader.page.getByTestId('user-menu').click();
    await leader.page.getByRole('menuitem', { name: '代理设置' }).click();
    await leader.page.waitForURL(/\/delegations$/);
    await leader.page.getByRole('heading', { name: '代理设置', exact: true }).waitFor();
    await leader.page.getByText('目前没有代理。').waitFor();
    // Saving without a deputy says so.
    await leader.page.getByTestId('delegation-create').click();
    await leader.page.getByRole('alert').getByText('请选择代理人').waitFor();
    // The deputy is found by name in the directory.
    await leader.page.locator('#delegation-to').click();
    await leader.page.keyboard.type('leaderB');
    await leader.page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: 'leaderB' }).waitFor();
    expect(await leader.page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').count()).toBe(1);
    await leader.page.keyboard.press('Enter');
    await leader.page.locator('.ant-select', { has: leader.page.locator('#delegation-to') }).filter({ hasText: 'leaderB' }).waitFor();
    await leader.page.locator('#delegation-ends').fill(chinaLocal(new Date(Date.now() + 3 * 86400_000)));
    await leader.page.locator('#delegation-reason').fill('赴市里参加培训，期间由其代为签发。');
    await leader.page.getByTestId('delegation-create').click();
    const row = leader.page.getByTestId('delegation').filter({ hasText: 'leaderB' });
    await row.getByText('代理中').waitFor();
    await row.getByText('leaderA（本人）').waitFor();
    await screenshot(leader.page, 'review-delegation');
    expect(report(await seriousViolations(leader.page), 'delegations')).toEqual([]);
    await leader.context.close();

    // The deputy, on a phone in English: the document is among their tasks, with its due date.
    const deputy = await as('leaderB', { phone: true, lang: 'en' });
    const card = deputy.page.getByTestId('task-cards').locator('li').filter({ hasText: title });
    await card.waitFor();
    await card.getByTestId('task-due').waitFor();
    await screenshot(deputy.page, 'review-deputy-tasks');
    await card.getByRole('link', { name: title }).tap();
    await deputy.page.waitForURL(new RegExp(`/documents/${doc.id}$`));
    await deputy.page.getByTestId('on-behalf-of').getByText('You are acting on behalf of leaderA (delegation).').waitFor();
    expect(await overflowAtWidths(deputy.page, 'document (deputy)', [PHONE.viewport.width])).toEqual([]);
    await screenshot(deputy.page, 'review-deputy-sign-off', { fullPage: false });
    await deputy.page.getByTestId('action-bar').getByRole('button', { name: 'Approve', exact: true }).tap();
    await stateIs(deputy.page, 'Published');
    // The timeline and the signature say in whose place it was signed.
    await deputy.page.getByTestId('history').getByTestId('history-on-behalf').getByText('(on behalf of leaderA)').waitFor();
    await deputy.page.locator('.gk-paper-sign-row').getByText('leaderB (on behalf of leaderA)').waitFor();
    await screenshot(deputy.page, 'review-deputy-signed');
    await deputy.context.close();

    // The same timeline in Chinese, on a desktop.
    const officer = await as('officer');
    await officer.page.goto(`${t.baseUrl}/documents/${doc.id}`);
    await officer.page.getByTestId('history-on-behalf').getByText('（代 leaderA）').waitFor();
    await screenshot(officer.page, 'review-on-behalf');
    await officer.context.close();

    const history = await t.http.get(`/api/v1/documents/${doc.id}/history`).set(bearer(d.tokens.officer));
    const signed = (history.body as { action: string; actorId: string; onBehalfOfId: string | null }[]).at(-1)!;
    expect(signed).toMatchObject({ action: 'approve', actorId: d.ids.leaderB, onBehalfOfId: d.ids.leaderA });
  }, TEST_TIMEOUT);

  it('delegation without a user directory (a service that answers 404): the deputy is given by user id', async () => {
    const { context, page } = await as('leaderB');
    await page.route('**/api/v1/users/directory**', (route) => route.fulfill({ status: 404, contentType: 'application/json', body: '{"statusCode":404,"message":"Not Found"}' }));
    await page.goto(`${t.baseUrl}/delegations`);
    const field = page.getByLabel('代理人的用户 ID');
    await field.waitFor();
    await page.getByText('暂不能在此查找人员').waitFor();
    await field.fill('leaderA');
    await page.locator('#delegation-ends').fill(chinaLocal(new Date(Date.now() + 40 * 86400_000)));
    await page.locator('#delegation-reason').fill('休假。');
    await page.getByTestId('delegation-create').click();
    await page.getByRole('alert').getByText('用户 ID 的格式不正确').waitFor();
    await screenshot(page, 'review-delegation-by-id');
    await context.close();
  }, TEST_TIMEOUT);

  it('the supervision board: overdue first with the working days, counts per unit, the office urges a step; due dates on the task list', async () => {
    const late = await walk(t, d, 'drafterA', [['drafterA', { action: 'submit' }], ['reviewerA', { action: 'approve' }]], { title: `逾期待审核的通知 ${Date.now()}`, docType: 'notice' });
    const soon = await walk(t, d, 'drafterB', [['drafterB', { action: 'submit' }]], { title: `即将到期的通知 ${Date.now()}`, docType: 'notice' });
    // One step's time limit ran out a week ago; the other's ends tomorrow.
    await t.sql(`UPDATE documents SET step_due_at = now() - interval '7 days' WHERE id = $1`, [late.id]);
    await t.sql(`UPDATE documents SET step_due_at = now() + interval '20 hours' WHERE id = $1`, [soon.id]);

    const officer = await as('officer', { axe: true });
    // My tasks: the due date, in red with the word once it has passed.
    const lateRow = officer.page.locator('.gk-table tr').filter({ hasText: late.title as string });
    await lateRow.getByTestId('task-due').waitFor();
    await expect(lateRow.getByTestId('task-due').getAttribute('data-overdue')).resolves.toBe('true');
    await lateRow.getByText('已超期').waitFor();
    const colour = await lateRow.getByTestId('task-due').evaluate((e) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(e).color);
    expect(colour).toBe('rgb(180, 35, 24)');
    await screenshot(officer.page, 'review-tasks-due');

    await officer.page.getByRole('link', { name: '督办', exact: true }).click();
    await officer.page.waitForURL(/\/supervision$/);
    const overdue = officer.page.getByTestId('supervision-overdue');
    await overdue.getByRole('link', { name: late.title as string }).waitFor();
    await overdue.getByText(/超期 \d+ 个工作日/).first().waitFor();
    await officer.page.getByTestId('supervision-due-soon').getByRole('link', { name: soon.title as string }).waitFor();
    // Overdue comes first on the page.
    const [overdueTop, soonTop] = await Promise.all([overdue.boundingBox(), officer.page.getByTestId('supervision-due-soon').boundingBox()]);
    expect(overdueTop!.y).toBeLessThan(soonTop!.y);
    const units = officer.page.getByTestId('supervision-units');
    await units.getByRole('button', { name: '发展和改革委员会' }).waitFor();
    await units.getByRole('button', { name: '教育局' }).waitFor();
    expect(report(await seriousViolations(officer.page), 'supervision')).toEqual([]);
    await screenshot(officer.page, 'review-supervision');
    // A unit's row filters the lists.
    await units.getByRole('button', { name: '教育局' }).click();
    await officer.page.getByText('没有超期事项。').waitFor();
    await units.getByRole('button', { name: '教育局' }).click();
    await overdue.getByRole('link', { name: late.title as string }).waitFor();

    // Urging the overdue step: a message, and the history records it.
    await overdue.locator('tr').filter({ hasText: late.title as string }).getByTestId('urge').click();
    await officer.page.locator('#urge-comment').fill('已超期一周，请于今日内提出意见。');
    await officer.page.getByRole('dialog').getByRole('button', { name: '督办' }).click();
    await officer.page.getByRole('dialog').waitFor({ state: 'hidden' });
    await officer.page.goto(`${t.baseUrl}/documents/${late.id}`);
    await officer.page.getByTestId('history').getByText('已超期一周，请于今日内提出意见。').waitFor();
    await officer.page.getByTestId('step-due').getByText('已超期').waitFor();
    await officer.context.close();

    // The leader reads the board too, but urging is the office's.
    const leader = await as('leaderA');
    await leader.page.goto(`${t.baseUrl}/supervision`);
    await leader.page.getByTestId('supervision-overdue').getByRole('link', { name: late.title as string }).waitFor();
    expect(await leader.page.getByTestId('urge').count()).toBe(0);
    await leader.context.close();
  }, TEST_TIMEOUT);

  it('the administrator sets the step deadlines (English)', async () => {
    const admin = await as('admin', { lang: 'en', axe: true });
    await admin.page.getByRole('link', { name: 'Step deadlines' }).click();
    await admin.page.getByTestId('step-deadlines').waitFor();
    const office = admin.page.getByLabel('Attribute review');
    await expect(office.inputValue()).resolves.toBe('5');
    await office.fill('61');
    await admin.page.getByTestId('deadlines-save').click();
    await admin.page.getByRole('alert').getByText('Each limit is a whole number of working days from 1 to 60').waitFor();
    await office.fill('4');
    await admin.page.getByTestId('deadlines-save').click();
    await admin.page.getByText('Step deadlines saved.').waitFor();
    expect(report(await seriousViolations(admin.page), 'step deadlines')).toEqual([]);
    await screenshot(admin.page, 'review-step-deadlines');
    await admin.context.close();
    const saved = await t.http.get('/api/v1/settings/step-deadlines').set(bearer(t.adminToken));
    expect(saved.body).toEqual({ secrecy_review: 3, attribute_review: 4, leader_review: 3 });
  }, TEST_TIMEOUT);
});
