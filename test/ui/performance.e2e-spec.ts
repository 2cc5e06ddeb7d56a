/**
 * The performance assessment of units in a real Chromium against the real service: the office
 * opens 绩效考核 from the menu and sees the ranking chart, the trend chart and the table, follows
 * one unit's trend and downloads the XLSX; the administrator changes the rubric (English); anyone,
 * without logging in, opens a unit's public statistics from its disclosure guide. The screenshot
 * of the assessment page is the manual's (docs/images/performance.png): written there only when
 * PERFORMANCE_DOC_SCREENSHOT names that path, so that a test run leaves the checkout as it was.
 */
import ExcelJS from 'exceljs';
import type { Browser, Locator } from 'playwright-core';
import { chinaYearOf } from '../../src/common/china-time.js';
import { ADMIN_PASSWORD, FULL_CHAIN, PASSWORD, bearer, seedDistrict, walk, type District } from '../support/app.js';
import { launchBrowser, login, newContext, screenshot, seriousViolations, startUiApp, usernamesOf, type AxeViolation, type UiApp } from '../support/ui.js';

const TEST_TIMEOUT = 150_000;
const YEAR = chinaYearOf(Date.now());
/** Set PERFORMANCE_DOC_SCREENSHOT to a path (docs/images/performance.png) to also write the page's screenshot for the manual there. */
const DOC_SCREENSHOT = process.env.PERFORMANCE_DOC_SCREENSHOT;

function report(violations: AxeViolation[], name: string): string[] {
  return violations.map((v) => `${name}: [${v.impact}] ${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** More units, with publications spread over this year's months, guides of different ages and a few complaints. */
/** A checksum of the pixels a canvas shows, read in the page (0 while nothing is drawn). */
async function pixels(canvas: Locator): Promise<number> {
  return canvas.evaluate((c) => {
    // Runs in the page (no DOM types in the test's compilation).
    const el = c as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null };
    const data = el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
    let sum = 0;
    for (let i = 0; i < data.length; i++) sum = (sum + data[i] * ((i % 251) + 1)) % 2_147_483_647;
    return sum;
  });
}

/** Waits until `canvas` shows something, then says whether it still shows the same 400 ms later. */
async function drawnAtOnce(canvas: Locator): Promise<boolean> {
  const until = Date.now() + 15_000;
  let first = 0;
  while ((first = await pixels(canvas)) === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  if (first === 0) throw new Error('the chart drew nothing within 15 s');
  await new Promise((r) => setTimeout(r, 400));
  return (await pixels(canvas)) === first;
}

const MORE_UNITS: [string, number, number | null, number][] = [
  // name, entries this year, days since the guide was updated (null: none), complaints substantiated
  ['财政局', 14, 20, 0],
  ['民政局', 9, 200, 1],
  ['生态环境局', 11, 60, 0],
  ['住房和城乡建设委员会', 6, 400, 2],
  ['卫生健康委员会', 17, 5, 0],
  ['市场监督管理局', 4, null, 1],
  ['交通委员会', 8, 120, 0],
];

describe('web UI: the performance assessment of units', () => {
  let t: UiApp;
  let d: District;
  let users: Record<string, string>;
  let browser: Browser;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([startUiApp({ APPLICATION_INTAKE_LIMIT: '100000' }), launchBrowser()]);
    d = await seedDistrict(t);
    users = await usernamesOf(t, d.ids);
    const admin = bearer(t.adminToken);
    const officer = bearer(d.tokens.officer);
    // Unit A: two documents through the review chain, two applications, its guide.
    await walk(t, d, 'drafterA', FULL_CHAIN, { title: '关于开展营商环境评价的通知' });
    await walk(t, d, 'drafterA', FULL_CHAIN, { title: '区发展改革委2026年工作要点', docType: 'plan', category: 'plans_and_policies' });
    for (const name of ['王某', '李某']) {
      const a = await t.http
        .post('/api/v1/applications')
        .set(officer)
        .send({ applicantType: 'natural_person', applicantName: name, contact: { phone: '13800000000' }, description: '本区营商环境评价报告', format: 'electronic', delivery: 'email', channel: 'in_person', receivedAt: new Date(Date.now() - 3 * 86_400_000).toISOString(), unitId: d.unitA.id });
      expect(a.status).toBe(201);
      await t.http.post(`/api/v1/applications/${a.body.id}/actions`).set(officer).set('If-Match', '"1"').send({ action: 'reply', outcome: 'disclosed', comment: '予以公开。' }).expect(200);
    }
    const profile = {
      functions: '负责全区国民经济和社会发展规划的拟订和组织实施。',
      address: '北京市朝阳区日坛北路33号',
      postcode: '100020',
      officeHours: '工作日 上午9:00—12:00，下午13:30—17:00',
      phone: '010-65091234',
      leaders: [{ name: '王明', title: '主任', duties: '主持全面工作。' }],
      acceptsApplications: true,
    };
    expect((await t.http.put(`/api/v1/units/${d.unitA.id}/profile`).set(admin).send(profile)).status).toBe(200);
    // The other units: historic entries and guides straight into the tables (their own APIs are tested elsewhere).
    const [adminRow] = await t.sql<{ id: string }>(`SELECT id FROM users WHERE username = 'admin'`);
    const now = Date.now();
    const startOfYear = Date.parse(`${YEAR}-01-01T00:00:00+08:00`);
    for (const [i, [name, entries, guideAge, complaints]] of MORE_UNITS.entries()) {
      const code = `PF${i}${Math.random().toString(36).slice(2, 6).toUpperCase()}`.replace(/[^A-Z0-9]/g, 'X');
      const unit = await t.http.post('/api/v1/units').set(admin).send({ code, name });
      expect(unit.status).toBe(201);
      for (let k = 0; k < entries; k++) {
        const at = new Date(startOfYear + ((k + 0.5) / entries) * (now - startOfYear));
        await t.sql(`INSERT INTO catalogue_entries (index_no, unit_id, year, serial, title, body, doc_type, published_at) VALUES ($1, $2, $3, $4, $5, '正文', 'notice', $6)`, [
          `${code}-${YEAR}-${String(k + 1).padStart(6, '0')}`,
          unit.body.id,
          YEAR,
          k + 1,
          `${name}工作动态（${k + 1}）`,
          at,
        ]);
      }
      if (guideAge !== null) {
        await t.sql(
          `INSERT INTO unit_profiles (unit_id, version, functions, address, postcode, office_hours, phone, leaders, accepts_applications, updated_by, updated_at)
           VALUES ($1, 1, '负责本领域政府信息公开工作。', '某区某路1号', '100000', '工作日 9:00–17:00', '010-12345678', '[]', true, $2, now() - make_interval(days => $3))`,
          [unit.body.id, adminRow.id, guideAge],
        );
      }
      for (let k = 0; k < complaints; k++) {
        await t.sql(
          `INSERT INTO complaints (tracking_code, kind, unit_id, description, contact, state, received_at, due_at, assigned_at, replied_at, finding, reply)
           VALUES ($1, 'complaint', $2, '未按规定公开', '{}', 'replied', now() - interval '40 days', now() - interval '19 days', now() - interval '39 days', now() - interval '20 days', 'substantiated', '经核查属实，已责令整改。')`,
          [`UITESTCOMPLAINT${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[i]}${'ABCDE'[k]}QQQ`.slice(0, 20), unit.body.id],
        );
      }
    }
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
    pageErrors.length = 0;
  });

  it('the office: the ranking and trend charts, the table, one unit’s trend, the XLSX', async () => {
    const { context, page } = await newContext(browser, { bypassCSP: true, errors: pageErrors });
    await login(page, t.baseUrl, users.officer, PASSWORD);
    await page.getByRole('link', { name: '绩效考核' }).click();
    await page.waitForURL(/\/performance$/);
    await page.getByRole('heading', { name: '各单位政府信息公开工作绩效考核' }).waitFor();
    // Both charts are drawn (ECharts' canvas), the table lists every unit with a rank.
    await page.getByTestId('performance-ranking').locator('canvas').waitFor();
    await page.getByTestId('performance-trend').locator('canvas').waitFor();
    const rows = page.getByTestId('performance-table').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(3 + MORE_UNITS.length);
    expect(await rows.first().locator('td').first().innerText()).toBe('1');
    const rowA = rows.filter({ hasText: '发展和改革委员会' });
    expect(await rowA.innerText()).toContain(d.unitA.code);
    // One unit's trend: the first, whose publications spread over the year.
    await rows.first().getByRole('button', { name: /看趋势/ }).click();
    await page.getByTestId('performance-trend').getByText('各月趋势：卫生健康委员会').waitFor();
    await page.getByTestId('performance-trend').locator('canvas').waitFor();
    // The click scrolled the wide table to its buttons: back to its first columns for the picture.
    await page.getByTestId('performance-table').locator('.ant-table-content, .ant-table-body').first().evaluate((el) => {
      (el as unknown as { scrollLeft: number }).scrollLeft = 0;
    });
    await page.waitForTimeout(600); // the trend chart redraws with the unit's months
    await screenshot(page, 'performance');
    if (DOC_SCREENSHOT) await screenshot(page, 'performance-doc', { path: DOC_SCREENSHOT });
    expect(report(await seriousViolations(page), 'performance')).toEqual([]);

    // The XLSX, as the browser saves it.
    const saved = page.waitForEvent('download');
    await page.getByTestId('performance-download').click();
    const file = await saved;
    expect(file.suggestedFilename()).toBe(`${YEAR}年度政府信息公开工作绩效考核.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await file.path())!);
    const sheet = wb.getWorksheet('考核排名')!;
    expect(sheet.getCell(1, 1).value).toBe(`${YEAR}年度各单位政府信息公开工作绩效考核`);
    const codes = Array.from({ length: 3 + MORE_UNITS.length }, (_, i) => sheet.getRow(4 + i).getCell(2).value);
    expect(codes).toContain(d.unitA.code);
    expect(sheet.getRow(4).getCell(1).value).toBe(1);
    // The rubric is the administrator's: the office does not see the editor.
    expect(await page.getByTestId('performance-rubric').count()).toBe(0);
    await context.close();
  }, TEST_TIMEOUT);

  it('the administrator changes the rubric (English); the ranking follows', async () => {
    const { context, page } = await newContext(browser, { errors: pageErrors });
    await login(page, t.baseUrl, 'admin', ADMIN_PASSWORD, 'en');
    await page.goto(`${t.baseUrl}/performance`);
    await page.getByRole('heading', { name: 'Performance assessment of units' }).waitFor();
    const editor = page.getByTestId('performance-rubric');
    await editor.getByText('Version 1 in use').waitFor();
    // Only the publications count: the unit that published most (卫生健康委员会, 17) ranks first.
    for (const label of ['Submission to publication', 'Proactive share', 'On-time share', 'Applications overdue', 'Review steps overdue', 'Corrected on appeal', 'Complaints substantiated', 'Guide freshness']) {
      await editor.getByLabel(new RegExp(`^${label}`)).fill('0');
    }
    await editor.getByLabel(/^Published/).fill('1');
    await page.getByTestId('rubric-save').click();
    await page.getByText('Rubric saved (version 2).').waitFor();
    await editor.getByText('Version 2 in use').waitFor();
    const first = page.getByTestId('performance-table').locator('tbody tr.ant-table-row').first();
    await first.filter({ hasText: '卫生健康委员会' }).waitFor();
    await page.getByTestId('performance-as-of').getByText(/Rubric version 2/).waitFor();
    await context.close();
  }, TEST_TIMEOUT);

  it('anyone opens a unit’s public statistics from its disclosure guide, without logging in', async () => {
    const { context, page } = await newContext(browser, { bypassCSP: true, errors: pageErrors });
    await page.goto(`${t.baseUrl}/units/${d.unitA.code}`);
    await page.getByTestId('guide-title').waitFor();
    await page.getByTestId('guide-statistics').click();
    await page.waitForURL(new RegExp(`/units/${d.unitA.code}/statistics$`));
    await page.getByTestId('statistics-title').getByText('发展和改革委员会政府信息公开工作统计').waitFor();
    const figure = async (k: string) => (await page.getByTestId(`statistics-${k}`).locator('dd').innerText()).trim();
    expect([await figure('documentsPublished'), await figure('applicationsReceived'), await figure('applicationsReplied'), await figure('repliedOnTime')]).toEqual(['2', '2', '2', '2']);
    await page.locator('.gk-chart canvas').waitFor();
    // The test's browser asks for reduced motion: the chart is drawn at once, without ECharts'
    // entry animation (bars growing for a second), and then stays as it is.
    await page.mouse.move(0, 0);
    expect(await drawnAtOnce(page.locator('.gk-chart canvas'))).toBe(true);
    const text = await page.getByTestId('unit-statistics').innerText();
    for (const personal of ['王某', '李某', '13800000000']) expect(text).not.toContain(personal);
    await screenshot(page, 'unit-statistics');
    expect(report(await seriousViolations(page), 'unit statistics')).toEqual([]);
    // An unknown unit.
    await page.goto(`${t.baseUrl}/units/NOSUCHUNIT/statistics`);
    await page.getByText('该单位不存在。').waitFor();
    await context.close();
  }, TEST_TIMEOUT);
});
