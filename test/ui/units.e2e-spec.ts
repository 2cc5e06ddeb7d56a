/**
 * Units in public in a real browser: the public list of guides and a unit's guide (with its last
 * update), a document and its policy interpretation linked both ways in the catalogue, "add an
 * interpretation" from the document, the unit's liaison updating the profile, the office's view of
 * an entry's channels and the channel overview. On a phone: no sideways scrolling, no serious
 * axe-core violation on the guide and the catalogue entry.
 */
import type { Browser, Page } from 'playwright-core';
import { FULL_CHAIN, PASSWORD, bearer, form, seedDistrict, type District } from '../support/app.js';
import { Receiver, until } from '../support/receiver.js';
import { launchBrowser, login, newContext, overflowAtWidths, screenshot, seriousViolations, startUiApp, usernamesOf, type UiApp } from '../support/ui.js';

const TEST_TIMEOUT = 120_000;

describe('web UI: unit guides, interpretations, channels', () => {
  let t: UiApp;
  let d: District;
  let users: Record<string, string>;
  let browser: Browser;
  const receiver = new Receiver();
  const pageErrors: string[] = [];
  let main: { id: string; indexNo: string; title: string };
  let interp: { id: string; indexNo: string; title: string };

  async function signOff(id: string): Promise<{ id: string; indexNo: string; state: string }> {
    let doc = (await t.http.get(`/api/v1/documents/${id}`).set(bearer(d.tokens.drafterA))).body;
    for (const [who, body] of FULL_CHAIN) {
      const res = await t.http.post(`/api/v1/documents/${id}/transitions`).set(bearer(d.tokens[who])).set('If-Match', `"${doc.version}"`).send(body);
      if (res.status !== 200) throw new Error(`${who}: ${res.status} ${JSON.stringify(res.body)}`);
      doc = res.body;
    }
    return doc;
  }

  beforeAll(async () => {
    [t, browser] = await Promise.all([startUiApp({ WEBHOOK_RETRY_DELAY_SECONDS: '1' }), launchBrowser()]);
    d = await seedDistrict(t);
    users = await usernamesOf(t, d.ids);
    await receiver.start();
    receiver.answerUrl = (indexNo) => `https://mp.weixin.qq.com/s/${indexNo}`;
    expect((await t.http.post('/api/v1/subscribers').set(bearer(t.adminToken)).send({ url: receiver.url, channel: 'wechat', description: '“朝阳发布”微信公众号' })).status).toBe(201);
    const profile = await t.http
      .put(`/api/v1/units/${d.unitA.id}/profile`)
      .set(bearer(t.adminToken))
      .send({
        functions: '负责全区国民经济和社会发展规划的拟订和组织实施。',
        address: '北京市朝阳区日坛北路33号',
        postcode: '100020',
        officeHours: '工作日 9:00—17:00',
        phone: '010-65091234',
        leaders: [{ name: '王明', title: '主任', duties: '主持全面工作。' }],
        acceptsApplications: true,
      });
    expect(profile.status).toBe(200);
    // A document signed off after its interpretation: the interpretation waits, then both are public.
    const m = await t.http.post('/api/v1/documents').set(bearer(d.tokens.drafterA)).send(form({ title: '关于印发《数据开放管理办法》的通知' }));
    const i = await t.http
      .post('/api/v1/documents')
      .set(bearer(d.tokens.drafterA))
      .send(form({ title: '《数据开放管理办法》政策解读', docType: 'interpretation', interprets: m.body.id, interpretationForm: 'qa', body: '问：办法适用于哪些数据？\n答：本区各单位的公共数据。' }));
    expect((await signOff(i.body.id)).state).toBe('awaiting_main');
    const mainDone = await signOff(m.body.id);
    const interpDone = (await t.http.get(`/api/v1/documents/${i.body.id}`).set(bearer(d.tokens.drafterA))).body;
    main = { id: m.body.id, indexNo: mainDone.indexNo, title: m.body.title };
    interp = { id: i.body.id, indexNo: interpDone.indexNo, title: i.body.title };
    await until(() => receiver.received.length >= 2, 30_000, 'both deliveries');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await receiver.stop();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
    pageErrors.length = 0;
  });

  async function as(key: string, lang?: 'en' | 'zh') {
    const { context, page } = await newContext(browser, { errors: pageErrors });
    await login(page, t.baseUrl, users[key], PASSWORD, lang);
    return { context, page };
  }

  it(
    'anyone opens the list of guides and a unit’s guide, with the date of its last update',
    async () => {
      const { context, page } = await newContext(browser, { errors: pageErrors });
      await page.goto(`${t.baseUrl}/catalogue`);
      await page.getByRole('link', { name: '政府信息公开指南' }).first().click();
      await page.waitForURL(/\/units$/);
      const row = page.getByTestId('units-list').locator('tr, li').filter({ hasText: '发展和改革委员会' });
      await row.getByTestId('guide-link').click();
      await page.waitForURL(new RegExp(`/units/${d.unitA.code}$`));
      await page.getByTestId('guide-title').getByText('发展和改革委员会政府信息公开指南').waitFor();
      await expect(page.getByTestId('guide-updated').textContent()).resolves.toMatch(/最后更新：\d{4}/);
      for (const title of ['主动公开的范围', '主动公开的方式和时限', '依申请公开', '收费', '监督和救济', '联系方式']) {
        await page.getByRole('heading', { level: 2, name: title, exact: true }).waitFor();
      }
      await page.getByTestId('guide-section-contacts').getByText('邮政编码：100020').waitFor();
      await page.getByTestId('guide-section-organisation').getByText('王明（主任）：主持全面工作。').waitFor();
      // Not logged in: no way to edit it.
      expect(await page.getByTestId('guide-edit').count()).toBe(0);
      await screenshot(page, 'unit-guide');
      // English on ?lang=en.
      await page.goto(`${t.baseUrl}/units/${d.unitA.code}?lang=en`);
      await page.getByTestId('guide-title').getByText('Disclosure guide of 发展和改革委员会').waitFor();
      await page.getByRole('heading', { level: 2, name: 'Fees', exact: true }).waitFor();
      // An unknown unit.
      await page.goto(`${t.baseUrl}/units/NOSUCHUNIT?lang=zh`);
      await page.getByText('该单位不存在或尚未编制政府信息公开指南。').waitFor();
      await context.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'a document and its interpretation link to each other in the public catalogue',
    async () => {
      const { context, page } = await newContext(browser, { errors: pageErrors });
      await page.goto(`${t.baseUrl}/catalogue/${main.indexNo}`);
      const list = page.getByTestId('catalogue-interpretations');
      await list.getByRole('heading', { name: '政策解读' }).waitFor();
      await list.getByRole('link', { name: interp.title }).click();
      await page.waitForURL(new RegExp(`/catalogue/${interp.indexNo}$`));
      await page.getByRole('heading', { level: 1, name: interp.title }).waitFor();
      await page.getByTestId('catalogue-body').getByText('问：办法适用于哪些数据？', { exact: false }).waitFor();
      await page.getByText('政策解读', { exact: true }).first().waitFor();
      const back = page.getByTestId('catalogue-interprets');
      await back.getByText('本信息是对以下文件的解读', { exact: false }).waitFor();
      await screenshot(page, 'catalogue-interpretation');
      await back.getByRole('link', { name: main.title }).click();
      await page.waitForURL(new RegExp(`/catalogue/${main.indexNo}$`));
      // The public does not see the channels.
      expect(await page.getByTestId('entry-channels').count()).toBe(0);
      await context.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'the drafter adds an interpretation from the document: the form opens as its interpretation',
    async () => {
      const m = await t.http.post('/api/v1/documents').set(bearer(d.tokens.drafterA)).send(form({ title: '关于印发《停车管理办法》的通知' }));
      const { context, page } = await as('drafterA');
      await page.goto(`${t.baseUrl}/documents/${m.body.id}`);
      // The assessment reminds that a proactive normative document is published with an interpretation.
      await page.getByTestId('assessment-warning').first().waitFor();
      await page.getByTestId('interpretations').getByText('尚无政策解读。').waitFor();
      await page.getByTestId('add-interpretation').click();
      await page.waitForURL(/\/documents\/new\?interprets=/);
      await expect(page.locator('#doc_title').inputValue()).resolves.toBe('《停车管理办法》政策解读');
      await page.locator('.ant-select', { has: page.locator('#doc_interprets') }).getByText('关于印发《停车管理办法》的通知').waitFor();
      await page.locator('.ant-select', { has: page.locator('#doc_docType') }).getByText('政策解读').waitFor();
      await page.locator('#doc_body').fill('一图读懂《停车管理办法》。');
      await page.getByTestId('save-document').click();
      await page.waitForURL(/\/documents\/[0-9a-f-]{36}$/);
      await page.getByTestId('interprets').getByRole('link', { name: '关于印发《停车管理办法》的通知' }).waitFor();
      await screenshot(page, 'document-interpretation');
      // Back on the document: its interpretation is listed, and the warning is gone.
      await page.getByTestId('interprets').getByRole('link').click();
      await page.getByTestId('interpretations').getByRole('link', { name: '《停车管理办法》政策解读' }).waitFor();
      await page.waitForFunction(() => (globalThis as unknown as { document: { querySelectorAll(s: string): { length: number } } }).document.querySelectorAll('[data-testid="assessment-warning"]').length === 0);
      await context.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'the unit’s liaison updates the profile from the guide; the guide shows the new version',
    async () => {
      const { context, page } = await as('liaisonA');
      await page.getByRole('link', { name: '公开指南' }).first().click();
      await page.waitForURL(/\/units$/);
      await page.goto(`${t.baseUrl}/units/${d.unitA.code}`);
      await page.getByTestId('guide-edit').click();
      await page.waitForURL(new RegExp(`/units/${d.unitA.code}/profile$`));
      await page.locator('#profile_phone').fill('123');
      await page.getByTestId('save-profile').click();
      await page.getByText('请填写电话号码，如 010-65091234').waitFor();
      await page.locator('#profile_phone').fill('010-65099999');
      await page.getByTestId('add-leader').click();
      const leaders = page.getByTestId('profile-leader');
      await leaders.nth(1).locator('input').nth(0).fill('李华');
      await leaders.nth(1).locator('input').nth(1).fill('副主任');
      await leaders.nth(1).locator('textarea').fill('分管政务公开。');
      await page.getByTestId('save-profile').click();
      await page.getByText('单位信息已保存，公开指南已更新。').waitFor();
      await page.getByText('第 2 版', { exact: false }).first().waitFor();
      await screenshot(page, 'unit-profile');
      await page.getByRole('link', { name: '查看公开指南' }).click();
      await page.getByTestId('guide-section-contacts').getByText('联系电话：010-65099999').waitFor();
      await page.getByText('第 2 版').waitFor();
      await page.getByTestId('guide-section-organisation').getByText('李华（副主任）：分管政务公开。').waitFor();
      // Another unit's liaison may not.
      await context.close();
      const other = await as('liaisonB');
      await other.page.goto(`${t.baseUrl}/units/${d.unitA.code}`);
      await other.page.getByTestId('guide-title').waitFor();
      expect(await other.page.getByTestId('guide-edit').count()).toBe(0);
      await other.context.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'the office sees an entry’s channels with the receiver’s address, and the channel overview',
    async () => {
      const { context, page } = await as('officer');
      await page.goto(`${t.baseUrl}/catalogue/${main.indexNo}`);
      const panel = page.getByTestId('entry-channels');
      await panel.locator('[data-state="delivered"]').waitFor();
      await panel.getByRole('link', { name: `https://mp.weixin.qq.com/s/${main.indexNo}` }).waitFor();
      await screenshot(page, 'catalogue-channels');
      await page.goto(`${t.baseUrl}/documents/${interp.id}`);
      await page.getByTestId('interprets').getByRole('link', { name: main.title }).waitFor();
      await page.getByTestId('entry-channels').locator('[data-state="delivered"]').waitFor();
      await page.getByRole('link', { name: '发布渠道' }).first().click();
      await page.waitForURL(/\/channels$/);
      await page.getByTestId('channel-summary').getByText('政务微信').waitFor();
      await page.getByText('所有已公开的信息都已送达各渠道。').waitFor();
      await screenshot(page, 'channels');
      await context.close();
    },
    TEST_TIMEOUT,
  );

  it(
    'on a phone: the guide and the catalogue entry fit the screen and pass axe-core',
    async () => {
      const { context, page } = await newContext(browser, { phone: true, bypassCSP: true, errors: pageErrors });
      const check = async (url: string, name: string, ready: (p: Page) => Promise<unknown>) => {
        await page.goto(`${t.baseUrl}${url}`);
        await ready(page);
        expect(await overflowAtWidths(page, name)).toEqual([]);
        const violations = await seriousViolations(page);
        expect({ name, violations: violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`) }).toEqual({ name, violations: [] });
      };
      await check(`/units/${d.unitA.code}`, 'guide', (p) => p.getByTestId('guide-section-contacts').waitFor());
      await check('/units', 'guides', (p) => p.getByTestId('units-list').waitFor());
      await check(`/catalogue/${main.indexNo}`, 'catalogue entry with interpretations', (p) => p.getByTestId('catalogue-interpretations').waitFor());
      await screenshot(page, 'unit-guide-phone');
      await context.close();
    },
    TEST_TIMEOUT,
  );
});
