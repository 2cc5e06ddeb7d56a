/**
 * Complaints and reports in a real Chromium against the real service: a citizen files a complaint
 * on a phone and tracks it; the office assigns it and replies with a rectification; the unit's
 * liaison (who never sees the complainant's name or contact) reports the rectification done; the
 * office closes it, and the citizen's tracking page shows the reply.
 * Screenshots: test-artifacts/screenshots/complaint-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { PASSWORD, bearer, type District } from '../support/app.js';
import { login, newContext, overflowAtWidths, pickOption, screenshot, seriousViolations, uiDistrict, type UiApp } from '../support/ui.js';

const TEST_TIMEOUT = 150_000;

describe('web UI: complaints and reports', () => {
  let t: UiApp;
  let d: District;
  let users: Record<string, string>;
  let browser: Browser;
  const pageErrors = uiDistrict(
    (s) => ({ t, d, users, browser } = s),
    async () => {
      // Unit A keeps a disclosure guide, so the public form offers it as the unit concerned.
      const profile = await t.http
        .put(`/api/v1/units/${d.unitA.id}/profile`)
        .set(bearer(d.tokens.liaisonA))
        .send({ functions: '负责全区国民经济和社会发展规划。', address: '北京市朝阳区日坛北路33号', postcode: '100020', officeHours: '工作日 9:00—17:00', phone: '010-65091234', leaders: [], acceptsApplications: true });
      if (profile.status !== 200) throw new Error(`profile: ${profile.status} ${JSON.stringify(profile.body)}`);
    },
  );

  async function as(key: string) {
    const { context, page } = await newContext(browser, { errors: pageErrors });
    await login(page, t.baseUrl, users[key], PASSWORD);
    return { context, page };
  }
  const stateIs = (page: Page, text: string) => page.getByTestId('complaint-state').getByText(text).waitFor();

  it(
    'a citizen complains on a phone, the office assigns and replies, the liaison reports the rectification, the office closes; the citizen reads the reply',
    async () => {
      // The citizen, on a phone, without logging in.
      const citizen = await newContext(browser, { errors: pageErrors, phone: true });
      await citizen.page.goto(`${t.baseUrl}/complain`);
      await citizen.page.getByTestId('complain-description').fill('申请答复超过法定期限，至今未收到答复。');
      await citizen.page.locator('#complain_name').fill('李四');
      await citizen.page.locator('#complain_phone').fill('13912345678');
      await pickOption(citizen.page, 'complain_unitCode', '发展和改革委员会');
      expect(await overflowAtWidths(citizen.page, 'complaint-form')).toEqual([]);
      await screenshot(citizen.page, 'complaint-form-phone');
      await citizen.page.getByTestId('submit-complaint').click();
      const code = (await citizen.page.getByTestId('complaint-tracking-code').textContent())!.trim();
      expect(code).toMatch(/^[A-Z2-7]{20}$/);
      await screenshot(citizen.page, 'complaint-receipt-phone');
      await citizen.page.getByRole('link', { name: '查看办理进度' }).click();
      await citizen.page.getByTestId('complaint-track-state').getByText('待受理').waitFor();
      const id = (await t.sql<{ id: string }>(`SELECT id FROM complaints WHERE tracking_code = $1`, [code]))[0].id;

      // The office: the list, then the complaint with the complainant's particulars; assign to unit A.
      const office = await as('officer');
      await office.page.goto(`${t.baseUrl}/complaints`);
      await office.page.getByTestId('complaints-table').getByText('申请答复超过法定期限').waitFor();
      await screenshot(office.page, 'complaint-list');
      await office.page.goto(`${t.baseUrl}/complaints/${id}`);
      await stateIs(office.page, '待受理');
      await office.page.getByText('李四').waitFor();
      await pickOption(office.page, 'assign_unitId', '发展和改革委员会');
      await office.page.getByTestId('complaint-assign').click();
      await stateIs(office.page, '已交办');

      // Reply: partly substantiated, with a rectification for unit A.
      await office.page.locator('label', { hasText: '部分属实' }).click();
      await office.page.getByTestId('complaint-reply-text').fill('经核查部分属实，已责成区发展和改革委员会整改。');
      await office.page.getByText('责令整改').click();
      await pickOption(office.page, 'reply_rectUnitId', '发展和改革委员会');
      const due = new Date(Date.now() + 20 * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
      await office.page.locator('#reply_rectDue').click();
      await office.page.locator('#reply_rectDue').fill(due);
      await office.page.locator('#reply_rectDue').press('Enter');
      await office.page.locator('#reply_measures').fill('建立申请登记台账，逐件核对答复期限。');
      await office.page.getByTestId('complaint-reply').click();
      await stateIs(office.page, '已答复');
      await office.page.getByTestId('complaint-rectification').getByText('尚未完成').waitFor();
      await screenshot(office.page, 'complaint-replied');
      // Not closable while the rectification is open.
      expect(await office.page.getByTestId('complaint-close').count()).toBe(0);

      // The liaison of unit A: sees the complaint, not who made it; reports the rectification done.
      const liaison = await as('liaisonA');
      await liaison.page.goto(`${t.baseUrl}/complaints`);
      await liaison.page.getByText('申请答复超过法定期限').first().waitFor();
      await liaison.page.goto(`${t.baseUrl}/complaints/${id}`);
      await stateIs(liaison.page, '已答复');
      expect(await liaison.page.locator('main').textContent()).not.toMatch(/李四|13912345678/);
      await liaison.page.locator('#rectified_note').fill('已建立台账并完成核对。');
      await liaison.page.getByTestId('complaint-rectified').click();
      await liaison.page.getByTestId('complaint-rectification').getByText('已建立台账并完成核对。').waitFor();
      await screenshot(liaison.page, 'complaint-liaison');

      // The office closes it.
      await office.page.reload();
      await office.page.getByTestId('complaint-close').click();
      await stateIs(office.page, '已办结');

      // The citizen reads the reply and the finding.
      await citizen.page.reload();
      await citizen.page.getByTestId('complaint-track-state').getByText('已办结').waitFor();
      await citizen.page.getByText('经核查部分属实').waitFor();
      await citizen.page.getByText('部分属实', { exact: true }).waitFor();
      expect(await overflowAtWidths(citizen.page, 'complaint-track')).toEqual([]);
      await screenshot(citizen.page, 'complaint-track-phone');
      await Promise.all([citizen.context.close(), office.context.close(), liaison.context.close()]);
    },
    TEST_TIMEOUT,
  );

  it('the public form and tracking pages have no serious accessibility violations', async () => {
    const { context, page } = await newContext(browser, { errors: pageErrors, bypassCSP: true });
    await page.goto(`${t.baseUrl}/complain`);
    await page.getByTestId('submit-complaint').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${t.baseUrl}/complain/track?code=ABCDEFGHIJKLMNOPQRST`);
    await page.getByText('没有找到这个查询码对应的投诉举报。').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  }, TEST_TIMEOUT);
});
