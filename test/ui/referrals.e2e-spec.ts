/**
 * Applications across units (转办) in a real Chromium against the real service: a citizen applies;
 * the office accepts and refers the application to two units; unit A's liaison finds it in the
 * referrals inbox (without the applicant's ID number and contact) and proposes a partial
 * disclosure of its document; the office replies, closing unit B's unanswered referral, with the
 * document provided; the citizen's tracking page — on a desktop and on a phone — explains the due
 * date and downloads the reply letter (read back as DOCX) and the document with its redactions.
 * Then the office's other screens: the letters on the application page, an appeal recorded and
 * concluded, the Art. 44 proposals, and the administrator's working-day calendar.
 * Screenshots: test-artifacts/screenshots/referral-*.png, track-letters*.png, appeals.png, proposals.png, calendar.png.
 */
import mammoth from 'mammoth';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { PASSWORD, bearer, walk, type District } from '../support/app.js';
import { login, newContext, overflowAtWidths, pickOption, screenshot, seriousViolations, uiDistrict, type UiApp } from '../support/ui.js';

const TEST_TIMEOUT = 180_000;
const PHONE_NUMBER = '13812345678';
const SECRET = '内部评审意见暂缓实施';
const BODY = `老旧小区改造资金拨付表\n联系人电话${PHONE_NUMBER}\n${SECRET}\n公开部分：项目总投资3000万元。`;

/** The action buttons are a radio group drawn as buttons: click the visible button. */
async function chooseAction(page: Page, label: string) {
  await page.locator('label.ant-radio-button-wrapper', { hasText: new RegExp(`^${label}$`) }).click();
}

describe('web UI: referrals, letters and the applicant’s view', () => {
  let t: UiApp;
  let d: District;
  let users: Record<string, string>;
  let browser: Browser;
  /** Unit A's document, issued on application, with the phone number and the internal opinion marked for redaction. */
  let docId = '';
  const pageErrors = uiDistrict(
    (s) => ({ t, d, users, browser } = s),
    async () => {
      const officer = bearer(d.tokens.officer);
      const doc = await walk(t, d, 'drafterA', [['drafterA', { action: 'submit' }], ['reviewerA', { action: 'approve', findingsAcknowledged: true }]], {
        title: '老旧小区改造资金拨付表',
        body: BODY,
        publicAttribute: 'on_application',
      });
      let version = doc.version;
      for (const span of [
        { start: BODY.indexOf(PHONE_NUMBER), end: BODY.indexOf(PHONE_NUMBER) + PHONE_NUMBER.length },
        { start: BODY.indexOf(SECRET), end: BODY.indexOf(SECRET) + SECRET.length },
      ]) {
        const r = await t.http.post(`/api/v1/documents/${doc.id}/redactions`).set(officer).set('If-Match', `"${version}"`).send(span);
        if (r.status !== 201) throw new Error(`redaction: ${r.status} ${JSON.stringify(r.body)}`);
        version = Number(String(r.headers.etag).replace(/"/g, ''));
      }
      for (const [who, body] of [
        ['officer', { action: 'approve', publicAttribute: 'on_application' }],
        ['leaderA', { action: 'approve' }],
      ] as const) {
        const r = await t.http.post(`/api/v1/documents/${doc.id}/transitions`).set(bearer(d.tokens[who])).set('If-Match', `"${version}"`).send(body);
        if (r.status !== 200) throw new Error(`${who}: ${r.status} ${JSON.stringify(r.body)}`);
        version = r.body.version;
      }
      docId = doc.id;
    },
  );

  async function as(key: string, opts: { phone?: boolean; lang?: 'en' | 'zh'; bypassCSP?: boolean } = {}) {
    const { context, page } = await newContext(browser, { errors: pageErrors, phone: opts.phone, bypassCSP: opts.bypassCSP });
    await login(page, t.baseUrl, users[key], PASSWORD, opts.lang);
    return { context, page };
  }

  it(
    'intake → referral to two units → a liaison’s answer → the reply closing the other → the applicant downloads the reply letter (desktop and phone)',
    async () => {
      // The citizen applies, without logging in.
      const citizen = await newContext(browser, { errors: pageErrors });
      await citizen.page.goto(`${t.baseUrl}/apply`);
      await citizen.page.getByLabel('姓名或名称').fill('张三');
      await citizen.page.getByLabel('身份证件号码或统一社会信用代码').fill('110101199003071234');
      await citizen.page.getByRole('textbox', { name: '联系电话' }).fill('13900001111');
      await citizen.page.getByLabel(/所需政府信息的名称/).fill('2026年老旧小区改造项目的资金拨付情况');
      await citizen.page.getByTestId('submit-application').click();
      const code = (await citizen.page.getByTestId('tracking-code').textContent())!.trim();
      const id = (await t.sql<{ id: string }>(`SELECT id FROM applications WHERE tracking_code = $1`, [code]))[0].id;

      // The office accepts, then refers it to units A and B.
      const office = await as('officer');
      await office.page.goto(`${t.baseUrl}/applications/${id}`);
      await chooseAction(office.page, '受理');
      await office.page.getByTestId('application-submit').click();
      await office.page.getByTestId('application-state').getByText('办理中').waitFor();
      const referForm = office.page.getByTestId('refer-form');
      await referForm.waitFor();
      await office.page.locator('#refer-units').click();
      for (const unit of ['发展和改革委员会', '教育局']) {
        await office.page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: unit }).first().click();
      }
      await office.page.keyboard.press('Escape');
      await office.page.locator('#refer-comment').fill('请核实是否制作或保存老旧小区改造资金拨付情况，并提出答复意见。');
      await office.page.getByTestId('refer-submit').click();
      await office.page.getByTestId('application-referral').nth(1).waitFor();
      expect(await office.page.getByTestId('application-referrals').getByTestId('referral-state').allInnerTexts()).toEqual(['待答复', '待答复']);
      await screenshot(office.page, 'referral-referred');

      // Unit A's liaison: the inbox, then the referral, with neither the ID number nor the phone of the applicant.
      const liaison = await as('liaisonA');
      await liaison.page.getByRole('link', { name: '转办件' }).first().click();
      await liaison.page.getByTestId('referral-item').first().waitFor();
      expect(await liaison.page.getByTestId('referral-item').count()).toBe(1);
      await screenshot(liaison.page, 'referral-inbox');
      const axeInbox = await seriousViolationsIn(liaison.page);
      await liaison.page.getByRole('link', { name: '2026年老旧小区改造项目的资金拨付情况' }).click();
      await liaison.page.getByTestId('referral-form').waitFor();
      await liaison.page.getByTestId('referral-application').getByText('张三（自然人）').waitFor();
      const shown = await liaison.page.locator('main').innerText();
      expect(shown).toContain('张三');
      expect(shown).not.toContain('110101199003071234');
      expect(shown).not.toContain('13900001111');
      await pickOption(liaison.page, 'referral-outcome', '部分公开');
      await liaison.page.locator('#referral-comment').fill('联系人电话和内部评审意见不予公开，已作遮盖标记，其余部分可以公开。');
      await liaison.page.locator('#referral-documents').fill(docId);
      await liaison.page.keyboard.press('Enter');
      await screenshot(liaison.page, 'referral-answer-form');
      await liaison.page.getByTestId('referral-submit').click();
      await liaison.page.getByTestId('referral-answer').waitFor();
      expect(await liaison.page.getByTestId('referral-answer').innerText()).toContain('部分公开');
      await liaison.context.close();

      // The office sees the answer; the reply warns about unit B's open referral and closes it.
      await office.page.reload();
      await office.page.getByTestId('application-referrals').getByText('部分公开').waitFor();
      await chooseAction(office.page, '答复');
      await pickOption(office.page, 'app-outcome', '部分公开');
      await office.page.getByTestId('open-referrals').getByText(/仍有1个转办件未答复：教育局/).waitFor();
      await office.page.locator('#app-documents').click();
      await office.page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: docId }).first().click();
      await office.page.keyboard.press('Escape');
      await office.page.locator('#app-comment').fill('所提供信息中的个人联系电话和内部评审意见不予公开，已作遮盖处理');
      // Without closing the open referral the service refuses (409), and says why.
      await office.page.getByTestId('application-submit').click();
      await office.page.getByTestId('application-error').getByText(/教育局/).waitFor();
      await office.page.getByTestId('close-referrals').click();
      await office.page.getByTestId('application-submit').click();
      await office.page.getByTestId('application-state').getByText('已答复').waitFor();
      await office.page.getByTestId('application-referrals').getByText('未答复即关闭').waitFor();
      // The letters of the application: the receipt and the reply, each as Word and as a printable page.
      await office.page.getByTestId('application-letter').nth(1).waitFor();
      expect(await office.page.getByTestId('application-letter').allInnerTexts()).toEqual([expect.stringContaining('受理回执'), expect.stringContaining('答复书')]);
      const officeDownload = office.page.waitForEvent('download');
      await office.page.getByTestId('letter-reply-docx').click();
      expect((await officeDownload).suggestedFilename()).toBe(`政府信息公开申请答复书-${code}.docx`);
      await screenshot(office.page, 'referral-replied');
      await office.context.close();

      // The citizen's tracking page: the explanation of the due date, the letters, the document; the reply letter downloads.
      await citizen.page.goto(`${t.baseUrl}/track?code=${code}`);
      await citizen.page.getByTestId('track-state').getByText('已答复').waitFor();
      const explanation = await citizen.page.getByTestId('track-explanation').innerText();
      expect(explanation).toMatch(/收到申请；答复期限为20个工作日/);
      expect(explanation).toMatch(/计\d+个工作日/);
      expect(explanation).toMatch(/答复期限届满日/);
      expect(await citizen.page.getByTestId('track-notice').allInnerTexts()).toEqual([expect.stringContaining('受理回执'), expect.stringContaining('答复书')]);
      expect(await citizen.page.getByTestId('track-document').innerText()).toContain('不予公开的内容已遮盖');
      await screenshot(citizen.page, 'track-letters');
      const download = citizen.page.waitForEvent('download');
      await citizen.page.getByTestId('track-notice').nth(1).getByTestId('track-docx').click();
      const file = await download;
      const letter = (await mammoth.extractRawText({ buffer: readFileSync((await file.path())!) })).value;
      for (const fact of ['政府信息公开申请答复书', '张三：', `查询码：${code}`, '第三十七条', '六十日内依法申请行政复议', '六个月内依法向人民法院提起行政诉讼', '《老旧小区改造资金拨付表》', '（盖章）']) {
        expect([fact, letter.includes(fact)]).toEqual([fact, true]);
      }
      const docDownload = citizen.page.waitForEvent('download');
      await citizen.page.getByTestId('track-document').getByTestId('track-docx').click();
      const copy = (await mammoth.extractRawText({ buffer: readFileSync((await (await docDownload).path())!) })).value;
      expect(copy).toContain('■'.repeat(PHONE_NUMBER.length));
      expect(copy).toContain('项目总投资3000万元');
      expect(copy).not.toContain(PHONE_NUMBER);
      expect(copy).not.toContain(SECRET);
      // The printable page of the letter opens in a tab, without logging in.
      const href = await citizen.page.getByTestId('track-notice').nth(1).getByTestId('track-html').getAttribute('href');
      const printable = await citizen.context.newPage();
      await printable.goto(`${t.baseUrl}${href}`);
      expect(await printable.locator('h1').innerText()).toBe('政府信息公开申请答复书');
      await screenshot(printable, 'track-letter-print');
      await printable.close();
      const axeTrack = await seriousViolationsIn(citizen.page);
      await citizen.context.close();

      // The same page on a phone, in both languages: it fits, and the letters are there.
      const phone = await newContext(browser, { errors: pageErrors, phone: true, bypassCSP: true });
      await phone.page.goto(`${t.baseUrl}/track?code=${code}`);
      await phone.page.getByTestId('track-notice').nth(1).waitFor();
      await screenshot(phone.page, 'phone-track-letters');
      const overflow = await overflowAtWidths(phone.page, 'track-letters');
      const axePhone = await seriousViolations(phone.page);
      await phone.page.goto(`${t.baseUrl}/track?code=${code}&lang=en`);
      await phone.page.getByTestId('track-explanation').getByText(/Received .*; 20 working days counted/).waitFor();
      await phone.page.getByTestId('track-notices').getByText('Reply').waitFor();
      await screenshot(phone.page, 'phone-track-letters-en');
      overflow.push(...(await overflowAtWidths(phone.page, 'track-letters-en')));
      await phone.context.close();
      expect(overflow).toEqual([]);
      expect([...axeInbox, ...axeTrack, ...axePhone].map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  it(
    'the office’s other screens: an appeal recorded on the application and concluded on the appeals page; Art. 44 proposals; the calendar (admin); the inbox on a phone',
    async () => {
      // An application replied with unit A's document to three applicants: proposed under Art. 44.
      const officer = bearer(d.tokens.officer);
      let first = '';
      for (const name of ['甲', '乙', '丙']) {
        const a = (await t.http.post('/api/v1/applications').send({ applicantType: 'natural_person', applicantName: `申请人${name}`, contact: { phone: '13700000000' }, description: '资金拨付表', format: 'electronic', delivery: 'online' })).body;
        const r = await t.http.post(`/api/v1/applications/${a.id}/actions`).set(officer).set('If-Match', '"1"').send({ action: 'reply', outcome: 'disclosed', comment: '予以公开。', documentIds: [docId] });
        expect(r.status).toBe(200);
        first ||= a.id;
      }
      const office = await as('officer', { bypassCSP: true });
      await office.page.goto(`${t.baseUrl}/applications`);
      await office.page.getByRole('link', { name: '转为主动公开的建议' }).click();
      await office.page.getByTestId('proposal-item').getByText('老旧小区改造资金拨付表').waitFor();
      await screenshot(office.page, 'proposals');
      const axe = await seriousViolations(office.page);

      // An appeal about the first: recorded on its page, concluded on the appeals page.
      await office.page.goto(`${t.baseUrl}/applications/${first}`);
      await office.page.getByTestId('application-appeals').waitFor();
      await pickOption(office.page, 'appeal-kind', '行政复议');
      await office.page.getByTestId('appeal-record').click();
      await office.page.getByTestId('application-appeal').getByText('尚未审结').waitFor();
      await office.page.goto(`${t.baseUrl}/applications`);
      await office.page.getByRole('link', { name: '复议和诉讼' }).click();
      await office.page.getByTestId('appeal-item').first().waitFor();
      await office.page.getByTestId('appeal-conclude-open').click();
      const conclude = office.page.getByTestId('appeal-conclude');
      const resultId = await conclude.locator('input[id^="appeal-result-"]').getAttribute('id');
      await pickOption(office.page, resultId!, '结果维持');
      await office.page.getByTestId('appeal-conclude-submit').click();
      await office.page.getByTestId('appeal-item').getByText('结果维持').waitFor();
      await screenshot(office.page, 'appeals');
      axe.push(...(await seriousViolations(office.page)));
      expect((await t.sql<{ result: string }>(`SELECT result FROM appeals WHERE application_id = $1`, [first])).map((r) => r.result)).toEqual(['upheld']);
      await office.context.close();

      // The administrator enters 2027's New Year's Day and publishes the year (English).
      const admin = await newContext(browser, { errors: pageErrors, bypassCSP: true });
      await login(admin.page, t.baseUrl, 'admin', 'admin-password-for-tests', 'en');
      await admin.page.getByRole('link', { name: 'Calendar' }).first().click();
      await admin.page.getByTestId('calendar-add').waitFor();
      // The page asks for 2027 (the next year is asked for from 1 November).
      const missing2027 = admin.page.getByTestId('calendar-missing').filter({ hasText: 'No holiday arrangement for 2027 yet' });
      await missing2027.waitFor();
      await screenshot(admin.page, 'calendar-missing');
      await admin.page.locator('#calendar-year').fill('2027');
      await admin.page.locator('#cal-date-0').fill('2027-01-01');
      await admin.page.locator('#cal-name-0').fill('元旦');
      await admin.page.locator('#cal-publish').fill('2027');
      await admin.page.getByTestId('calendar-save').click();
      await admin.page.getByTestId('calendar-overrides').getByText('2027-01-01').waitFor();
      await admin.page.getByTestId('calendar-years').getByText('2027').waitFor();
      await missing2027.waitFor({ state: 'detached' });
      await screenshot(admin.page, 'calendar');
      axe.push(...(await seriousViolations(admin.page)));
      expect(await t.sql(`SELECT year FROM calendar_years`)).toEqual([{ year: 2027 }]);
      await admin.context.close();

      // A liaison's inbox on a phone: cards, no sideways scrolling.
      const liaison = await as('liaisonB', { phone: true, bypassCSP: true });
      await liaison.page.goto(`${t.baseUrl}/referrals?state=`);
      await liaison.page.getByTestId('referral-cards').waitFor();
      await screenshot(liaison.page, 'phone-referral-inbox');
      const overflow = await overflowAtWidths(liaison.page, 'referral-inbox');
      axe.push(...(await seriousViolations(liaison.page)));
      await liaison.context.close();
      expect(overflow).toEqual([]);
      expect(axe.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    },
    TEST_TIMEOUT,
  );

  /** axe-core needs a context that bypasses the CSP: the same URL, opened again in one. */
  async function seriousViolationsIn(page: Page) {
    const url = page.url();
    const storage = await page.context().storageState();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN', bypassCSP: true, reducedMotion: 'reduce', storageState: storage });
    const copy = await context.newPage();
    // The access token lives in sessionStorage, which storageState does not carry: copy it.
    const session = (await page.evaluate(() => JSON.stringify({ ...(globalThis as unknown as { sessionStorage: Record<string, string> }).sessionStorage }))) as string;
    await copy.addInitScript((s: string) => {
      const entries = JSON.parse(s) as Record<string, string>;
      const store = (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage;
      for (const [k, v] of Object.entries(entries)) store.setItem(k, v);
    }, session);
    await copy.goto(url);
    await copy.locator('main#main').waitFor();
    await copy.waitForLoadState('networkidle');
    const found = await seriousViolations(copy);
    await context.close();
    return found;
  }
});
