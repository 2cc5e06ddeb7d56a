import ExcelJS from 'exceljs';
import { computeAnnualReport } from './annual-report.js';
import { escapeHtml, toCsv, toHtml, toXlsx } from './exports.js';
import type { AnnualReport, ApplicationRecord } from './types.js';

const cst = (local: string) => new Date(`${local}+08:00`);

const apps: ApplicationRecord[] = [
  { id: '1', applicantType: 'natural_person', receivedAt: cst('2020-12-28T09:00'), repliedAt: cst('2021-01-04T10:00'), outcome: 'disclosed', reason: null },
  { id: '2', applicantType: 'commercial_enterprise', receivedAt: cst('2021-02-01T09:00'), repliedAt: cst('2021-02-20T10:00'), outcome: 'other', reason: 'correction_overdue' },
  { id: '3', applicantType: 'natural_person', receivedAt: cst('2021-03-01T09:00'), repliedAt: null, outcome: null, reason: null },
];

function report2021(): AnnualReport {
  return computeAnnualReport({
    year: 2021,
    applications: apps,
    appeals: [{ kind: 'litigation', filedAt: cst('2021-05-01T09:00'), concludedAt: null, result: null }],
    inputs: { licensing: { decisions: 12 }, penalty: { decisions: 3 }, coercion: { decisions: 0 }, fees: { amount: 1.5 } },
  });
}

function report2020(): AnnualReport {
  return computeAnnualReport({ year: 2020, applications: apps, inputs: { procurement: { items: 2, amount: 30 } } });
}

async function readBack(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return wb;
}

const merges = (ws: ExcelJS.Worksheet) => [...(ws.model.merges as string[])].sort();

describe('CSV', () => {
  it('is UTF-8 with BOM, one section per table, Chinese labels', () => {
    const csv = toCsv(report2021());
    expect(csv.startsWith('\uFEFF2021年度政府信息公开工作年度报告\r\n')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    for (const title of ['二、主动公开政府信息情况', '三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况']) {
      expect(lines).toContain(title);
    }
    expect(lines).toContain('信息内容,本年制发件数,本年废止件数,现行有效件数');
    expect(lines).toContain('行政许可,12');
    expect(lines).toContain('行政事业性收费,1.5');
    expect(lines).toContain('一、本年新收政府信息公开申请数量,,,1,1,0,0,0,0,2');
    expect(lines).toContain('三、本年度办理结果,（六）其他处理,1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请,0,1,0,0,0,0,1');
    expect(lines).toContain('四、结转下年度继续办理,,,1,0,0,0,0,0,1');
    expect(lines).toContain(',,,,商业企业,科研机构,社会公益组织,法律服务机构,其他,');
    expect(lines).toContain('结果维持,结果纠正,其他结果,尚未审结,总计,结果维持,结果纠正,其他结果,尚未审结,总计,结果维持,结果纠正,其他结果,尚未审结,总计');
    expect(lines).toContain('0,0,0,0,0,0,0,0,1,1,0,0,0,0,0');
  });

  it('2019 template: its own sections, empty cells for figures not entered', () => {
    const lines = toCsv(report2020()).split('\r\n');
    expect(lines).toContain('信息内容,本年新制作数量,本年新公开数量,对外公开总数量');
    expect(lines).toContain('规范性文件,0,0,0');
    expect(lines).toContain('其他对外管理服务事项,,,');
    expect(lines).toContain('政府集中采购,2,30');
    expect(lines).toContain('三、本年度办理结果,（六）其他处理,,0,0,0,0,0,0,0');
  });
});

describe('XLSX', () => {
  it('has one worksheet per table with the official merged layout (2021)', async () => {
    const wb = await readBack(await toXlsx(report2021()));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
    ]);

    const t2 = wb.worksheets[0];
    expect(merges(t2)).toEqual(
      ['A1:D1', 'A2:D2', 'A6:D6', 'B7:D7', 'B8:D8', 'A9:D9', 'B10:D10', 'B11:D11', 'B12:D12', 'A13:D13', 'B14:D14', 'B15:D15'].sort(),
    );
    expect(t2.getCell('A2').value).toBe('第二十条第（一）项');
    expect(t2.getCell('B3').value).toBe('本年制发件数');
    expect(t2.getCell('A5').value).toBe('行政规范性文件');
    expect(t2.getCell('B8').value).toBe(12);
    expect(t2.getCell('B14').value).toBe('本年收费金额（单位：万元）');
    expect(t2.getCell('B15').value).toBe(1.5);

    const t3 = wb.worksheets[1];
    expect(merges(t3)).toEqual(
      [
        'A1:J1', // caption
        'A2:C4', // 勾稽关系 note
        'D2:J2', // 申请人情况
        'D3:D4', // 自然人
        'E3:I3', // 法人或其他组织
        'J3:J4', // 总计
        'A5:C5',
        'A6:C6',
        'A7:A28', // 三、本年度办理结果
        'B7:C7',
        'B8:C8',
        'B9:B16', // （三）不予公开
        'B17:B19', // （四）无法提供
        'B20:B24', // （五）不予处理
        'B25:B27', // （六）其他处理
        'B28:C28', // （七）总计
        'A29:C29',
      ].sort(),
    );
    expect(t3.getCell('A2').value).toBe('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）');
    expect(t3.getCell('D2').value).toBe('申请人情况');
    expect(t3.getCell('E3').value).toBe('法人或其他组织');
    expect(t3.getCell('E4').value).toBe('商业企业');
    expect(t3.getCell('A7').value).toBe('三、本年度办理结果');
    expect(t3.getCell('B9').value).toBe('（三）不予公开');
    expect(t3.getCell('C9').value).toBe('1.属于国家秘密');
    expect(t3.getCell('A5').value).toBe('一、本年新收政府信息公开申请数量');
    expect(t3.getCell('J5').value).toBe(2);
    expect(t3.getCell('E25').value).toBe(1);
    expect(t3.getCell('C27').border?.bottom?.style).toBe('thin');
    expect(t3.getColumn(3).width).toBeGreaterThan(40);

    const t4 = wb.worksheets[2];
    expect(merges(t4)).toEqual(
      ['A1:O1', 'A2:E2', 'F2:O2', 'A3:A4', 'B3:B4', 'C3:C4', 'D3:D4', 'E3:E4', 'F3:J3', 'K3:O3'].sort(),
    );
    expect(t4.getCell('A2').value).toBe('行政复议');
    expect(t4.getCell('F2').value).toBe('行政诉讼');
    expect(t4.getCell('F3').value).toBe('未经复议直接起诉');
    expect(t4.getCell('K3').value).toBe('复议后起诉');
    expect(t4.getCell('I4').value).toBe('尚未审结');
    expect(t4.getCell('I5').value).toBe(1);
    expect(t4.getCell('J5').value).toBe(1);
  });

  it('2019 template: 20 result rows, single 其他处理 row, 第二十条第（九）项', async () => {
    const wb = await readBack(await toXlsx(report2020()));
    const t3 = wb.worksheets[1];
    const m = merges(t3);
    expect(m).toContain('A7:A26');
    expect(m).toContain('B25:C25');
    expect(m).toContain('B26:C26');
    expect(m).toContain('A27:C27');
    expect(t3.getCell('B25').value).toBe('（六）其他处理');
    const t2 = wb.worksheets[0];
    // 6-column figure grid: three figures span two columns each, two figures three each
    expect(merges(t2)).toEqual(expect.arrayContaining(['A1:G1', 'B3:C3', 'D3:E3', 'F3:G3', 'B18:D18', 'E18:G18']));
    expect(t2.getCell('A17').value).toBe('第二十条第（九）项');
    expect(t2.getCell('A19').value).toBe('政府集中采购');
    expect(t2.getCell('B19').value).toBe(2);
    expect(t2.getCell('E19').value).toBe(30);
  });
});

describe('HTML', () => {
  it('escapes every piece of text', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const html = toHtml(report2021(), {
      title: '<script>alert("x")</script> 区政府 & 办公室',
      narrative: { overall: '第一段 <b>加粗</b>\n\n第二段 & "引号"', other: "无'" },
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; 区政府 &amp; 办公室</title>');
    expect(html).toContain('<p>第一段 &lt;b&gt;加粗&lt;/b&gt;</p>\n<p>第二段 &amp; &quot;引号&quot;</p>');
    expect(html).toContain('<p>无&#39;</p>');
  });

  it('is a standalone printable page with the official row/column spans', () => {
    const html = toHtml(report2021(), { title: '2021年度政府信息公开工作年度报告' });
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('@media print');
    expect(html).toContain('@page');
    expect(html).toContain('<th rowspan="3" colspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>');
    expect(html).toContain('<th colspan="7">申请人情况</th>');
    expect(html).toContain('<th colspan="5">法人或其他组织</th>');
    expect(html).toContain('<td rowspan="22" class="label">三、本年度办理结果</td>');
    expect(html).toContain('<td rowspan="8" class="label">（三）不予公开</td>');
    expect(html).toContain('<th colspan="10">行政诉讼</th>');
    expect(html).toContain('<th colspan="4">第二十条第（一）项</th>');
    // sections without narrative text are left out; the table sections keep their official numbers
    expect(html).not.toContain('一、总体情况');
    expect(html).toContain('<h2>四、政府信息公开行政复议、行政诉讼情况</h2>');
    expect(toHtml(report2020(), { title: 't' })).toContain('<td rowspan="20" class="label">三、本年度办理结果</td>');
  });

  it('every table row of Table 3 covers exactly ten grid columns', () => {
    const html = toHtml(report2021(), { title: 't' });
    const table = html.slice(html.indexOf('<table class="t-applications">'), html.indexOf('</table>', html.indexOf('t-applications')));
    const rows = [...table.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => m[1]);
    // Simulate the HTML table layout: cells covered by rowspans from earlier rows count too.
    const carry: number[] = new Array(10).fill(0);
    for (const row of rows) {
      let col = 0;
      const next = carry.map((c) => Math.max(0, c - 1));
      for (const m of row.matchAll(/<t[hd]([^>]*)>/g)) {
        while (carry[col] > 0) col++;
        const rs = Number(/rowspan="(\d+)"/.exec(m[1])?.[1] ?? 1);
        const cs = Number(/colspan="(\d+)"/.exec(m[1])?.[1] ?? 1);
        for (let k = 0; k < cs; k++) next[col + k] = rs - 1;
        col += cs;
      }
      while (col < 10 && carry[col] > 0) col++;
      expect(col).toBe(10);
      carry.splice(0, 10, ...next);
    }
    expect(rows).toHaveLength(3 + 25);
  });
});
