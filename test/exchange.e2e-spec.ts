/**
 * Submission to the upper-level platform: a subscriber of format `exchange` receives each
 * publication and revocation, and each submitted annual report, as the exchange package of
 * docs/exchange.schema.json, on a real HTTP server, signed (verified with the `standardwebhooks`
 * reference library) and retried like every webhook. Every package received is validated against
 * the schema with ajv (draft 2020-12, with ajv-formats), and its content is compared with what the
 * public catalogue and the annual report show. Documents that are not published proactively never
 * produce a package.
 */
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { chinaDate } from '../src/common/china-time.js';
import { INDEX_NO_PATTERN } from '../src/modules/catalogue/index-number.js';
import { EXCHANGE_SCHEMA_VERSION, SENDER_CODE_PATTERN } from '../src/modules/delivery/exchange-package.js';
import { CATEGORIES, DOC_TYPES } from '../src/modules/documents/document.types.js';
import { FULL_CHAIN, bearer, form, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';
import { Receiver, until, type Received } from './support/receiver.js';

// ajv and ajv-formats are CommonJS: the default import is module.exports, which carries the class (and the plugin) as .default too.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

const SCHEMA = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'docs', 'exchange.schema.json'), 'utf8')) as Record<string, any>;
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(SCHEMA);

/** Asserts the package is valid against docs/exchange.schema.json, naming every error. */
function expectValid(pkg: unknown): void {
  const ok = validate(pkg);
  expect({ ok, errors: validate.errors ?? [] }).toEqual({ ok: true, errors: [] });
}

interface Pkg {
  schemaVersion: string;
  packageId: string;
  event: 'publication' | 'revocation' | 'annual_report';
  createdAt: string;
  sender: { code: string; name: string };
  entry?: Record<string, any>;
  report?: Record<string, any>;
}

const REPORT = '/api/v1/reports/annual';
const ENV = { WEBHOOK_RETRY_DELAY_SECONDS: '1', WEBHOOK_RETRY_LIMIT: '6' };
const SENDER = { code: '11110105000078452X', name: '北京市朝阳区人民政府' };
const pkgOf = (r: Received) => JSON.parse(r.body) as Pkg;

describe('exchange packages for the upper-level platform', () => {
  let t: TestApp;
  let d: District;
  const platform = new Receiver();
  const portal = new Receiver();
  let platformSecret: string;
  let platformId: string;
  let admin: Record<string, string>;
  let officer: Record<string, string>;

  /** The packages the platform received about an entry, in the order received. */
  const packagesOf = (indexNo: string) => platform.received.map(pkgOf).filter((p) => p.entry?.indexNo === indexNo || p.report?.indexNo === indexNo);

  beforeAll(async () => {
    t = await startTestApp(ENV);
    d = await seedDistrict(t);
    admin = bearer(t.adminToken);
    officer = bearer(d.tokens.officer);
    await platform.start();
    await portal.start();
    const sub = await t.http.post('/api/v1/subscribers').set(admin).send({ url: platform.url, format: 'exchange', sender: SENDER, channel: 'upper_platform', description: '市政务公开平台' });
    expect(sub.status).toBe(201);
    platformSecret = sub.body.secret;
    platformId = sub.body.id;
    expect((await t.http.post('/api/v1/subscribers').set(admin).send({ url: portal.url, description: '区政府门户' })).status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    await platform.stop();
    await portal.stop();
  });

  it('the schema says what the code makes: version, vocabularies, patterns', () => {
    expect(SCHEMA.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(SCHEMA.properties.schemaVersion.const).toBe(EXCHANGE_SCHEMA_VERSION);
    expect(SCHEMA.$defs.entry.properties.docType.enum).toEqual([...DOC_TYPES]);
    expect(SCHEMA.$defs.entry.properties.category.oneOf[0].enum).toEqual([...CATEGORIES]);
    expect(SCHEMA.$defs.sender.properties.code.pattern).toBe(SENDER_CODE_PATTERN.source);
    const indexNo = new RegExp(SCHEMA.$defs.indexNo.pattern);
    for (const v of ['FGW-2026-000017', 'A1-2019-000001', 'X-2026-000001', 'FGW-26-000017', 'fgw-2026-000017', 'FGW-2026-17']) {
      expect([v, indexNo.test(v)]).toEqual([v, INDEX_NO_PATTERN.test(v)]);
    }
    // Every object of the schema is closed.
    const open: string[] = [];
    const walkSchema = (s: unknown, path: string) => {
      if (!s || typeof s !== 'object') return;
      const o = s as Record<string, unknown>;
      if (o.properties && o.additionalProperties === undefined && !/allOf/.test(path)) open.push(path);
      for (const [k, v] of Object.entries(o)) walkSchema(v, `${path}/${k}`);
    };
    walkSchema(SCHEMA, '#');
    expect(open).toEqual([]);
  });

  it('an exchange subscriber names its sender; responses show format and sender; bad input is 400 and changes nothing', async () => {
    const count = async () => Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM subscribers`))[0].n);
    const before = await count();
    const url = 'https://platform.example.gov.cn/exchange';
    for (const body of [
      { url, format: 'exchange' },
      { url, format: 'xml' },
      { url, format: null },
      { url, format: 'exchange', sender: { code: 'has space', name: '某区' } },
      { url, format: 'exchange', sender: { code: 'X'.repeat(65), name: '某区' } },
      { url, format: 'exchange', sender: { code: 'X1', name: '' } },
      { url, format: 'exchange', sender: { code: 'X1' } },
      { url, format: 'exchange', sender: { code: 'X1', name: '某区', extra: 1 } },
      { url, format: 'exchange', sender: 'X1' },
    ]) {
      const res = await t.http.post('/api/v1/subscribers').set(admin).send(body);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), 400]);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    }
    expect(await count()).toBe(before);
    expect((await t.http.post('/api/v1/subscribers').set(officer).send({ url, format: 'exchange', sender: SENDER })).status).toBe(403);

    const list = (await t.http.get('/api/v1/subscribers').set(admin)).body as { id: string; format: string; sender: unknown; url: string }[];
    expect(list.find((s) => s.id === platformId)).toMatchObject({ format: 'exchange', sender: SENDER, channel: 'upper_platform' });
    expect(list.find((s) => s.url === portal.url)).toMatchObject({ format: 'standard', sender: null });

    // PATCH: an unknown format, or exchange without a sender, is refused and nothing changes.
    const standard = list.find((s) => s.url === portal.url)!;
    for (const body of [{ format: 'json' }, { format: 'exchange' }, { sender: { code: '', name: 'x' } }]) {
      expect((await t.http.patch(`/api/v1/subscribers/${standard.id}`).set(admin).send(body)).status).toBe(400);
    }
    const [row] = await t.sql<{ format: string; sender_code: string | null }>(`SELECT format, sender_code FROM subscribers WHERE id = $1`, [standard.id]);
    expect(row).toEqual({ format: 'standard', sender_code: null });
    // A subscriber moves to exchange with a sender, and back; its sender stays for later.
    const moved = await t.http.post('/api/v1/subscribers').set(admin).send({ url, description: '试用' });
    const toExchange = await t.http.patch(`/api/v1/subscribers/${moved.body.id}`).set(admin).send({ format: 'exchange', sender: { code: 'TRIAL-1', name: '试用机关' }, active: false });
    expect(toExchange.status).toBe(200);
    expect(toExchange.body).toMatchObject({ format: 'exchange', sender: { code: 'TRIAL-1', name: '试用机关' }, active: false });
    expect(toExchange.body.secret).toBeUndefined();
    const back = await t.http.patch(`/api/v1/subscribers/${moved.body.id}`).set(admin).send({ format: 'standard' });
    expect(back.body).toMatchObject({ format: 'standard', sender: { code: 'TRIAL-1', name: '试用机关' } });
    // The database holds the rule too.
    await expect(t.sql(`UPDATE subscribers SET format = 'exchange', sender_code = NULL, sender_name = NULL WHERE id = $1`, [moved.body.id])).rejects.toThrow(/subscribers_exchange_sender/);
  });

  it('each publication and revocation arrives as a signed exchange package with the entry’s Art. 12 metadata, valid against the schema', async () => {
    const doc = await walk(t, d, 'drafterA', FULL_CHAIN, { title: '关于印发《交换包测试办法》的通知', documentNumber: '朝政发〔2026〕3号', summary: '规范报送工作。', category: 'plans_and_policies', docType: 'plan' });
    expect(doc.state).toBe('published');
    const interpretation = await walk(t, d, 'drafterA', FULL_CHAIN, {
      docType: 'interpretation',
      interprets: doc.id,
      interpretationForm: 'qa',
      title: '《交换包测试办法》政策解读',
      summary: '',
      category: undefined,
    });
    expect(interpretation.state).toBe('published');
    const current = await t.http.get(`/api/v1/documents/${doc.id}`).set(officer);
    const revoked = await t.http.post(`/api/v1/documents/${doc.id}/transitions`).set(officer).set('If-Match', current.headers.etag).send({ action: 'revoke', comment: '政策调整' });
    expect(revoked.status).toBe(200);
    await until(() => packagesOf(doc.indexNo!).length >= 2 && packagesOf(interpretation.indexNo!).length >= 2, 30_000, 'the packages of both entries');

    const wh = new Webhook(platformSecret);
    const mine = platform.received.filter((r) => [doc.indexNo, interpretation.indexNo].includes(pkgOf(r).entry?.indexNo));
    for (const r of mine) {
      const verified = wh.verify(r.body, r.headers) as Pkg;
      expectValid(verified);
      expect(verified.packageId).toBe(r.id);
      expect(r.headers['content-type']).toBe('application/json');
      expect(verified.sender).toEqual(SENDER);
      expect(verified.schemaVersion).toBe('1.0');
    }
    // A forged package fails verification.
    expect(() => wh.verify(mine[0].body.replace('交换包测试', '伪造'), mine[0].headers)).toThrow();

    // In order: the document's publication before its revocation (and the interpretation's with it).
    expect(packagesOf(doc.indexNo!).map((p) => p.event)).toEqual(['publication', 'revocation']);
    const [published, revocation] = packagesOf(doc.indexNo!);
    const history = (await t.http.get(`/api/v1/documents/${doc.id}/history`).set(officer)).body as { action: string; toState: string; at: string }[];
    const signedOff = history.find((h) => h.action === 'approve' && h.toState === 'published')!;
    expect(published.entry).toEqual({
      indexNo: doc.indexNo,
      title: '关于印发《交换包测试办法》的通知',
      summary: '规范报送工作。',
      issuingUnit: { code: d.unitA.code, name: '发展和改革委员会' },
      documentNumber: '朝政发〔2026〕3号',
      docType: 'plan',
      category: 'plans_and_policies',
      writtenOn: chinaDate(new Date(signedOff.at)),
      publishedAt: expect.stringMatching(/\+08:00$/),
      revokedAt: null,
      url: `http://gongkai.test/catalogue/${doc.indexNo}`,
      apiUrl: `http://gongkai.test/api/v1/catalogue/${doc.indexNo}`,
      interprets: null,
    });
    // The same instant the public catalogue showed.
    const [entry] = await t.sql<{ published_at: Date; revoked_at: Date }>(`SELECT published_at, revoked_at FROM catalogue_entries WHERE index_no = $1`, [doc.indexNo]);
    expect(new Date(published.entry!.publishedAt).getTime()).toBe(Math.floor(entry.published_at.getTime()));
    expect(revocation.entry).toEqual({ ...published.entry, revokedAt: expect.stringMatching(/\+08:00$/) });
    expect(new Date(revocation.entry!.revokedAt).getTime()).toBe(Math.floor(entry.revoked_at.getTime()));
    expect(new Date(revocation.createdAt).getTime()).toBeGreaterThanOrEqual(new Date(published.createdAt).getTime());

    const [ip] = packagesOf(interpretation.indexNo!);
    expect(ip.entry).toMatchObject({
      docType: 'interpretation',
      summary: null,
      category: null,
      documentNumber: null,
      interprets: { indexNo: doc.indexNo, title: '关于印发《交换包测试办法》的通知', url: `http://gongkai.test/catalogue/${doc.indexNo}`, apiUrl: `http://gongkai.test/api/v1/catalogue/${doc.indexNo}` },
    });
    // Metadata only: the text of the document never travels in a package.
    expect(mine.some((r) => r.body.includes('现将《政府信息公开工作规则》印发给你们'))).toBe(false);

    // The portal (format standard) still gets the Standard Webhooks events, as before.
    const portalEvents = () => portal.received.map((r) => JSON.parse(r.body) as { type: string; data: { indexNo: string } }).filter((e) => e.data.indexNo === doc.indexNo);
    await until(() => portalEvents().length >= 2, 30_000, 'the portal’s events');
    expect(portalEvents().map((e) => e.type)).toEqual(['catalogue.published', 'catalogue.revoked']);

    // The delivery log shows the packages as sent.
    const log = await t.http.get(`/api/v1/subscribers/${platformId}/deliveries?limit=100`).set(admin);
    const logged = (log.body.items as { id: string; eventType: string; payload: Pkg; status: string }[]).filter((i) => i.payload.entry?.indexNo === doc.indexNo);
    expect(logged.map((l) => [l.eventType, l.status]).sort()).toEqual([
      ['exchange.publication', 'delivered'],
      ['exchange.revocation', 'delivered'],
    ]);
    for (const l of logged) expect(l.payload).toEqual(packagesOf(doc.indexNo!).find((p) => p.packageId === l.id));
  }, 60_000);

  it('the schema refuses what is not a package (the validator is not vacuous)', () => {
    const publication = platform.received.map(pkgOf).find((p) => p.event === 'publication')!;
    const revocation = platform.received.map(pkgOf).find((p) => p.event === 'revocation')!;
    expectValid(publication);
    const broken: [string, unknown][] = [
      ['an unknown member', { ...publication, note: 'x' }],
      ['an unknown entry member', { ...publication, entry: { ...publication.entry, body: '正文' } }],
      ['another version', { ...publication, schemaVersion: '2.0' }],
      ['a bad index number', { ...publication, entry: { ...publication.entry, indexNo: 'fgw-2026-17' } }],
      ['a time without the China offset', { ...publication, createdAt: '2026-03-02T02:15:30.123Z' }],
      ['a publication already revoked', { ...publication, entry: { ...publication.entry, revokedAt: revocation.entry!.revokedAt } }],
      ['a revocation without its time', { ...revocation, entry: { ...revocation.entry, revokedAt: null } }],
      ['a publication with a report', { ...publication, report: {} }],
      ['an annual report without its report', { ...publication, event: 'annual_report' }],
      ['an unknown category', { ...publication, entry: { ...publication.entry, category: 'misc' } }],
      ['a missing sender', { ...publication, sender: undefined }],
      ['a bad sender code', { ...publication, sender: { code: 'has space', name: 'x' } }],
      ['a summary left empty', { ...publication, entry: { ...publication.entry, summary: '' } }],
      ['an entry URL that is not http(s)', { ...publication, entry: { ...publication.entry, url: 'ftp://x/y' } }],
    ];
    for (const [what, pkg] of broken) expect([what, validate(JSON.parse(JSON.stringify(pkg)))]).toEqual([what, false]);
  });

  it('a document that is not published proactively never produces a package', async () => {
    const secret = '不予公开的正文：二〇二六年人员调整安排。';
    const notPublic = await walk(t, d, 'drafterA', FULL_CHAIN, { title: '人事安排处理意见', body: secret, publicAttribute: 'not_public', nonDisclosureReason: 'internal_affairs' });
    const onApplication = await walk(t, d, 'drafterA', FULL_CHAIN, { title: '依申请公开的答复', publicAttribute: 'on_application' });
    expect([notPublic.state, onApplication.state]).toEqual(['issued', 'issued']);
    const draft = await walk(t, d, 'drafterA', [['drafterA', { action: 'submit' }]], { title: '送审中的草稿' });
    // A publication after them: once it has arrived, anything they had caused would have arrived before it.
    const marker = await walk(t, d, 'drafterA', FULL_CHAIN, { title: '标记文件' });
    await until(() => packagesOf(marker.indexNo!).length >= 1, 30_000, 'the marker’s package');
    for (const r of platform.received) {
      for (const text of [secret, '人事安排处理意见', '依申请公开的答复', '送审中的草稿', notPublic.id, onApplication.id, draft.id]) expect(r.body.includes(text)).toBe(false);
    }
    const rows = await t.sql(`SELECT d.id FROM deliveries d WHERE d.payload::text LIKE ANY($1)`, [[`%${notPublic.id}%`, `%${onApplication.id}%`, '%人事安排处理意见%', '%依申请公开的答复%']]);
    expect(rows).toEqual([]);
  }, 60_000);

  it('a receiver that fails gets the same package again (same id, same bytes) until it answers 2xx', async () => {
    platform.failuresLeft = 2;
    const doc = await walk(t, d, 'drafterA', FULL_CHAIN, { title: '重试测试' });
    await until(() => packagesOf(doc.indexNo!).length >= 1, 45_000, 'the package after the failures');
    const [r] = platform.received.filter((x) => pkgOf(x).entry?.indexNo === doc.indexNo);
    expectValid(new Webhook(platformSecret).verify(r.body, r.headers));
    const log = await t.http.get(`/api/v1/subscribers/${platformId}/deliveries?limit=100`).set(admin);
    const item = (log.body.items as { id: string; status: string; attempts: number; attemptLog: { statusCode: number }[]; payload: Pkg }[]).find((i) => i.id === r.id)!;
    expect(item.status).toBe('delivered');
    expect(item.attemptLog.map((a) => a.statusCode)).toEqual([503, 503, 204]);
    expect(JSON.stringify(item.payload)).toBe(JSON.stringify(JSON.parse(r.body)));
    expect(packagesOf(doc.indexNo!)).toHaveLength(1);
  }, 60_000);

  describe('the annual report', () => {
    const submit = (year: number, who: Record<string, string> = officer, query = '') => t.http.post(`${REPORT}/${year}/submissions${query}`).set(who);
    const status = (year: number, who: Record<string, string> = officer, query = '') => t.http.get(`${REPORT}/${year}/submissions${query}`).set(who);

    it('is submitted only once published, by the office or an admin (202 with the deliveries); a drafter is refused', async () => {
      const before = await t.sql(`SELECT id FROM deliveries WHERE report_index_no IS NOT NULL`);
      const unpublished = await submit(2025);
      expect(unpublished.status).toBe(409);
      expect(unpublished.body.message).toMatch(/not published/);
      expect((await status(2025)).status).toBe(404);
      expect((await submit(2025, bearer(d.tokens.drafterA))).status).toBe(403);
      expect((await status(2025, bearer(d.tokens.drafterA))).status).toBe(403);
      expect((await t.http.post(`${REPORT}/2025/submissions`)).status).toBe(401);
      expect((await submit(2018)).status).toBe(400);
      expect((await submit(2025, officer, '?unit=lower')).status).toBe(400);
      expect((await submit(2025, officer, '?unit=NOSUCHUNIT')).status).toBe(400);
      expect(await t.sql(`SELECT id FROM deliveries WHERE report_index_no IS NOT NULL`)).toEqual(before);

      const published = await t.http.post(`${REPORT}/2025/publish`).set(officer);
      expect(published.status).toBe(201);
      const indexNo = published.body.indexNo as string;
      // Its catalogue entry is published like any other: a publication package.
      await until(() => packagesOf(indexNo).some((p) => p.event === 'publication'), 30_000, 'the report entry’s publication');
      const entryPkg = packagesOf(indexNo).find((p) => p.event === 'publication')!;
      expectValid(entryPkg);
      expect(entryPkg.entry).toMatchObject({ docType: 'report', category: 'other', issuingUnit: { code: d.office.code }, writtenOn: null, documentNumber: null });

      const res = await submit(2025);
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ year: 2025, unit: null, indexNo, title: '2025年政府信息公开工作年度报告' });
      expect(res.body.deliveries).toHaveLength(1);
      expect(res.body.deliveries[0]).toMatchObject({ subscriberId: platformId, channel: 'upper_platform', description: '市政务公开平台', status: 'pending' });
      expect(res.body.queued).toEqual([res.body.deliveries[0].id]);
      expect(JSON.stringify(res.body)).not.toContain(platform.url);

      await until(() => packagesOf(indexNo).some((p) => p.event === 'annual_report'), 30_000, 'the annual report package');
      const received = platform.received.find((r) => pkgOf(r).event === 'annual_report' && pkgOf(r).report?.indexNo === indexNo)!;
      const pkg = new Webhook(platformSecret).verify(received.body, received.headers) as Pkg;
      expectValid(pkg);
      expect(pkg.packageId).toBe(res.body.deliveries[0].id);
      expect(pkg.sender).toEqual(SENDER);
      expect(pkg.entry).toBeUndefined();
      // The tables are the report's, as GET shows them; the digest is the public text's.
      const tables = (await t.http.get(`${REPORT}/2025`).set(officer)).body;
      expect(pkg.report).toMatchObject({
        year: 2025,
        template: '2021',
        unit: null,
        indexNo,
        title: '2025年政府信息公开工作年度报告',
        issuingUnit: { code: d.office.code, name: '政府办公室' },
        url: `http://gongkai.test/catalogue/${indexNo}`,
        apiUrl: `http://gongkai.test/api/v1/catalogue/${indexNo}`,
      });
      expect(pkg.report!.tables).toMatchObject({
        publishedCount: tables.publishedCount,
        publishedByCategory: tables.publishedByCategory,
        publishedByMonth: tables.publishedByMonth,
        proactive: tables.proactive,
        applications: tables.applications,
        appeals: tables.appeals,
      });
      const entry = await t.http.get(new URL(pkg.report!.apiUrl).pathname);
      expect(entry.status).toBe(200);
      expect(pkg.report!.bodySha256).toBe(createHash('sha256').update(entry.body.body, 'utf8').digest('hex'));
      // The portal (format standard) is not a receiver of reports.
      expect(portal.received.some((r) => r.body.includes('"annual_report"'))).toBe(false);

      await until(async () => (await status(2025)).body.deliveries[0].status === 'delivered', 30_000, 'the delivery recorded');
      const shown = await status(2025);
      expect(shown.status).toBe(200);
      expect(shown.body.deliveries[0]).toMatchObject({ id: pkg.packageId, status: 'delivered', attempts: 1, lastStatus: 204 });
      // Leaders read where it stands; they do not submit.
      expect((await status(2025, bearer(d.tokens.leaderA))).status).toBe(200);
      expect((await submit(2025, bearer(d.tokens.leaderA))).status).toBe(403);
    }, 90_000);

    it('a repeat is idempotent: nothing is queued twice; a new receiver gets its one; one that failed for good is sent again', async () => {
      const received = () => platform.received.filter((r) => pkgOf(r).event === 'annual_report').length;
      const first = received();
      const again = await submit(2025);
      expect(again.status).toBe(202);
      expect(again.body.queued).toEqual([]);
      expect(again.body.deliveries).toHaveLength(1);
      const byAdmin = await submit(2025, admin);
      expect(byAdmin.status).toBe(202);
      expect(byAdmin.body.queued).toEqual([]);
      await new Promise((r) => setTimeout(r, 1500)); // a second copy would have arrived by now
      expect(received()).toBe(first);

      // A second platform registered since: the next submission adds its delivery only.
      const second = new Receiver();
      await second.start();
      try {
        const sub = await t.http.post('/api/v1/subscribers').set(admin).send({ url: second.url, format: 'exchange', sender: { code: 'CY-GOV', name: '朝阳区人民政府' }, channel: 'province' });
        const more = await submit(2025);
        expect(more.status).toBe(202);
        expect(more.body.deliveries.map((x: { subscriberId: string }) => x.subscriberId)).toEqual([platformId, sub.body.id]);
        expect(more.body.queued).toEqual([more.body.deliveries[1].id]);
        await until(() => second.received.some((r) => pkgOf(r).event === 'annual_report'), 30_000, 'the second platform’s report');
        const pkg = new Webhook(sub.body.secret).verify(second.received.find((r) => pkgOf(r).event === 'annual_report')!.body, second.received.find((r) => pkgOf(r).event === 'annual_report')!.headers) as Pkg;
        expectValid(pkg);
        expect(pkg.sender).toEqual({ code: 'CY-GOV', name: '朝阳区人民政府' });

        // A delivery that failed for good (its retries used up) is sent again by the next submission, as the same package.
        const id = more.body.deliveries[0].id as string;
        await t.sql(`UPDATE deliveries SET status = 'failed' WHERE id = $1`, [id]);
        const before = platform.received.filter((r) => r.id === id).length;
        const retried = await submit(2025);
        expect(retried.body.queued).toEqual([id]);
        await until(() => platform.received.filter((r) => r.id === id).length === before + 1, 30_000, 'the failed delivery sent again');
        const copies = platform.received.filter((r) => r.id === id).map((r) => r.body);
        expect(new Set(copies).size).toBe(1);
        await t.http.patch(`/api/v1/subscribers/${sub.body.id}`).set(admin).send({ active: false });
      } finally {
        await second.stop();
      }
    }, 90_000);

    it('a 2020 report (the 2019 template) and a unit’s report are packaged the same way; without an exchange subscriber there is nothing to submit to (409)', async () => {
      const published = await t.http.post(`${REPORT}/2020/publish`).set(officer);
      expect(published.status).toBe(201);
      const res = await submit(2020);
      expect(res.status).toBe(202);
      await until(() => packagesOf(published.body.indexNo).some((p) => p.event === 'annual_report'), 30_000, 'the 2020 report package');
      const pkg = packagesOf(published.body.indexNo).find((p) => p.event === 'annual_report')!;
      expectValid(pkg);
      expect(pkg.report).toMatchObject({ year: 2020, template: '2019' });
      expect(pkg.report!.tables.proactive.rows.map((r: { key: string }) => r.key)).toContain('procurement');

      expect((await submit(2025, officer, `?unit=${d.unitA.code}`)).status).toBe(409);
      const unitReport = await t.http.post(`${REPORT}/2025/publish?unit=${d.unitA.code}`).set(officer);
      expect(unitReport.status).toBe(201);
      const unitRes = await submit(2025, officer, `?unit=${d.unitA.code}`);
      expect(unitRes.status).toBe(202);
      expect(unitRes.body.unit).toEqual({ code: d.unitA.code, name: '发展和改革委员会' });
      await until(() => packagesOf(unitReport.body.indexNo).some((p) => p.event === 'annual_report'), 30_000, 'the unit report package');
      const unitPkg = packagesOf(unitReport.body.indexNo).find((p) => p.event === 'annual_report')!;
      expectValid(unitPkg);
      expect(unitPkg.report!.unit).toEqual({ code: d.unitA.code, name: '发展和改革委员会' });

      // Every exchange subscriber paused: a report never submitted has no receiver (409, nothing written).
      await t.http.patch(`/api/v1/subscribers/${platformId}`).set(admin).send({ active: false });
      try {
        expect((await t.http.post(`${REPORT}/2024/publish`).set(officer)).status).toBe(201);
        const audit = await t.sql(`SELECT count(*) AS n FROM audit_log WHERE action = 'report.submit'`);
        const none = await submit(2024);
        expect(none.status).toBe(409);
        expect(none.body.message).toMatch(/no exchange subscriber/);
        expect(await t.sql(`SELECT count(*) AS n FROM audit_log WHERE action = 'report.submit'`)).toEqual(audit);
        // One already submitted still answers its deliveries.
        expect((await submit(2025)).status).toBe(202);
      } finally {
        await t.http.patch(`/api/v1/subscribers/${platformId}`).set(admin).send({ active: true });
      }
    }, 90_000);
  });
});
