import { categoryOf, contentHash, docTypeOf, mapHeaders, normaliseHeader, parseChinaDate, validateRow } from './import-row.js';
import { decodeText, detectDelimiter, readCsv } from './import-source.js';

describe('catalogue import: headers', () => {
  it('maps Chinese and English headers, with notes, stars, full-width and case ignored', () => {
    const m = mapHeaders(['索引号*', 'Title', '摘要（选填）', '发布机构', 'CATEGORY', '文号', '成文日期', 'published_on', '正文', '备注']);
    expect(m.errors).toEqual([]);
    expect(m.columns).toMatchObject({ indexNo: 0, title: 1, summary: 2, unit: 3, category: 4, documentNumber: 5, writtenOn: 6, publishedOn: 7, body: 8 });
    expect(m.ignored).toEqual(['备注']);
    expect(normaliseHeader('\ufeff Index No. ')).toBe('indexno');
  });

  it('names what is missing or given twice', () => {
    expect(mapHeaders(['title', 'unit']).errors).toEqual([expect.stringMatching(/indexNo/), expect.stringMatching(/no date column/)]);
    expect(mapHeaders(['索引号', 'indexNo', '标题', '单位', '发布日期']).errors).toEqual([expect.stringMatching(/both give indexNo/)]);
  });
});

describe('catalogue import: values', () => {
  it('reads the dates people write', () => {
    for (const v of ['2019-05-15', '2019/5/15', '2019.5.15', '2019年5月15日', '20190515', ' 2019 年 5 月 15 日 ', '２０１９－０５－１５', 20190515, new Date(Date.UTC(2019, 4, 15)), 43600]) {
      expect({ v, d: parseChinaDate(v) }).toEqual({ v, d: { date: '2019-05-15', time: '00:00:00' } });
    }
    expect(parseChinaDate('2019-05-15 9:30')).toEqual({ date: '2019-05-15', time: '09:30:00' });
    expect(parseChinaDate('2019-05-15T09:30:15+08:00')).toEqual({ date: '2019-05-15', time: '09:30:15' });
    for (const v of ['2019-02-29', '2019-13-01', '15/05/2019', 'yesterday', '2019-05-15T09:30:00Z', 12, '2019-05-15 25:00']) expect(parseChinaDate(v)).toBe('invalid');
    expect(parseChinaDate('')).toBeNull();
    expect(parseChinaDate(undefined)).toBeNull();
  });

  it('reads categories and document types by code or Chinese name', () => {
    expect(categoryOf('财政预算、决算')).toBe('budgets_and_accounts');
    expect(categoryOf('财政预算决算')).toBe('budgets_and_accounts');
    expect(categoryOf(' Rules_And_Normative_Documents ')).toBe('rules_and_normative_documents');
    expect(categoryOf('公务员招考')).toBe('civil_service_recruitment');
    expect(categoryOf('天气')).toBeNull();
    expect(docTypeOf('会议纪要')).toBe('minutes');
    expect(docTypeOf('批复')).toBe('reply');
  });

  it('validates a row and reports every problem', () => {
    const cols = { indexNo: 0, title: 1, unit: 2, publishedOn: 3 };
    const now = new Date('2026-06-01T00:00:00Z');
    const ok = validateRow({ rowNumber: 2, cells: [' ｆｇｗ-2019-000017 ', '标题', 'FGW', '2019-05-15'] }, cols, now);
    expect(ok).toMatchObject({ ok: true, row: { indexNo: 'FGW-2019-000017', unitCode: 'FGW', year: 2019, serial: 17, publishedAt: '2019-05-15T00:00:00+08:00', docType: 'other' } });
    const bad = validateRow({ rowNumber: 3, cells: ['FGW-2027-000001', '', '', '2027-01-01'] }, cols, now);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reasons).toEqual([
      expect.stringMatching(/year 2027/),
      expect.stringMatching(/标题/),
      expect.stringMatching(/发布机构/),
      expect.stringMatching(/in the future/),
    ]);
  });

  it('refuses a row whose text holds a control character (the feeds could not carry it), naming the column', () => {
    const cols = { indexNo: 0, title: 1, unit: 2, publishedOn: 3, body: 4 };
    const bad = validateRow({ rowNumber: 2, cells: ['FGW-2019-000017', '标题\u000b续', 'FGW', '2019-05-15', '正文\u001b'] }, cols);
    expect(!bad.ok && bad.reasons).toEqual([expect.stringMatching(/^标题 \(title\) contains a control character \(U\+000B\)/), expect.stringMatching(/^正文 \(body\) contains a control character \(U\+001B\)/)]);
    expect(validateRow({ rowNumber: 3, cells: ['FGW-2019-000018', '标题', 'FGW', '2019-05-15', '第一段\t缩进\n第二段'] }, cols).ok).toBe(true);
  });

  it('the content hash ignores where the row was and how the unit was written', () => {
    const cols = { indexNo: 0, title: 1, unit: 2, publishedOn: 3 };
    const a = validateRow({ rowNumber: 2, cells: ['FGW-2019-000017', '标题', 'FGW', '2019-05-15'] }, cols);
    const b = validateRow({ rowNumber: 9, cells: ['FGW-2019-000017', '标题', '发改委', '2019年5月15日'] }, cols);
    if (!a.ok || !b.ok) throw new Error('rows should be valid');
    expect(contentHash(a.row, 'u1')).toBe(contentHash(b.row, 'u1'));
    expect(contentHash(a.row, 'u1')).not.toBe(contentHash(a.row, 'u2'));
  });
});

describe('catalogue import: CSV decoding', () => {
  it('UTF-8 with and without BOM, UTF-16LE, GB18030', () => {
    expect(decodeText(Buffer.from('\ufeff索引号', 'utf8'))).toEqual({ text: '索引号', encoding: 'UTF-8 (BOM)' });
    expect(decodeText(Buffer.from('索引号', 'utf8')).encoding).toBe('UTF-8');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('索引号', 'utf16le')])).text).toBe('索引号');
    expect(decodeText(Buffer.from([0xcb, 0xf7, 0xd2, 0xfd, 0xba, 0xc5]))).toEqual({ text: '索引号', encoding: 'GB18030' });
  });

  it('finds the delimiter and numbers rows as a spreadsheet does', () => {
    expect(detectDelimiter('a\tb\tc\n1,2\t3')).toBe('\t');
    expect(detectDelimiter('"a,b";c;d')).toBe(';');
    const t = readCsv(Buffer.from('索引号,标题\r\nA-2019-000001,"多行\r\n标题"\r\n\r\nA-2019-000002,x\r\n'));
    expect(t.rows.map((r) => [r.rowNumber, r.cells[1]])).toEqual([
      [2, '多行\r\n标题'],
      [4, 'x'],
    ]);
  });
});
