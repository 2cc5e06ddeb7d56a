/**
 * Notifications in a real Chromium: the header's bell counts up live when another user submits a
 * document (no reload), keeps doing so after the server restarts (the page reconnects with a new
 * stream ticket), and the notifications page links to the document and marks it read.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { pino } from 'pino';
import { createApp } from '../../src/bootstrap.js';
import { PASSWORD, bearer, form, seedDistrict, type District } from '../support/app.js';
import { launchBrowser, login, newContext, overflowAtWidths, screenshot, seriousViolations, startUiApp, usernamesOf, type UiApp } from '../support/ui.js';

/** What the page functions below touch of the browser's globals (the test itself is compiled without the DOM's types). */
type PageGlobal = { document: { querySelector(selector: string): { textContent: string | null; getAttribute(name: string): string | null } | null }; gkMarker?: number };

describe('web UI: notifications', () => {
  let t: UiApp;
  let d: District;
  let users: Record<string, string>;
  let browser: Browser;
  let restarted: NestFastifyApplication | null = null;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([startUiApp(), launchBrowser()]);
    d = await seedDistrict(t);
    users = await usernamesOf(t, d.ids);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    if (restarted) await restarted.close();
    await t?.close().catch(() => undefined);
  });

  /** drafterA creates and submits a document through the API (another user, another browser). */
  async function submitAsDrafter(title: string): Promise<string> {
    const created = await t.http.post('/api/v1/documents').set(bearer(d.tokens.drafterA)).send(form({ title }));
    expect(created.status).toBe(201);
    const sent = await t.http.post(`/api/v1/documents/${created.body.id}/transitions`).set(bearer(d.tokens.drafterA)).set('If-Match', `"${created.body.version}"`).send({ action: 'submit' });
    expect(sent.status).toBe(200);
    return created.body.id as string;
  }

  const bellCount = (page: Page) => page.getByTestId('notification-bell').getAttribute('data-count').then((x) => Number(x));
  const waitForCount = (page: Page, n: number, timeout = 15_000) =>
    page.waitForFunction((want) => (globalThis as unknown as PageGlobal).document.querySelector('[data-testid="notification-bell"]')?.getAttribute('data-count') === String(want), n, { timeout });

  it('the bell counts up live when another user submits, also after the server restarts; the page links to the document', async () => {
    const { context, page } = await newContext(browser, { errors: pageErrors });
    await login(page, t.baseUrl, users.reviewerA, PASSWORD);
    await page.getByTestId('notification-bell').waitFor();
    await page.waitForFunction(() => (globalThis as unknown as PageGlobal).document.querySelector('[data-testid="notification-bell"]')?.getAttribute('data-stream') === 'open');
    const before = await bellCount(page);
    // Anything that reloads the page would lose this.
    await page.evaluate(() => ((globalThis as unknown as PageGlobal).gkMarker = 42));

    const first = await submitAsDrafter(`关于开展2026年度政务公开培训的通知 ${Date.now()}`);
    await waitForCount(page, before + 1);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobal).gkMarker)).toBe(42);
    // The accessible name is the hidden label (the badge is hidden from assistive technology).
    await page.getByRole('button', { name: `通知，${before + 1} 条未读`, exact: true }).waitFor();
    await screenshot(page, 'notifications-bell');

    // The server goes away and comes back on the same address (a restart): the page reconnects.
    const port = (t.app.getHttpServer().address() as AddressInfo).port;
    await t.app.close();
    await page.waitForFunction(() => (globalThis as unknown as PageGlobal).document.querySelector('[data-testid="notification-bell"]')?.getAttribute('data-stream') === 'retrying', undefined, { timeout: 15_000 });
    restarted = await createApp(t.config, { databaseUrl: t.databaseUrl, logger: pino({ level: 'silent' }) });
    await restarted.init();
    await restarted.listen(port, '127.0.0.1');
    await page.waitForFunction(() => (globalThis as unknown as PageGlobal).document.querySelector('[data-testid="notification-bell"]')?.getAttribute('data-stream') === 'open', undefined, { timeout: 30_000 });
    const http = (await import('supertest')).default(restarted.getHttpServer());
    const created = await http.post('/api/v1/documents').set(bearer(d.tokens.drafterA)).send(form({ title: `关于调整办事指南的通知 ${Date.now()}` }));
    expect(created.status).toBe(201);
    expect((await http.post(`/api/v1/documents/${created.body.id}/transitions`).set(bearer(d.tokens.drafterA)).set('If-Match', `"${created.body.version}"`).send({ action: 'submit' })).status).toBe(200);
    await waitForCount(page, before + 2);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobal).gkMarker)).toBe(42);

    // The bell opens the notifications page; an item leads to its document and is marked read.
    await page.getByTestId('notification-bell').click();
    await page.waitForURL(/\/notifications$/);
    const items = page.getByTestId('notification-item');
    await items.first().waitFor();
    await screenshot(page, 'notifications-page');
    const item = items.filter({ hasText: '关于开展2026年度政务公开培训的通知' });
    await item.getByRole('link').click();
    await page.waitForURL(new RegExp(`/documents/${first}$`));
    await waitForCount(page, before + 1);
    await context.close();
    // While the server was down, the page's attempts to get a new ticket were refused: expected.
    expect(pageErrors.filter((e) => !e.includes('net::ERR_CONNECTION_REFUSED'))).toEqual([]);
    pageErrors.length = 0;
  }, 180_000);

  it('the notifications page on a phone, in both languages: fits 360–414 px, no serious axe-core violation; all read clears the bell', async () => {
    // The server of the first test may have been replaced by a restart: use whichever listens.
    const base = restarted ? `http://127.0.0.1:${(restarted.getHttpServer().address() as AddressInfo).port}` : t.baseUrl;
    for (const lang of ['zh', 'en'] as const) {
      const { context, page } = await newContext(browser, { phone: true, bypassCSP: true, errors: pageErrors });
      await login(page, base, users.officer, PASSWORD, lang);
      await page.goto(`${base}/notifications`);
      await page.getByTestId('notifications-page').waitFor();
      expect(await overflowAtWidths(page, `notifications (${lang})`)).toEqual([]);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, `phone-${lang}-notifications`);
      await context.close();
    }
    const { context, page } = await newContext(browser, { errors: pageErrors });
    await login(page, base, users.reviewerA, PASSWORD);
    await page.goto(`${base}/notifications`);
    await page.getByTestId('notification-item').first().waitFor();
    await page.getByTestId('notifications-read-all').click();
    await waitForCount(page, 0);
    await page.getByTestId('notifications-filter').getByText('未读').click();
    await page.getByText('没有未读通知。').waitFor();
    await context.close();
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
