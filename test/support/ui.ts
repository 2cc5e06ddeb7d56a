/**
 * Browser tests of the web UI: builds web/dist when it is missing or older than its sources,
 * boots the real service listening on 127.0.0.1 (so a real Chromium can reach it), and offers
 * helpers for logging in, screenshots and axe-core.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { seedDistrict, startTestApp, type District, type TestApp } from './app.js';

export const ROOT = resolve(process.cwd());
export const WEB_DIST = join(ROOT, 'web', 'dist');
export const SCREENSHOTS = join(ROOT, 'test-artifacts', 'screenshots');
const AXE = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function isFresh(): boolean {
  const index = join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return false;
  const built = statSync(index).mtimeMs;
  const sources = Math.max(
    newestMtime(join(ROOT, 'web', 'src')),
    newestMtime(join(ROOT, 'web', 'public')),
    newestMtime(join(ROOT, 'web', 'index.html')),
    newestMtime(join(ROOT, 'web', 'vite.config.ts')),
  );
  return built >= sources;
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Builds the web UI once if web/dist is missing or stale. Test files run in parallel workers, so
 * a lock directory makes the others wait for the first build instead of building over it.
 */
export async function ensureWebBuilt(): Promise<void> {
  if (isFresh()) return;
  const lock = join(tmpdir(), `gongkai-web-build-${createHash('sha1').update(ROOT).digest('hex').slice(0, 12)}.lock`);
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Someone else is building; a lock older than 5 minutes was left by a killed run.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 5 * 60_000) rmdirSync(lock);
      } catch {
        /* gone meanwhile */
      }
      if (Date.now() - started > 5 * 60_000) throw new Error('timed out waiting for the web build lock');
      await sleep(500);
    }
  }
  try {
    if (isFresh()) return;
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
      cwd: ROOT,
      // Jest sets NODE_ENV=test, which would make Vite build React and Ant Design in development mode.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit'],
      timeout: 180_000,
    });
  } finally {
    rmdirSync(lock);
  }
}

export interface UiApp extends TestApp {
  baseUrl: string;
}

/** The real service on a fresh database, serving web/dist and listening on 127.0.0.1:<free port>. */
export async function startUiApp(env: Record<string, string> = {}): Promise<UiApp> {
  await ensureWebBuilt();
  const t = await startTestApp({ WEB_DIR: WEB_DIST, ...env });
  await t.app.listen(0, '127.0.0.1');
  const address = t.app.getHttpServer().address() as AddressInfo;
  return Object.assign(t, { baseUrl: `http://127.0.0.1:${address.port}` });
}

export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: run .ci/browser (apt-get install chromium)`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A phone held upright: Chromium's mobile emulation at 390 × 844 CSS px, touch, a 3× screen. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 } as const;
/** The narrowest and widest phones the layout is checked at (besides PHONE's 390). */
export const PHONE_WIDTHS = [360, 390, 414] as const;

export interface ContextOptions {
  /** Only for axe-core: addScriptTag injects an inline script, which the service's CSP forbids. */
  bypassCSP?: boolean;
  /** Emulate PHONE instead of a 1400 × 900 desktop window. */
  phone?: boolean;
  /** Where to record uncaught page errors and console errors (CSP violations among them). */
  errors?: string[];
  /**
   * Let the UI animate, as for a user without "reduce motion". By default a context asks for
   * reduced motion (`prefers-reduced-motion: reduce`), and the UI then opens menus, dialogs and
   * drawers at once: a click on an item of a menu still sliding in could be dispatched at a point
   * the item had left by the time the button went up (Playwright checks the target of the first
   * event only), and was lost under a loaded CI machine. `test/ui/workflow.e2e-spec.ts` checks both.
   */
  motion?: boolean;
}

/** What each page of `newContext` recorded, for the message of a wait that fails (`appears`). */
const recordedErrors = new WeakMap<Page, string[]>();

/** A fresh browser profile (its own sessionStorage and localStorage) that records page errors. */
export async function newContext(browser: Browser, opts: ContextOptions = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const device = opts.phone ? PHONE : { viewport: { width: 1400, height: 900 } };
  const context = await browser.newContext({
    ...device,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    bypassCSP: opts.bypassCSP ?? false,
    reducedMotion: opts.motion ? 'no-preference' : 'reduce',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = opts.errors ?? [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  recordedErrors.set(page, errors);
  return { context, page, errors };
}

export async function login(page: Page, baseUrl: string, username: string, password: string, lang?: 'en' | 'zh'): Promise<void> {
  await page.goto(`${baseUrl}/login${lang ? `?lang=${lang}` : ''}`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.locator('main#main').waitFor();
}

/** Chooses `label` in the Ant Design select whose input is `#inputId`, and waits for the list to close. */
export async function pickOption(page: Page, inputId: string, label: string) {
  await page.locator(`#${inputId}`).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: label }).first().click();
  // Let the dropdown close, so the next one's options are not mixed with these.
  // (A function, not a string: the service's CSP forbids eval in the page.)
  const closed = (timeout: number) =>
    page
      .waitForFunction(
        () => {
          const dom = globalThis as unknown as { document: { querySelector(selector: string): unknown } };
          return !dom.document.querySelector('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
        },
        undefined,
        { timeout },
      )
      .then(
        () => true,
        () => false,
      );
  // It closes at once, unless the click landed while the list was still animating open (seen
  // once in CI under load): leaving the field (Tab, which keeps the choice) closes it then.
  if (await closed(3000)) return;
  await page.keyboard.press('Tab');
  if (!(await closed(15_000))) throw new Error(`the options of #${inputId} stayed open after choosing ${label}`);
  await page.locator(`#${inputId}`).locator(`xpath=ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' ant-select ')][1]`).getByText(label).first().waitFor();
}

export interface ScreenshotOptions {
  /** The whole page (default) or only what is on the screen now. */
  fullPage?: boolean;
  /** Where to write it instead of test-artifacts/screenshots/<name>.png. */
  path?: string;
  /** 'css' (default for phones: one image pixel per CSS pixel, small files) or 'device' (the screen's pixels). */
  scale?: 'css' | 'device';
}

/**
 * Waits until the document page shows `text` as its state; when it does not, the error says what
 * the page shows instead (the state, an action's error, an open dialog) and keeps a screenshot
 * (test-artifacts/screenshots/failed-state-<state>.png), so a failure in CI can be read afterwards.
 */
export async function documentStateIs(page: Page, text: string): Promise<void> {
  await appears(page, page.getByTestId('document-state').getByText(text, { exact: true }), `the document's state is ${text}`, `state-${text}`);
}

/**
 * Waits for `target` to be visible; on timeout fails with what the page shows instead (its address,
 * the document's state, action errors, alerts, dialogs, messages), the errors it recorded (page
 * errors and console errors, for a page of `newContext`) and keeps a screenshot
 * `failed-<name>.png`, so a failure seen only under a loaded CI machine says what happened.
 */
export async function appears(page: Page, target: Locator, what: string, name: string): Promise<void> {
  try {
    await target.waitFor();
  } catch (e) {
    const shown = async (selector: string) => (await page.locator(selector).allInnerTexts().catch(() => [] as string[])).map((x) => x.trim()).filter(Boolean).join(' | ') || '—';
    await screenshot(page, `failed-${name}`).catch(() => undefined);
    throw new Error(
      `expected: ${what}; the page ${page.url()} shows: state ${await shown('[data-testid="document-state"]')}; action error ${await shown('[data-testid="action-error"]')}; alerts ${await shown('[role="alert"]')}; dialogs ${await shown('[role="dialog"]')}; messages ${await shown('.ant-message')}; page errors ${(recordedErrors.get(page) ?? []).join(' | ') || '—'}\n${(e as Error).message}`,
    );
  }
}

export async function screenshot(page: Page, name: string, opts: ScreenshotOptions = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Toasts come and go: leave them out so the screenshots show the screen itself.
  await page.screenshot({
    path: opts.path ?? join(SCREENSHOTS, `${name}.png`),
    fullPage: opts.fullPage ?? true,
    scale: opts.scale ?? 'css',
    style: '.ant-message { display: none !important; }',
  });
}

export interface Overflow {
  /** The screen's width in CSS px. */
  width: number;
  scrollWidth: number;
  innerWidth: number;
  /** The elements that reach past the right edge of the screen, outermost first (selector, right edge). */
  offenders: string[];
}

/**
 * Whether the page scrolls sideways: `document.documentElement.scrollWidth > innerWidth`, with the
 * elements that stick out (for the message). Null when everything fits.
 *
 * Under mobile emulation (`isMobile`) Chromium zooms a page that is too wide out until it fits, and
 * `innerWidth` then grows with the content (504 px for a 504 px page on a 390 px screen), so the
 * screen's width is taken as the smaller of `innerWidth` and `documentElement.clientWidth` (the
 * layout viewport, which stays at the device width).
 */
export async function horizontalOverflow(page: Page): Promise<Overflow | null> {
  return page.evaluate(() => {
    // Runs in the page (no DOM types in the test's compilation).
    interface El {
      tagName: string;
      id: string;
      className: unknown;
      parentElement: El | null;
      getBoundingClientRect(): { right: number; width: number };
    }
    const g = globalThis as unknown as {
      innerWidth: number;
      document: { documentElement: { scrollWidth: number; clientWidth: number }; querySelectorAll(s: string): ArrayLike<El> };
      getComputedStyle(e: El): { overflowX: string; position: string };
    };
    const innerWidth = g.innerWidth;
    const width = Math.min(innerWidth, g.document.documentElement.clientWidth);
    const scrollWidth = g.document.documentElement.scrollWidth;
    if (scrollWidth <= width) return null;
    const name = (e: El) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : ''}`;
    // Inside a container that scrolls by itself (a wide statistical table), sticking out is fine.
    const clipped = (e: El) => {
      for (let p = e.parentElement; p; p = p.parentElement) if (['auto', 'scroll', 'hidden', 'clip'].includes(g.getComputedStyle(p).overflowX)) return true;
      return false;
    };
    const out = new Set<El>();
    for (const e of Array.from(g.document.querySelectorAll('body *'))) {
      const r = e.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 0.5 && !clipped(e)) out.add(e);
    }
    // The outermost of each branch names the culprit.
    const offenders = [...out]
      .filter((e) => !e.parentElement || !out.has(e.parentElement))
      .slice(0, 8)
      .map((e) => `${name(e)} → ${Math.round(e.getBoundingClientRect().right)}px`);
    return { width, scrollWidth, innerWidth, offenders };
  });
}

/**
 * Checks the page at each width (keeping the height): the horizontal overflow found at each, as
 * text for an assertion (empty when the page fits at every width). Leaves the page at `widths`' last.
 */
export async function overflowAtWidths(page: Page, name: string, widths: readonly number[] = PHONE_WIDTHS): Promise<string[]> {
  const height = page.viewportSize()?.height ?? PHONE.viewport.height;
  const found: string[] = [];
  for (const width of widths) {
    await page.setViewportSize({ width, height });
    // Let resize observers and breakpoint listeners re-render, then measure after layout.
    await page.evaluate(() => {
      const g = globalThis as unknown as { requestAnimationFrame(cb: () => void): void };
      return new Promise<void>((done) => g.requestAnimationFrame(() => g.requestAnimationFrame(done)));
    });
    await page.waitForTimeout(150);
    const o = await horizontalOverflow(page);
    if (o) found.push(`${name} at ${width}px: ${o.scrollWidth}px of content on a ${o.width}px screen; ${o.offenders.join(', ')}`);
  }
  return found;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string; failureSummary?: string }[];
}

/** Runs axe-core (WCAG 2.x A and AA) and returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE });
  const violations = (await page.evaluate(async () => {
    // Runs in the page (no DOM types in the test's compilation).
    const page = globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> }; document: unknown };
    const res = await page.axe.run(page.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return res.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, html: n.html.slice(0, 300), failureSummary: n.failureSummary })),
    }));
  })) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** The usernames of the users seedDistrict made, by their key (drafterA, reviewerA, …). */
export async function usernamesOf(t: TestApp, ids: Record<string, string>): Promise<Record<string, string>> {
  const rows = await t.sql<{ id: string; username: string }>(`SELECT id::text, username FROM users WHERE id = ANY($1::uuid[])`, [Object.values(ids)]);
  const byId = new Map(rows.map((r) => [r.id, r.username]));
  return Object.fromEntries(Object.entries(ids).map(([key, id]) => [key, byId.get(id)!]));
}

/** What uiDistrict sets up: the service, the small district, its users' names, a Chromium. */
export interface UiDistrict {
  t: UiApp;
  d: District;
  users: Record<string, string>;
  browser: Browser;
}

/**
 * The set-up most browser tests share, registered in the calling describe: before all, the
 * service on a fresh database (startUiApp) with seedDistrict's district and a Chromium, handed to
 * `ready` (then `prepare`, for a test's own fixtures); after all, both closed; after each test,
 * no uncaught page error and no CSP violation. Returns the array the pages record errors in (pass
 * it to newContext).
 */
export function uiDistrict(ready: (s: UiDistrict) => void, prepare?: (s: UiDistrict) => Promise<void>): string[] {
  const pageErrors: string[] = [];
  let s: Partial<UiDistrict> = {};
  beforeAll(async () => {
    // Both at once; if one fails, the other is still closed after all.
    const [app, chrome] = await Promise.allSettled([startUiApp(), launchBrowser()]);
    s = { t: app.status === 'fulfilled' ? app.value : undefined, browser: chrome.status === 'fulfilled' ? chrome.value : undefined };
    if (app.status === 'rejected') throw app.reason;
    if (chrome.status === 'rejected') throw chrome.reason;
    const t = app.value;
    const browser = chrome.value;
    const d = await seedDistrict(t);
    s = { t, browser, d, users: await usernamesOf(t, d.ids) };
    ready(s as UiDistrict);
    await prepare?.(s as UiDistrict);
  }, 240_000);
  afterAll(async () => {
    await s.browser?.close();
    await s.t?.close();
  });
  afterEach(() => {
    expect(pageErrors).toEqual([]);
    pageErrors.length = 0;
  });
  return pageErrors;
}
