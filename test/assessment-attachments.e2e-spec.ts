/** The gate sees into attachments: personal data in a spreadsheet blocks publication; an image needs a reviewer's look. */
import ExcelJS from 'exceljs';
import { crc32, deflateSync } from 'node:zlib';
import { bearer, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';

function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from([0, 0, 0, 0]))), chunk('IEND', Buffer.alloc(0))]);
}

describe('assessment of attachments', () => {
  let t: TestApp;
  let d: District;
  beforeAll(async () => {
    t = await startTestApp();
    d = await seedDistrict(t);
  });
  afterAll(() => t.close());

  const attach = async (id: string, version: number, name: string, file: Buffer) => {
    const res = await t.http.post(`/api/v1/documents/${id}/attachments`).set(bearer(d.tokens.drafterA)).set('If-Match', `"${version}"`).attach('file', file, name);
    expect(res.status).toBe(201);
    return Number(String(res.headers.etag).replace(/"/g, ''));
  };
  const step = (id: string, who: string, version: number, body: Record<string, unknown>) =>
    t.http.post(`/api/v1/documents/${id}/transitions`).set(bearer(d.tokens[who])).set('If-Match', `"${version}"`).send(body);

  it('personal data in an attachment is found and blocks proactive publication', async () => {
    const doc = await walk(t, d, 'drafterA', []);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('名单').addRow(['张三', '13800138000']);
    let v = await attach(doc.id, doc.version, '补助名单.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const a = await t.http.get(`/api/v1/documents/${doc.id}/assessment`).set(bearer(d.tokens.drafterA));
    const f = a.body.findings.find((x: { kind: string }) => x.kind === 'mobile_phone');
    expect(f.source).toMatch(/^attachment:/);
    expect(JSON.stringify(a.body)).not.toContain('13800138000');
    v = (await step(doc.id, 'drafterA', v, { action: 'submit' })).body.version;
    expect((await step(doc.id, 'reviewerA', v, { action: 'approve' })).status).toBe(409);
    v = (await step(doc.id, 'reviewerA', v, { action: 'approve', findingsAcknowledged: true })).body.version;
    // Attachment findings cannot be redacted by span.
    expect((await t.http.post(`/api/v1/documents/${doc.id}/redactions`).set(bearer(d.tokens.officer)).set('If-Match', `"${v}"`).send({ findingId: f.id })).status).toBe(400);
    v = (await step(doc.id, 'officer', v, { action: 'approve' })).body.version;
    const res = await step(doc.id, 'leaderA', v, { action: 'approve' });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/attachment/);
  });

  it('an image cannot be scanned: the secrecy reviewer must acknowledge it, then it may be published', async () => {
    const doc = await walk(t, d, 'drafterA', []);
    let v = await attach(doc.id, doc.version, '现场照片.png', png());
    v = (await step(doc.id, 'drafterA', v, { action: 'submit' })).body.version;
    const refused = await step(doc.id, 'reviewerA', v, { action: 'approve' });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/unscanned_attachment/);
    v = (await step(doc.id, 'reviewerA', v, { action: 'approve', findingsAcknowledged: true })).body.version;
    v = (await step(doc.id, 'officer', v, { action: 'approve' })).body.version;
    const signed = await step(doc.id, 'leaderA', v, { action: 'approve' });
    expect(signed.status).toBe(200);
    expect(signed.body.state).toBe('published');
    const files = await t.http.get(`/api/v1/catalogue/${signed.body.indexNo}/attachments`);
    expect(files.status).toBe(200);
  });
});
