import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { chinaYearOf } from '../src/common/china-time.js';
import { runCatalogueImportCli, type CliIo } from '../src/modules/catalogue-import/catalogue-import.cli.js';
import { CatalogueImporter } from '../src/modules/catalogue-import/catalogue-importer.js';
import { readTable } from '../src/modules/catalogue-import/import-source.js';
import { FULL_CHAIN, bearer, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';

const dir = mkdtempSync(join(tmpdir(), 'gongkai-import-'));
const YEAR = chinaYearOf(Date.now());

function csv(rows: (string | number)[][]): string {
  const field = (v: string | number) => {
    const s = String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

function capture(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), progress: false };
}

/** The rows of a report file. */
function reportRows(path: string): string[][] {
  return parse(readFileSync(path, 'utf8'), { bom: true }) as string[][];
}

describe('catalogue import (CLI, CSV and XLSX)', () => {
  let t: TestApp;
  let d: District;
  let env: Record<string, string>;
  let ds: DataSource;
  const CN_HEADERS = ['索引号', '标题', '摘要', '发布机构', '类别', '文号', '成文日期', '发布日期', '正文'];

  beforeAll(async () => {
    t = await startTestApp();
    d = await seedDistrict(t);
    env = { DATABASE_URL: t.databaseUrl, LOG_LEVEL: 'silent' };
    ds = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const entries = async (indexNos: string[]) =>
    t.sql<{ index_no: string; title: string; document_id: string | null }>(`SELECT index_no, title, document_id FROM catalogue_entries WHERE index_no = ANY($1) ORDER BY index_no`, [indexNos]);
  const counter = async (unitId: string, year: number) =>
    (await t.sql<{ last_serial: number }>(`SELECT last_serial FROM index_counters WHERE unit_id = $1 AND year = $2`, [unitId, year]))[0]?.last_serial ?? null;
  const changes = async (indexNo: string) => (await t.sql(`SELECT type FROM catalogue_changes WHERE index_no = $1`, [indexNo])).length;

  it('imports a CSV with Chinese headers; rejects bad rows with reasons, printed and written next to the file', async () => {
    const A = d.unitA.code;
    const B = d.unitB.code;
    const good1 = `${A}-2015-000007`;
    const good2 = `${A}-2015-000012`;
    const good3 = `${B}-2016-000001`;
    const rows: (string | number)[][] = [
      CN_HEADERS,
      [good1, '关于印发《区级部门预算管理办法》的通知', '规范部门预算管理。', A, '规章和行政规范性文件', '区财政发〔2015〕7号', '2015-03-02', '2015年3月5日', '各部门：现将办法印发给你们，请认真执行。\n第一条 为规范预算管理……'],
      [good2, '2015年区级部门决算公开说明', '', '发展和改革委员会', 'budgets_and_accounts', '', '', '2015/8/31', 'Budget accounts of 2015 are published here.'],
      [good3, '教育局2016年工作计划', '年度计划。', B, '规划和政策', '', '2016.1.20', '', ''],
      ['BAD-INDEX', '索引号不对', '', A, '', '', '', '2015-01-01', ''],
      [`${A}-2015-000008`, '未知单位', '', '不存在的局', '', '', '', '2015-01-01', ''],
      [`${A}-2015-000009`, '单位与索引号不符', '', B, '', '', '', '2015-01-01', ''],
      [`${A}-2015-000010`, '', '', A, '', '', '', '2015-01-01', ''],
      [`${A}-2015-000011`, '日期不对', '', A, '', '', '', '2015-02-30', ''],
      [`${A}-2015-000013`, '类别不对', '', A, '天气', '', '', '2015-01-01', ''],
      [`${A}-2015-000000`, '序号为零', '', A, '', '', '', '2015-01-01', ''],
      [`${A}-2015-000014`, '发布早于成文', '', A, '', '', '2015-05-01', '2015-04-01', ''],
      [`${A}-2015-000015`, '没有日期', '', A, '', '', '', '', ''],
    ];
    const file = join(dir, 'historic.csv');
    writeFileSync(file, `\ufeff${csv(rows)}`);
    const io = capture();
    const code = await runCatalogueImportCli([file], env, io);
    expect(io.errors).toEqual([]);
    expect(code).toBe(1);
    const out = io.lines.join('\n');
    expect(out).toMatch(/3\s+imported/);
    expect(out).toMatch(/9\s+rejected/);
    expect(out).toMatch(/unknown unit "不存在的局".*create it first/);
    expect(out).toContain('historic.rejected.csv');

    const report = reportRows(join(dir, 'historic.rejected.csv'));
    expect(report[0]).toEqual(['行号 row', '结果 status', '原因 reason', ...CN_HEADERS]);
    const byRow = new Map(report.slice(1).map((r) => [Number(r[0]), r]));
    expect([...byRow.keys()]).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(byRow.get(5)![2]).toMatch(/not <unit code>-<year>-<6-digit serial>/);
    expect(byRow.get(7)![2]).toMatch(/belongs to unit/);
    expect(byRow.get(8)![2]).toMatch(/标题 \(title\) is empty/);
    expect(byRow.get(9)![2]).toMatch(/is not a date/);
    expect(byRow.get(10)![2]).toMatch(/not a catalogue category/);
    expect(byRow.get(11)![2]).toMatch(/starts at 000001/);
    expect(byRow.get(12)![2]).toMatch(/before 成文日期/);
    expect(byRow.get(13)![2]).toMatch(/no date/);
    // The original cells follow the reason, so the report can be corrected and imported again.
    expect(byRow.get(6)!.slice(3, 5)).toEqual([`${A}-2015-000008`, '未知单位']);

    expect((await entries([good1, good2, good3])).map((e) => [e.index_no, e.document_id])).toEqual([
      [good1, null],
      [good2, null],
      [good3, null],
    ]);
    expect(await counter(d.unitA.id, 2015)).toBe(12);
    expect(await counter(d.unitB.id, 2016)).toBe(1);
    expect(await changes(good1)).toBe(1);
    const prov = await t.sql<{ source_file: string; source_row: number; written_on: string }>(
      `SELECT source_file, source_row, written_on::text FROM catalogue_imports WHERE index_no = $1`,
      [good1],
    );
    expect(prov).toEqual([{ source_file: 'historic.csv', source_row: 2, written_on: '2015-03-02' }]);

    // The public catalogue shows them, with the Chinese category and date read right, and finds them.
    const entry = await t.http.get(`/api/v1/catalogue/${good1}`);
    expect(entry.status).toBe(200);
    expect(entry.body).toMatchObject({
      indexNo: good1,
      documentId: null,
      title: '关于印发《区级部门预算管理办法》的通知',
      category: 'rules_and_normative_documents',
      documentNumber: '区财政发〔2015〕7号',
      docType: 'other',
      publishedAt: '2015-03-04T16:00:00.000Z',
      unit: { code: A },
    });
    expect(entry.body.body).toContain('第一条 为规范预算管理');
    const found = await t.http.get(`/api/v1/catalogue?q=${encodeURIComponent('预算管理办法')}`);
    expect(found.body.items.map((i: { indexNo: string }) => i.indexNo)).toContain(good1);
    expect((await t.http.get(`/api/v1/catalogue/${good1}/attachments`)).body).toEqual({ items: [], nextCursor: null });
    const changesFeed = await t.http.get('/api/v1/catalogue/changes?after=0&limit=100');
    expect(changesFeed.body.changes.filter((c: { indexNo: string }) => [good1, good2, good3].includes(c.indexNo))).toHaveLength(3);
    const verify = await t.http.get('/api/v1/audit/verify').set(bearer(t.adminToken));
    expect(verify.body.ok).toBe(true);
    expect((await t.sql(`SELECT 1 FROM audit_log WHERE action = 'catalogue.import'`)).length).toBeGreaterThanOrEqual(1);

    // Re-running is idempotent: the same rows are skipped, nothing is written twice.
    const again = capture();
    expect(await runCatalogueImportCli([file], env, again)).toBe(1);
    expect(again.lines.join('\n')).toMatch(/0\s+imported[\s\S]*3\s+skipped[\s\S]*0\s+conflicts[\s\S]*9\s+rejected/);
    expect(await changes(good1)).toBe(1);

    // Same index number, other content: a conflict, reported, not overwritten.
    const changed = rows.map((r) => [...r]);
    changed[1][1] = '关于印发《区级部门预算管理办法》的通知（修订）';
    const file2 = join(dir, 'historic-changed.csv');
    writeFileSync(file2, csv(changed.slice(0, 3)));
    const io2 = capture();
    expect(await runCatalogueImportCli([file2], env, io2)).toBe(1);
    expect(io2.lines.join('\n')).toMatch(/1\s+conflicts/);
    expect(io2.lines.join('\n')).toMatch(new RegExp(`${good1}: conflict: .*different title: not overwritten`));
    expect((await entries([good1]))[0].title).toBe('关于印发《区级部门预算管理办法》的通知');
    expect(reportRows(join(dir, 'historic-changed.rejected.csv'))[1][1]).toMatch(/conflict/);
  });

  it('imports XLSX with English headers, date cells, rich text and formulas; continues the serials after the imported maximum', async () => {
    const A = d.unitA.code;
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('notes').addRow(['this sheet is empty of entries']);
    const ws = wb.addWorksheet('catalogue');
    ws.addRow(['Index No', 'Title', 'Summary', 'Unit', 'Category', 'Document number', 'Published on', 'Body', 'Doc type']);
    ws.addRow([`${A}-${YEAR}-000040`, { richText: [{ text: '关于' }, { text: '开展安全生产检查的通知' }] }, 'Inspection notice', A, '监督检查', '', new Date(Date.UTC(YEAR, 0, 15)), '检查安排如下。', '通知']);
    ws.addRow([`${A}-${YEAR}-000041`, 'Annual statistics bulletin', '', '发展和改革委员会', 'statistics', '', `${YEAR}-01-20 09:30`, 'Statistics.', 'report']);
    ws.addRow([`${A}-${YEAR}-000039`, { formula: '"Fees "&"schedule"', result: 'Fees schedule' }, '', A, 'fees', '', `${YEAR}年1月10日`, '', '']);
    const file = join(dir, 'catalogue.xlsx');
    await wb.xlsx.writeFile(file);

    // A running service's cached catalogue page is cleared by the import's NOTIFY.
    const before = await t.http.get(`/api/v1/catalogue?unit=${A}`);
    expect(before.body.items.map((i: { indexNo: string }) => i.indexNo)).not.toContain(`${A}-${YEAR}-000040`);
    const table = await readTable(file, { sheet: 'catalogue' });
    expect(table.headers[0]).toBe('Index No');
    const summary = await new CatalogueImporter(ds).run(table, { sourceName: 'catalogue.xlsx' });
    expect(summary).toMatchObject({ total: 3, imported: 3, rejected: 0, conflicts: 0 });
    let listed: string[] = [];
    for (let i = 0; i < 40 && !listed.includes(`${A}-${YEAR}-000040`); i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 50));
      listed = (await t.http.get(`/api/v1/catalogue?unit=${A}`)).body.items.map((x: { indexNo: string }) => x.indexNo);
    }
    expect(listed).toEqual(expect.arrayContaining([`${A}-${YEAR}-000039`, `${A}-${YEAR}-000040`, `${A}-${YEAR}-000041`]));
    const got = await t.http.get(`/api/v1/catalogue/${A}-${YEAR}-000040`);
    expect(got.body).toMatchObject({ title: '关于开展安全生产检查的通知', category: 'inspections', docType: 'notice', publishedAt: new Date(`${YEAR}-01-15T00:00:00+08:00`).toISOString() });
    expect((await t.http.get(`/api/v1/catalogue/${A}-${YEAR}-000041`)).body.publishedAt).toBe(new Date(`${YEAR}-01-20T09:30:00+08:00`).toISOString());
    expect((await t.http.get(`/api/v1/catalogue/${A}-${YEAR}-000039`)).body.title).toBe('Fees schedule');
    expect(await counter(d.unitA.id, YEAR)).toBe(41);

    // The next publication of unit A this year continues after the imported maximum.
    const doc = await walk(t, d, 'drafterA', FULL_CHAIN);
    expect(doc.state).toBe('published');
    expect(doc.indexNo).toBe(`${A}-${YEAR}-000042`);

    // The CLI reads the first sheet with data unless told: here that sheet has no usable header.
    const io = capture();
    expect(await runCatalogueImportCli([file], env, io)).toBe(2);
    expect(io.errors.join('\n')).toMatch(/header row cannot be used/);
    const io2 = capture();
    expect(await runCatalogueImportCli([file, '--sheet', 'catalogue'], env, io2)).toBe(0);
    expect(io2.lines.join('\n')).toMatch(/3\s+skipped/);
  });

  it('a half-bad file keeps only the good rows: a row the database refuses leaves nothing behind', async () => {
    const B = d.unitB.code;
    const rows = [
      ['indexNo', 'title', 'unit', 'publishedOn', 'body'],
      [`${B}-2017-000001`, 'good one', B, '2017-01-01', ''],
      [`${B}-2017-000099`, 'refused by the database', B, '2017-01-02', ''],
      [`${B}-2017-000002`, 'good two', B, '2017-01-03', ''],
    ];
    // A failure after the entry and the counter were written, inside the row's savepoint.
    await t.sql(`CREATE FUNCTION test_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
                 BEGIN RAISE EXCEPTION 'refused for the test'; END $$`);
    await t.sql(`CREATE TRIGGER test_refuse_change BEFORE INSERT ON catalogue_changes FOR EACH ROW
                 WHEN (NEW.index_no = '${B}-2017-000099') EXECUTE FUNCTION test_refuse_change()`);
    try {
      const file = join(dir, 'half-bad.csv');
      writeFileSync(file, csv(rows));
      const io = capture();
      expect(await runCatalogueImportCli([file, '--batch', '2'], env, io)).toBe(1);
      expect(io.lines.join('\n')).toMatch(/2\s+imported[\s\S]*1\s+rejected/);
      expect(io.lines.join('\n')).toMatch(/database refused the row: refused for the test/);
    } finally {
      await t.sql(`DROP TRIGGER test_refuse_change ON catalogue_changes`);
      await t.sql(`DROP FUNCTION test_refuse_change()`);
    }
    expect((await entries([`${B}-2017-000001`, `${B}-2017-000002`, `${B}-2017-000099`])).map((e) => e.index_no)).toEqual([`${B}-2017-000001`, `${B}-2017-000002`]);
    expect(await counter(d.unitB.id, 2017)).toBe(2);
    expect((await t.sql(`SELECT 1 FROM catalogue_imports WHERE index_no = $1`, [`${B}-2017-000099`])).length).toBe(0);
  });

  it('dry run writes nothing; GB18030 CSV is read; bad invocations exit 2 before touching the database', async () => {
    const A = d.unitA.code;
    // A GB18030 file as saved by a Chinese Excel (the bytes of the Chinese words, written out).
    const gbHeader = Buffer.from([0xcb, 0xf7, 0xd2, 0xfd, 0xba, 0xc5]); // 索引号
    const gbTitle = Buffer.from([0xb1, 0xea, 0xcc, 0xe2]); // 标题
    const gbUnit = Buffer.from([0xb7, 0xa2, 0xb2, 0xbc, 0xbb, 0xfa, 0xb9, 0xb9]); // 发布机构
    const gbDate = Buffer.from([0xb7, 0xa2, 0xb2, 0xbc, 0xc8, 0xd5, 0xc6, 0xda]); // 发布日期
    const gbValue = Buffer.from([0xcd, 0xa8, 0xd6, 0xaa]); // 通知
    const gb = Buffer.concat([
      gbHeader, Buffer.from(','), gbTitle, Buffer.from(','), gbUnit, Buffer.from(','), gbDate, Buffer.from('\r\n'),
      Buffer.from(`${A}-2014-000001,`), gbValue, Buffer.from(`,${A},2014-06-01\r\n`),
    ]);
    const file = join(dir, 'gbk.csv');
    writeFileSync(file, gb);
    const io = capture();
    expect(await runCatalogueImportCli([file, '--dry-run'], env, io)).toBe(0);
    expect(io.lines[0]).toMatch(/GB18030.*dry run/);
    expect(io.lines.join('\n')).toMatch(/1\s+would be imported/);
    expect(await entries([`${A}-2014-000001`])).toEqual([]);
    expect(await counter(d.unitA.id, 2014)).toBeNull();
    const real = capture();
    expect(await runCatalogueImportCli([file], env, real)).toBe(0);
    expect((await entries([`${A}-2014-000001`]))[0].title).toBe('通知');

    const missing = capture();
    expect(await runCatalogueImportCli([join(dir, 'nope.csv')], env, missing)).toBe(2);
    expect(missing.errors.join('\n')).toMatch(/cannot read/);
    const noColumns = join(dir, 'no-columns.csv');
    writeFileSync(noColumns, csv([['name', 'value'], ['a', 'b']]));
    const io2 = capture();
    expect(await runCatalogueImportCli([noColumns], env, io2)).toBe(2);
    expect(io2.errors.join('\n')).toMatch(/no column for indexNo[\s\S]*no date column/);
    const io3 = capture();
    expect(await runCatalogueImportCli([], env, io3)).toBe(2);
    expect(await runCatalogueImportCli(['a.csv', '--bogus'], env, capture())).toBe(2);
    expect(await runCatalogueImportCli(['notes.txt.pdf'], env, capture())).toBe(2);
    const help = capture();
    expect(await runCatalogueImportCli(['--help'], env, help)).toBe(0);
    expect(help.lines.join('\n')).toMatch(/索引号 indexNo/);
    const badDb = capture();
    expect(await runCatalogueImportCli([file], { DATABASE_URL: 'postgres://nobody:wrong@127.0.0.1:1/none', MIGRATIONS_RUN: 'true' }, badDb)).toBe(3);
  });
});
