/**
 * The web UI in a real headless Chromium against the real service: the review chain from the
 * drafter's form to the public catalogue, visibility across units, a conflicting change (412),
 * logging in in both languages, and the reduce-motion setting.
 */
import { Document as DocxDocument, Packer, Paragraph, TextRun } from 'docx';
import type { Browser, Page } from 'playwright-core';
import { PASSWORD, bearer, type District } from '../support/app.js';
import { documentStateIs as stateIs, login, newContext, pickOption, screenshot, uiDistrict, type UiApp } from '../support/ui.js';

const TEST_TIMEOUT = 120_000;

/** A small DOCX with the given paragraphs (its text is extracted, so it raises no finding). */
async function makeDocx(paragraphs: string[]): Promise<Buffer> {
  const doc = new DocxDocument({ sections: [{ children: paragraphs.map((p) => new Paragraph({ children: [new TextRun(p)] })) }] });
  return Buffer.from(await Packer.toBuffer(doc));
}

describe('web UI: the review chain in a browser', () => {
  let t: UiApp;
  let d: District;
  let users: Record<string, string>;
  let browser: Browser;
  const pageErrors = uiDistrict((s) => ({ t, d, users, browser } = s));

  async function as(key: string, lang?: 'en' | 'zh') {
    const { context, page } = await newContext(browser, { errors: pageErrors });
    await login(page, t.baseUrl, users[key], PASSWORD, lang);
    return { context, page };
  }

  it('drafter → secrecy review → office opinion → leader sign-off → public catalogue; another unit never sees it', async () => {
    const title = `关于印发《营商环境优化措施》的通知 ${Date.now()}`;

    // The drafter fills in the signing-and-approval form (Chinese, the default) and submits it.
    const drafter = await as('drafterA');
    await drafter.page.getByRole('link', { name: '新建发文' }).click();
    await drafter.page.locator('#doc_title').fill(title);
    await pickOption(drafter.page, 'doc_docType', '行政规范性文件');
    await drafter.page.locator('label.ant-radio-wrapper', { hasText: '主动公开' }).click();
    await pickOption(drafter.page, 'doc_category', '规章和行政规范性文件');
    await drafter.page.locator('#doc_documentNumber').fill('区发改发〔2026〕8号');
    await drafter.page.locator('#doc_summary').fill('从市场准入、政务服务等方面提出措施。');
    await drafter.page.locator('#doc_body').fill('各街道办事处，区政府各委、办、局：\n现将《营商环境优化措施》印发给你们，请认真贯彻执行。');
    await screenshot(drafter.page, 'document-form');
    await drafter.page.getByTestId('save-document').click();
    await drafter.page.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
    const id = drafter.page.url().split('/').pop()!;
    await stateIs(drafter.page, '草稿');
    // Only the drafter's own actions are offered.
    await drafter.page.locator('[data-action="submit"]').waitFor();
    await expect(drafter.page.locator('[data-action]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')))).resolves.toEqual(['submit', 'withdraw', 'edit']);
    // Before submitting, the drafter attaches a file: a wrong type is refused in Chinese, a DOCX is
    // listed, and the document's new version is what the submission then sends as If-Match.
    const fileInput = drafter.page.getByTestId('attachments').locator('input[type=file]');
    await fileInput.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('plain text, not an official file format') });
    await drafter.page.getByTestId('attachments').getByText('不支持的文件类型', { exact: false }).waitFor();
    const docx = await makeDocx(['营商环境优化措施', '一、优化市场准入。二、提升政务服务。']);
    await fileInput.setInputFiles({ name: '附件 营商环境优化措施.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: docx });
    const row = drafter.page.getByTestId('attachment').filter({ hasText: '附件 营商环境优化措施.docx' });
    await row.waitFor();
    await row.getByText('DOCX', { exact: true }).waitFor();
    await row.getByText('已提取', { exact: true }).waitFor();
    await drafter.page.getByText('版本 2').waitFor();
    await screenshot(drafter.page, 'document-attachments');
    await drafter.page.getByRole('button', { name: '提交', exact: true }).click();
    await stateIs(drafter.page, '保密审查');
    // Once submitted the file is still listed, but no longer removable.
    await row.waitFor();
    await drafter.page.getByTestId('attachment-upload').waitFor({ state: 'detached' });
    expect(await row.getByRole('button', { name: /删除/ }).count()).toBe(0);
    await drafter.context.close();

    // The unit's secrecy reviewer (English) finds it among their tasks and approves.
    const reviewer = await as('reviewerA', 'en');
    await reviewer.page.getByRole('heading', { name: 'My tasks' }).waitFor();
    await reviewer.page.getByRole('link', { name: title }).click();
    await reviewer.page.waitForURL(new RegExp(`/documents/${id}$`));
    await reviewer.page.getByRole('button', { name: 'Return', exact: true }).waitFor();
    await reviewer.page.locator('#action-comment').fill('Checked: no classified content.');
    await reviewer.page.getByRole('button', { name: 'Approve', exact: true }).click();
    await stateIs(reviewer.page, 'Attribute review');
    await reviewer.context.close();

    // A reviewer of another unit never sees it: not in tasks, not in the list, not by address.
    const other = await as('reviewerB');
    await other.page.waitForSelector('.gk-counts');
    expect(await other.page.getByRole('link', { name: title }).count()).toBe(0);
    await other.page.goto(`${t.baseUrl}/documents`);
    await other.page.waitForSelector('.gk-table, .ant-empty');
    expect(await other.page.getByRole('link', { name: title }).count()).toBe(0);
    await other.page.goto(`${t.baseUrl}/documents/${id}`);
    await other.page.getByText('未找到该公文，或您无权查看。').waitFor();
    await other.context.close();

    // The disclosure office gives its opinion on the attribute (English UI).
    const officer = await as('officer', 'en');
    await officer.page.goto(`${t.baseUrl}/documents/${id}`);
    const legend = officer.page.getByText("The office's opinion on the attribute");
    await legend.waitFor();
    await expect(officer.page.getByRole('radio', { name: 'Proactive' }).isChecked()).resolves.toBe(true);
    await officer.page.locator('#action-comment').fill('Agreed: proactive disclosure under Art. 20(1).');
    await screenshot(officer.page, 'document-office-opinion');
    await officer.page.getByRole('button', { name: 'Approve', exact: true }).click();
    await stateIs(officer.page, 'Leader sign-off');

    // The leader in charge signs off (Chinese UI): it is published.
    const leader = await as('leaderA');
    await leader.page.goto(`${t.baseUrl}/documents/${id}`);
    await leader.page.getByRole('button', { name: '签发', exact: true }).click();
    await stateIs(leader.page, '已公开');
    await leader.page.getByRole('link', { name: '在公开目录中查看' }).waitFor();
    await screenshot(leader.page, 'document');
    const history = await leader.page.getByTestId('history').innerText();
    expect(history).toContain('Checked: no classified content.');
    expect(history).toContain('Agreed: proactive disclosure under Art. 20(1).');
    await leader.context.close();

    // The office may now revoke it: the English label of the button.
    await officer.page.reload();
    await officer.page.getByRole('button', { name: 'Revoke', exact: true }).waitFor();
    await officer.context.close();

    // Anyone finds it in the public catalogue, without logging in.
    const { context, page } = await newContext(browser, { errors: pageErrors });
    await page.goto(`${t.baseUrl}/catalogue`);
    await page.locator('#catalogue-q').fill('营商环境优化措施');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.getByRole('link', { name: title }).waitFor();
    // A search offers its order: newest first (the default) or by relevance.
    await page.locator('#catalogue-sort').click();
    await page.locator('.ant-select-item-option', { hasText: '按相关度' }).click();
    await page.waitForURL(/sort=relevance/);
    await page.locator('.ant-select-dropdown').waitFor({ state: 'hidden' });
    await page.getByRole('link', { name: title }).waitFor();
    await screenshot(page, 'catalogue');
    await page.getByRole('link', { name: title }).click();
    await page.getByTestId('catalogue-body').getByText('请认真贯彻执行').waitFor();
    await page.getByRole('link', { name: '附件 营商环境优化措施.docx' }).waitFor();
    expect(await page.getByText(`${d.unitA.code}-`).first().textContent()).toMatch(new RegExp(`${d.unitA.code}-\\d{4}-\\d{6}`));
    await screenshot(page, 'catalogue-detail');
    await context.close();
  }, TEST_TIMEOUT);

  it('a document changed by someone else in between: the 412 is explained and the document reloaded', async () => {
    const created = await t.http
      .post('/api/v1/documents')
      .set(bearer(d.tokens.drafterA))
      .send({ title: `冲突测试 ${Date.now()}`, docType: 'notice', body: '正文。', publicAttribute: 'proactive' });
    expect(created.status).toBe(201);
    const doc = created.body as { id: string; version: number };
    const submitted = await t.http.post(`/api/v1/documents/${doc.id}/transitions`).set(bearer(d.tokens.drafterA)).set('If-Match', `"${doc.version}"`).send({ action: 'submit' });
    expect(submitted.status).toBe(200);

    // The reviewer (English) opens it and writes a comment …
    const reviewer = await as('reviewerA', 'en');
    await reviewer.page.goto(`${t.baseUrl}/documents/${doc.id}`);
    await reviewer.page.locator('#action-comment').fill('Looks fine to me.');
    // … meanwhile another reviewer of the unit returns it …
    const returned = await t.http
      .post(`/api/v1/documents/${doc.id}/transitions`)
      .set(bearer(d.tokens.allRoundA))
      .set('If-Match', `"${submitted.body.version}"`)
      .send({ action: 'return', comment: '请补充依据。' });
    expect(returned.status).toBe(200);
    // … so the approval meets a stale version.
    await reviewer.page.getByRole('button', { name: 'Approve', exact: true }).click();
    const alert = reviewer.page.getByTestId('action-error');
    await alert.getByText('Someone else changed this document. The latest version has been loaded: check it, then try again.').waitFor();
    await expect(alert.innerText()).resolves.toContain('Server:');
    // The page shows the new state, and nothing typed was lost.
    await stateIs(reviewer.page, 'Returned');
    // The history is reloaded beside the document: it may show a moment after the state.
    await reviewer.page.getByTestId('history').getByText('请补充依据。').waitFor();
    await screenshot(reviewer.page, 'conflict');
    await reviewer.context.close();

    // The drafter edits the returned form while someone saves it from another session.
    const drafter = await as('drafterA');
    await drafter.page.goto(`${t.baseUrl}/documents/${doc.id}/edit`);
    await drafter.page.locator('#doc_summary').fill('我的摘要，尚未保存。');
    const patched = await t.http.patch(`/api/v1/documents/${doc.id}`).set(bearer(d.tokens.drafterA)).set('If-Match', `"${returned.body.version}"`).send({ documentNumber: '区发改函〔2026〕1号' });
    expect(patched.status).toBe(200);
    await drafter.page.getByTestId('save-document').click();
    await drafter.page.getByTestId('form-error').getByText('该公文已被他人修改。已重新载入最新版本，请核对后再办理。').waitFor();
    await expect(drafter.page.locator('#doc_summary').inputValue()).resolves.toBe('我的摘要，尚未保存。');
    // The form kept the text and now carries the latest version: saving again succeeds.
    await drafter.page.getByTestId('save-document').click();
    await drafter.page.waitForURL(new RegExp(`/documents/${doc.id}$`));
    await drafter.page.getByText('我的摘要，尚未保存。').waitFor();
    await drafter.context.close();
  }, TEST_TIMEOUT);

  it("follows the system's reduce-motion setting: the user menu slides in without it and appears at once with it, also after a change", async () => {
    /**
     * Opens the user menu and closes it again: the animating classes elements took meanwhile,
     * rc-motion's `<name>-appear-start`/`-active` and `-enter-…`, the steps in which an element
     * moves. (The popup takes `-appear-prepare` for one render either way, to be measured.)
     */
    async function motionWhileMenuOpens(page: Page): Promise<string[]> {
      await page.evaluate(() => {
        // Runs in the page (no DOM types in the test's compilation).
        interface El {
          getAttribute?(name: string): string | null;
          querySelectorAll?(selector: string): ArrayLike<El>;
        }
        interface Observer {
          observe(node: unknown, opts: unknown): void;
          disconnect(): void;
        }
        const g = globalThis as unknown as {
          gkMotion: string[];
          gkObserver?: Observer;
          document: { body: unknown };
          MutationObserver: new (cb: (records: { target: El; addedNodes: ArrayLike<El> }[]) => void) => Observer;
        };
        g.gkObserver?.disconnect();
        g.gkMotion = [];
        const note = (e: El) => {
          for (const c of (e.getAttribute?.('class') ?? '').split(/\s+/)) if (/-(enter|appear)-(start|active)$/.test(c)) g.gkMotion.push(c);
        };
        g.gkObserver = new g.MutationObserver((records) => {
          for (const r of records) {
            note(r.target);
            for (const added of Array.from(r.addedNodes)) [added, ...Array.from(added.querySelectorAll?.('[class]') ?? [])].forEach(note);
          }
        });
        g.gkObserver.observe(g.document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
      });
      await page.getByTestId('user-menu').click();
      await page.getByRole('menuitem', { name: '账号安全' }).waitFor();
      // Let a motion that was going to start start (rc-motion's prepare and start take a frame each).
      await page.waitForTimeout(500);
      const seen = (await page.evaluate(() => (globalThis as unknown as { gkMotion: string[] }).gkMotion)) as string[];
      await page.keyboard.press('Escape');
      await page.getByRole('menuitem', { name: '账号安全' }).waitFor({ state: 'hidden' });
      return [...new Set(seen)];
    }
    const moving = expect.arrayContaining([expect.stringMatching(/^ant-slide-(up|down)-(enter|appear)-active$/)]);

    // Without the setting the menu slides in; once the system asks for reduced motion it no longer does.
    const user = await newContext(browser, { errors: pageErrors, motion: true });
    await login(user.page, t.baseUrl, users.drafterA, PASSWORD);
    expect(await motionWhileMenuOpens(user.page)).toEqual(moving);
    await user.page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await motionWhileMenuOpens(user.page)).toEqual([]);
    await user.page.emulateMedia({ reducedMotion: 'no-preference' });
    expect(await motionWhileMenuOpens(user.page)).toEqual(moving);
    await user.context.close();

    // With the setting from the start (the other UI tests' contexts) nothing moves.
    const still = await newContext(browser, { errors: pageErrors });
    await login(still.page, t.baseUrl, users.drafterA, PASSWORD);
    expect(await motionWhileMenuOpens(still.page)).toEqual([]);
    await still.context.close();
  }, TEST_TIMEOUT);

  it('logs in in Chinese and in English; the language is remembered', async () => {
    const { context, page } = await newContext(browser, { errors: pageErrors });
    // Chinese by default.
    await page.goto(`${t.baseUrl}/login`);
    await page.getByLabel('用户名').waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    await screenshot(page, 'login');
    await page.locator('input[name=username]').fill(users.drafterA);
    await page.locator('input[name=password]').fill('wrong-password-123');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByText('用户名或密码错误。').waitFor();
    await page.locator('input[name=password]').fill(PASSWORD);
    // The second try goes by keyboard: Enter in the password field submits the form.
    await page.locator('input[name=password]').press('Enter');
    await page.getByRole('heading', { name: '我的待办' }).waitFor();
    await screenshot(page, 'tasks');
    await page.getByRole('link', { name: '公文', exact: true }).click();
    await page.waitForSelector('.gk-table');
    await screenshot(page, 'documents');
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: '退出登录' }).click();
    await page.waitForURL(/\/login/);

    // ?lang=en switches to English …
    await page.goto(`${t.baseUrl}/login?lang=en`);
    await page.getByLabel('Username').waitFor();
    await page.getByLabel('Password').waitFor();
    await screenshot(page, 'login-en');
    await page.locator('input[name=username]').fill(users.drafterA);
    await page.locator('input[name=password]').fill('wrong-password-123');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('Wrong username or password.').waitFor();
    await page.locator('input[name=password]').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'My tasks' }).waitFor();
    // … and is remembered without the parameter.
    await page.goto(`${t.baseUrl}/documents`);
    await page.getByRole('heading', { name: 'Documents' }).waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    // The language menu switches back, and that is remembered too.
    await page.getByTestId('language-menu').click();
    await page.getByRole('menuitem', { name: '中文' }).click();
    await page.getByRole('heading', { name: '公文' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: '公文' }).waitFor();
    await context.close();
  }, TEST_TIMEOUT);
});
