import { createHash } from 'node:crypto';
import { crc32, deflateRawSync, deflateSync } from 'node:zlib';
import { Document as DocxDocument, Packer, Paragraph, TextRun } from 'docx';
import ExcelJS from 'exceljs';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { DataSource } from 'typeorm';
import { AttachmentsRepository } from '../src/modules/attachments/attachments.repository.js';
import { binary, FULL_CHAIN, bearer, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';

// ---------------------------------------------------------------------------------------------
// Files made in the test.

async function makePdf(lines: string[]): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  lines.forEach((l, i) => page.drawText(l, { x: 50, y: 750 - i * 20, font, size: 12 }));
  return Buffer.from(await pdf.save());
}

async function makeDocx(paragraphs: string[]): Promise<Buffer> {
  const doc = new DocxDocument({ sections: [{ children: paragraphs.map((p) => new Paragraph({ children: [new TextRun(p)] })) }] });
  return Buffer.from(await Packer.toBuffer(doc));
}

async function makeXlsx(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名单');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A real RGB PNG; with `noise`, pixels are random so the file is about width*height*3 bytes. */
function makePng(width = 2, height = 2, noise = false): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc((width * 3 + 1) * height);
  if (noise) for (let i = 0; i < raw.length; i += 4) raw.writeUInt32LE((Math.random() * 0xffffffff) >>> 0, Math.min(i, raw.length - 4));
  for (let y = 0; y < height; y++) raw[y * (width * 3 + 1)] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw, { level: noise ? 0 : 6 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function makeJpeg(): Buffer {
  // SOI + JFIF APP0 + EOI: enough for type detection (no text is read from images).
  return Buffer.from([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9,
  ]);
}

/** A ZIP archive (deflated entries), as OFD files are. */
function makeZip(entries: [string, string | Buffer][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
    const packed = deflateRawSync(data);
    const nameBuf = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, packed);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function makeOfd(pages: string[]): Buffer {
  const ns = 'xmlns:ofd="http://www.ofdspec.org/2016"';
  return makeZip([
    ['OFD.xml', `<?xml version="1.0" encoding="UTF-8"?><ofd:OFD ${ns} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`],
    [
      'Doc_0/Document.xml',
      `<?xml version="1.0" encoding="UTF-8"?><ofd:Document ${ns}><ofd:Pages>${pages.map((_, i) => `<ofd:Page ID="${i + 1}" BaseLoc="Pages/Page_${i}/Content.xml"/>`).join('')}</ofd:Pages></ofd:Document>`,
    ],
    ...pages.map((text, i): [string, string] => [
      `Doc_0/Pages/Page_${i}/Content.xml`,
      `<?xml version="1.0" encoding="UTF-8"?><ofd:Page ${ns}><ofd:Content><ofd:Layer><ofd:TextObject ID="9"><ofd:TextCode X="0" Y="10">${text}</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>`,
    ]),
  ]);
}

const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(400)]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Supertest: keep the response body as bytes whatever its type. */
/** The file name from a Content-Disposition, as a browser reads it (filename* wins). */
function dispositionName(header: string): { ascii: string | null; utf8: string | null; type: string } {
  const ascii = /filename="([^"]*)"/.exec(header)?.[1] ?? null;
  const star = /filename\*=UTF-8''([^;\s]+)/i.exec(header)?.[1];
  return { type: header.split(';')[0].trim(), ascii, utf8: star ? decodeURIComponent(star) : null };
}

// ---------------------------------------------------------------------------------------------

describe('attachments of the signing-and-approval form', () => {
  let t: TestApp;
  let d: District;
  let pdf: Buffer;
  let docx: Buffer;
  const CN_NAME = '关于印发《政府信息公开工作规则》的通知（2026年）.pdf';

  beforeAll(async () => {
    t = await startTestApp();
    d = await seedDistrict(t);
    pdf = await makePdf(['Budget transparency rules for 2026', 'Annex: procurement schedule']);
    docx = await makeDocx(['关于印发政府信息公开工作规则的通知', '各街道办事处：现将规则印发给你们。']);
  });
  afterAll(() => t.close());

  const upload = (docId: string, version: number | null, bytes: Buffer, name: string, who = 'drafterA') => {
    const req = t.http.post(`/api/v1/documents/${docId}/attachments`).set(bearer(d.tokens[who]));
    if (version !== null) req.set('If-Match', `"${version}"`);
    return req.attach('file', bytes, { filename: name, contentType: 'application/octet-stream' });
  };
  const countOf = async (docId: string) => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM attachments WHERE document_id = $1`, [docId]))[0].n;
  const versionOf = async (docId: string) => (await t.sql<{ version: number }>(`SELECT version FROM documents WHERE id = $1`, [docId]))[0].version;

  it('uploads a PDF: 201, type from the content, the document’s new version as ETag, text extracted, history and audit', async () => {
    const doc = await walk(t, d, 'drafterA', []);
    const res = await upload(doc.id, 1, pdf, CN_NAME);
    expect(res.status).toBe(201);
    expect(res.headers.etag).toBe('"2"');
    expect(res.headers.location).toBe(`/api/v1/documents/${doc.id}/attachments/${res.body.id}`);
    expect(res.body).toMatchObject({
      documentId: doc.id,
      fileName: CN_NAME,
      mediaType: 'application/pdf',
      size: pdf.length,
      sha256: sha(pdf),
      textStatus: 'extracted',
      createdBy: d.ids.drafterA,
      documentVersion: 2,
    });
    const got = await t.http.get(`/api/v1/documents/${doc.id}`).set(bearer(d.tokens.drafterA));
    expect(got.headers.etag).toBe('"2"');
    const [row] = await t.sql<{ text: string }>(`SELECT text FROM attachments WHERE id = $1`, [res.body.id]);
    expect(row.text).toContain('Budget transparency rules for 2026');
    expect(row.text).toContain('procurement schedule');
    const history = await t.http.get(`/api/v1/documents/${doc.id}/history`).set(bearer(d.tokens.drafterA));
    expect(history.body.map((h: { action: string }) => h.action)).toEqual(['create', 'update']);
    expect(history.body[1].comment).toContain(CN_NAME);
    const audit = await t.sql(`SELECT data FROM audit_log WHERE action = 'document.attachment.add' AND subject_id = $1`, [doc.id]);
    expect(audit).toHaveLength(1);
    const verify = await t.http.get('/api/v1/audit/verify').set(bearer(t.adminToken));
    expect(verify.body.ok).toBe(true);
  });

  it('uploads DOCX (Chinese text), XLSX, OFD, PNG and JPEG; keeps Chinese names; textOf joins the texts', async () => {
    const doc = await walk(t, d, 'drafterA', []);
    const xlsx = await makeXlsx([['项目', '金额'], ['道路维修', 120000]]);
    const ofd = makeOfd(['第一页：区政府信息公开年度报告', '第二页：附表']);
    const files: [Buffer, string, string, string][] = [
      [docx, '规则（正文）.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'extracted'],
      [xlsx, '预算表.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'extracted'],
      [ofd, '年度报告.ofd', 'application/ofd', 'extracted'],
      [makePng(), '现场照片.png', 'image/png', 'not_supported'],
      [makeJpeg(), '扫描件.JPG', 'image/jpeg', 'not_supported'],
    ];
    let version = 1;
    for (const [bytes, name, mediaType, textStatus] of files) {
      const res = await upload(doc.id, version, bytes, name);
      expect({ name, status: res.status, body: res.body }).toMatchObject({ status: 201, body: { fileName: name, mediaType, textStatus } });
      version = res.body.documentVersion;
    }
    expect(version).toBe(6);
    const repo = t.app.get(AttachmentsRepository);
    const text = await repo.textOf(doc.id);
    expect(text).toContain('各街道办事处：现将规则印发给你们。');
    expect(text).toContain('道路维修\t120000');
    expect(text).toContain('第一页：区政府信息公开年度报告');
    expect(text.indexOf('第一页')).toBeLessThan(text.indexOf('第二页'));
    expect(text.split('\n\n').length).toBeGreaterThanOrEqual(3);
    const meta = await repo.listMeta(doc.id);
    expect(meta.map((m) => m.fileName)).toEqual(files.map((f) => f[1]));
    const texts = await repo.texts(doc.id);
    expect(texts[0]).toMatchObject({ filename: '规则（正文）.docx', textStatus: 'extracted' });
  });

  it('refuses fakes and other types from the content (415), writes nothing', async () => {
    const doc = await walk(t, d, 'drafterA', []);
    const cases: [Buffer, string, RegExp][] = [
      [makePng(), '通知.pdf', /says \.pdf but the content is PNG/],
      [EXE, '通知.pdf', /EXE/],
      [EXE, 'setup.exe', /EXE/],
      [Buffer.from('just some text, not a document'), '说明.txt', /not a recognised file type/],
      [makeZip([['a.txt', 'hello']]), '材料.zip', /ZIP/],
      [pdf, '规则.docx', /says \.docx but the content is PDF/],
    ];
    for (const [bytes, name, message] of cases) {
      const res = await upload(doc.id, 1, bytes, name);
      expect({ name, status: res.status }).toEqual({ name, status: 415 });
      expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
      expect(String(res.body.message)).toMatch(message);
    }
    expect(await countOf(doc.id)).toBe(0);
    expect(await versionOf(doc.id)).toBe(1);
    // A name without a type extension gets the real one.
    const named = await upload(doc.id, 1, makePng(), '现场照片');
    expect(named.status).toBe(201);
    expect(named.body.fileName).toBe('现场照片.png');
  });

  it('400 for an empty or damaged file and for malformed forms; nothing written', async () => {
    const doc = await walk(t, d, 'drafterA', []);
    const url = `/api/v1/documents/${doc.id}/attachments`;
    const auth = bearer(d.tokens.drafterA);
    expect((await upload(doc.id, 1, Buffer.alloc(0), 'empty.pdf')).status).toBe(400);
    const damaged = await upload(doc.id, 1, Buffer.from('%PDF-1.7\n1 0 obj garbage garbage\n%%EOF'), 'damaged.pdf');
    expect(damaged.status).toBe(400);
    expect(damaged.body.message).toMatch(/cannot be read/);
    // Cut short: still recognisable as DOCX, but its directory is gone.
    const brokenDocx = await upload(doc.id, 1, docx.subarray(0, docx.length - 100), 'broken.docx');
    expect(brokenDocx.status).toBe(400);
    expect(brokenDocx.body.message).toMatch(/DOCX file cannot be read/);
    const noFile = await t.http.post(url).set(auth).set('If-Match', '"1"').field('note', 'x');
    expect(noFile.status).toBe(400);
    const textField = await t.http.post(url).set(auth).set('If-Match', '"1"').field('file', 'not a file');
    expect(textField.status).toBe(400);
    expect(textField.body.message).toMatch(/must be a file/);
    const wrongField = await t.http.post(url).set(auth).set('If-Match', '"1"').attach('upload', pdf, 'a.pdf');
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.message).toMatch(/field "file"/);
    const two = await t.http.post(url).set(auth).set('If-Match', '"1"').attach('file', pdf, 'a.pdf').attach('file', docx, 'b.docx');
    expect(two.status).toBe(400);
    expect(two.body.message).toMatch(/one file per request/);
    const noBoundary = await t.http.post(url).set(auth).set('If-Match', '"1"').set('Content-Type', 'multipart/form-data').send('garbage');
    expect(noBoundary.status).toBe(400);
    const cutShort = await t.http
      .post(url)
      .set(auth)
      .set('If-Match', '"1"')
      .set('Content-Type', 'multipart/form-data; boundary=XyZ')
      .send('--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7 and then nothing');
    expect(cutShort.status).toBe(400);
    const json = await t.http.post(url).set(auth).set('If-Match', '"1"').send({ file: 'x' });
    expect(json.status).toBe(415);
    expect(json.body.message).toMatch(/multipart\/form-data/);
    expect(await countOf(doc.id)).toBe(0);
    expect(await versionOf(doc.id)).toBe(1);
  });

  it('size: above the global 4 MB JSON limit is fine, above ATTACHMENT_MAX_BYTES (20 MB) is 413', async () => {
    const doc = await walk(t, d, 'drafterA', []);
    const big = makePng(1300, 1300, true);
    expect(big.length).toBeGreaterThan(t.config.bodyLimitBytes);
    const ok = await upload(doc.id, 1, big, '大图.png');
    expect(ok.status).toBe(201);
    expect(ok.body.size).toBe(big.length);
    const huge = Buffer.alloc(t.config.attachmentMaxBytes + 1, 7);
    huge.write('%PDF-1.7\n', 0);
    const res = await upload(doc.id, 2, huge, 'huge.pdf');
    expect(res.status).toBe(413);
    expect(res.body.message).toMatch(/larger than the limit/);
    expect(await countOf(doc.id)).toBe(1);
    expect(await versionOf(doc.id)).toBe(2);
    // JSON routes keep their own limit and answer multipart as before.
    const multipartOnJson = await t.http.post('/api/v1/documents').set(bearer(d.tokens.drafterA)).attach('file', pdf, 'a.pdf');
    expect(multipartOnJson.status).toBe(415);
  });

  it('permissions: 401, other unit 404, colleague 403, reviewer 403, wrong state 409, If-Match 428/412', async () => {
    const draft = await walk(t, d, 'drafterA', []);
    expect((await t.http.post(`/api/v1/documents/${draft.id}/attachments`).attach('file', pdf, 'a.pdf')).status).toBe(401);
    expect((await upload(draft.id, 1, pdf, 'a.pdf', 'drafterB')).status).toBe(404);
    expect((await upload(draft.id, 1, pdf, 'a.pdf', 'drafterA2')).status).toBe(404); // a draft stays with its drafter
    expect((await upload(draft.id, null, pdf, 'a.pdf')).status).toBe(428);
    expect((await upload(draft.id, 7, pdf, 'a.pdf')).status).toBe(412);
    expect((await upload('00000000-0000-4000-8000-000000000000', 1, pdf, 'a.pdf')).status).toBe(404);

    const returned = await walk(t, d, 'drafterA', [
      ['drafterA', { action: 'submit' }],
      ['reviewerA', { action: 'return', comment: '请补充附件' }],
    ]);
    expect(returned.state).toBe('returned');
    const colleague = await upload(returned.id, returned.version, pdf, 'a.pdf', 'drafterA2');
    expect(colleague.status).toBe(403);
    expect((await upload(returned.id, returned.version, pdf, 'a.pdf', 'reviewerA')).status).toBe(403);
    const mine = await upload(returned.id, returned.version, pdf, 'a.pdf');
    expect(mine.status).toBe(201);

    const submitted = await walk(t, d, 'drafterA', [['drafterA', { action: 'submit' }]]);
    const wrongState = await upload(submitted.id, submitted.version, pdf, 'a.pdf');
    expect(wrongState.status).toBe(409);
    expect((await upload(submitted.id, submitted.version, pdf, 'a.pdf', 'drafterA2')).status).toBe(403);
    expect(await countOf(draft.id)).toBe(0);
    expect(await countOf(submitted.id)).toBe(0);
  });

  it('list and download for readers, with the Chinese name in Content-Disposition; 404 for others', async () => {
    const doc = await walk(t, d, 'drafterA', []);
    const up = await upload(doc.id, 1, pdf, CN_NAME);
    const url = `/api/v1/documents/${doc.id}/attachments`;
    const list = await t.http.get(url).set(bearer(d.tokens.drafterA));
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [expect.objectContaining({ id: up.body.id, fileName: CN_NAME, url: `${url}/${up.body.id}` })], nextCursor: null });
    expect(list.body.items[0].text).toBeUndefined();

    const dl = await t.http.get(`${url}/${up.body.id}`).set(bearer(d.tokens.drafterA)).buffer(true).parse(binary);
    expect(dl.status).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    const name = dispositionName(dl.headers['content-disposition']);
    expect(name.type).toBe('attachment');
    expect(name.utf8).toBe(CN_NAME);
    expect(name.ascii).toMatch(/^[\x20-\x7e]+\.pdf$/);
    expect(dl.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+"; filename\*=UTF-8''[A-Za-z0-9%!#$&+\-.^_`|~]+$/);
    expect(sha(dl.body as Buffer)).toBe(sha(pdf));
    expect(dl.headers.etag).toBe(`"${sha(pdf)}"`);
    const again = await t.http.get(`${url}/${up.body.id}`).set(bearer(d.tokens.drafterA)).set('If-None-Match', dl.headers.etag);
    expect(again.status).toBe(304);
    const inline = await t.http.get(`${url}/${up.body.id}?disposition=inline`).set(bearer(d.tokens.drafterA)).buffer(true).parse(binary);
    expect(dispositionName(inline.headers['content-disposition']).type).toBe('inline');
    expect((await t.http.get(`${url}/${up.body.id}?disposition=open`).set(bearer(d.tokens.drafterA))).status).toBe(400);

    // Not visible: another unit, a colleague (a draft), unknown ids.
    expect((await t.http.get(url).set(bearer(d.tokens.drafterB))).status).toBe(404);
    expect((await t.http.get(`${url}/${up.body.id}`).set(bearer(d.tokens.drafterB))).status).toBe(404);
    expect((await t.http.get(`${url}/${up.body.id}`).set(bearer(d.tokens.drafterA2))).status).toBe(404);
    expect((await t.http.get(`${url}/00000000-0000-4000-8000-000000000000`).set(bearer(d.tokens.drafterA))).status).toBe(404);
    expect((await t.http.get(`${url}/not-a-uuid`).set(bearer(d.tokens.drafterA))).status).toBe(400);
    expect((await t.http.get(`${url}/${up.body.id}`)).status).toBe(401);
    // Another document's attachment under this document: 404.
    const other = await walk(t, d, 'drafterA', []);
    expect((await t.http.get(`/api/v1/documents/${other.id}/attachments/${up.body.id}`).set(bearer(d.tokens.drafterA))).status).toBe(404);

    // Once submitted, the unit's reviewer and the office read the files.
    const sub = await t.http.post(`/api/v1/documents/${doc.id}/transitions`).set(bearer(d.tokens.drafterA)).set('If-Match', '"2"').send({ action: 'submit' });
    expect(sub.status).toBe(200);
    expect((await t.http.get(`${url}/${up.body.id}`).set(bearer(d.tokens.reviewerA)).buffer(true).parse(binary)).status).toBe(200);
    expect((await t.http.get(url).set(bearer(d.tokens.officer))).body.items).toHaveLength(1);
    expect((await t.http.get(url).set(bearer(d.tokens.reviewerB))).status).toBe(404);
  });

  it('delete: drafter in editable states, If-Match, a new version; 409 once submitted; 404 unknown', async () => {
    const doc = await walk(t, d, 'drafterA', []);
    const a = await upload(doc.id, 1, pdf, 'a.pdf');
    const b = await upload(doc.id, 2, docx, 'b.docx');
    const url = (id: string) => `/api/v1/documents/${doc.id}/attachments/${id}`;
    const auth = bearer(d.tokens.drafterA);
    expect((await t.http.delete(url(a.body.id)).set(auth)).status).toBe(428);
    expect((await t.http.delete(url(a.body.id)).set(auth).set('If-Match', '"2"')).status).toBe(412);
    expect((await t.http.delete(url(a.body.id)).set(bearer(d.tokens.drafterB)).set('If-Match', '"3"')).status).toBe(404);
    expect((await t.http.delete(url('00000000-0000-4000-8000-000000000000')).set(auth).set('If-Match', '"3"')).status).toBe(404);
    const del = await t.http.delete(url(a.body.id)).set(auth).set('If-Match', '"3"');
    expect(del.status).toBe(204);
    expect(del.headers.etag).toBe('"4"');
    expect(await versionOf(doc.id)).toBe(4);
    expect((await t.sql(`SELECT 1 FROM attachment_blobs WHERE attachment_id = $1`, [a.body.id])).length).toBe(0);
    expect((await t.http.get(url(a.body.id)).set(auth)).status).toBe(404);
    const history = await t.http.get(`/api/v1/documents/${doc.id}/history`).set(auth);
    expect(history.body[history.body.length - 1].comment).toContain('a.pdf');
    const sub = await t.http.post(`/api/v1/documents/${doc.id}/transitions`).set(auth).set('If-Match', '"4"').send({ action: 'submit' });
    expect(sub.status).toBe(200);
    expect((await t.http.delete(url(b.body.id)).set(auth).set('If-Match', '"5"')).status).toBe(409);
    expect(await countOf(doc.id)).toBe(1);
  });

  it('the same file twice is a 409; an Idempotency-Key retry replays the first answer', async () => {
    const doc = await walk(t, d, 'drafterA', []);
    const first = await upload(doc.id, 1, pdf, 'a.pdf').set('Idempotency-Key', 'upload-1');
    expect(first.status).toBe(201);
    const retry = await upload(doc.id, 1, pdf, 'a.pdf').set('Idempotency-Key', 'upload-1');
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers.etag).toBe('"2"');
    const dup = await upload(doc.id, 2, pdf, 'copy.pdf');
    expect(dup.status).toBe(409);
    expect(dup.body.message).toMatch(/already attached as "a.pdf"/);
    expect(await countOf(doc.id)).toBe(1);
    expect(await versionOf(doc.id)).toBe(2);
  });

  describe('public download of published entries', () => {
    let published: { id: string; indexNo: string };
    let publishedFile: string;
    let draftFile: string;
    let draftDoc: string;

    beforeAll(async () => {
      const doc = await walk(t, d, 'drafterA', []);
      const up = await upload(doc.id, 1, pdf, CN_NAME);
      const up2 = await upload(doc.id, 2, docx, '规则（正文）.docx');
      expect([up.status, up2.status]).toEqual([201, 201]);
      publishedFile = up.body.id;
      let version = 3;
      for (const [who, body] of FULL_CHAIN) {
        const res = await t.http.post(`/api/v1/documents/${doc.id}/transitions`).set(bearer(d.tokens[who])).set('If-Match', `"${version}"`).send(body);
        expect({ who, status: res.status, body: res.body }).toMatchObject({ status: 200 });
        version = res.body.version;
        if (res.body.state === 'published') published = { id: doc.id, indexNo: res.body.indexNo };
      }
      expect(published?.indexNo).toMatch(/^[A-Z0-9-]+-\d{4}-\d{6}$/);
      const draft = await walk(t, d, 'drafterA', []);
      draftDoc = draft.id;
      draftFile = (await upload(draft.id, 1, makePng(), '内部.png')).body.id;
    });

    it('lists and serves the files of a published entry, without authentication', async () => {
      const base = `/api/v1/catalogue/${published.indexNo}/attachments`;
      const entry = await t.http.get(`/api/v1/catalogue/${published.indexNo}`);
      expect(entry.status).toBe(200);
      expect(entry.body.indexNo).toBe(published.indexNo);
      const list = await t.http.get(base);
      expect(list.status).toBe(200);
      expect(list.body.nextCursor).toBeNull();
      expect(list.body.items).toEqual([
        { id: publishedFile, fileName: CN_NAME, mediaType: 'application/pdf', size: pdf.length, sha256: sha(pdf), url: `${base}/${publishedFile}` },
        expect.objectContaining({ fileName: '规则（正文）.docx' }),
      ]);
      const page = await t.http.get(`${base}?limit=1`);
      expect(page.body.items).toHaveLength(1);
      const next = await t.http.get(`${base}?limit=1&cursor=${page.body.nextCursor}`);
      expect(next.body.items[0].fileName).toBe('规则（正文）.docx');

      const dl = await t.http.get(`${base}/${publishedFile}`).buffer(true).parse(binary);
      expect(dl.status).toBe(200);
      expect(dl.headers['content-type']).toBe('application/pdf');
      expect(dl.headers['x-content-type-options']).toBe('nosniff');
      expect(dl.headers['cache-control']).toMatch(/no-cache/);
      const name = dispositionName(dl.headers['content-disposition']);
      expect(name).toMatchObject({ type: 'attachment', utf8: CN_NAME });
      expect(name.ascii).toMatch(/^[\x20-\x7e]+\.pdf$/);
      expect(sha(dl.body as Buffer)).toBe(sha(pdf));
    });

    it('guessing never reaches a file that is not published: 404 for every other URL', async () => {
      const base = `/api/v1/catalogue/${published.indexNo}/attachments`;
      // Another document's file under a published index number.
      expect((await t.http.get(`${base}/${draftFile}`)).status).toBe(404);
      // Made-up or malformed index numbers and ids.
      const unit = published.indexNo.replace(/-\d{4}-\d{6}$/, '');
      const year = published.indexNo.match(/-(\d{4})-/)![1];
      for (const indexNo of [`${unit}-${year}-999999`, `${unit}-${year}-000000`, 'NOPE-2026-000001', 'not-an-index', '..', '%2e%2e']) {
        expect({ indexNo, status: (await t.http.get(`/api/v1/catalogue/${indexNo}/attachments`)).status }).toEqual({ indexNo, status: 404 });
        expect((await t.http.get(`/api/v1/catalogue/${indexNo}/attachments/${draftFile}`)).status).toBe(404);
        expect((await t.http.get(`/api/v1/catalogue/${indexNo}/attachments/${publishedFile}`)).status).toBe(404);
      }
      for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', `${publishedFile}x`]) {
        expect((await t.http.get(`${base}/${id}`)).status).toBe(404);
      }
      // The staff route without a token is 401, not a way round.
      expect((await t.http.get(`/api/v1/documents/${draftDoc}/attachments/${draftFile}`)).status).toBe(401);
      // The route does not shadow the catalogue's own routes.
      expect((await t.http.get('/api/v1/catalogue/changes')).status).toBe(200);
      expect((await t.http.get('/api/v1/catalogue')).status).toBe(200);
    });

    it('revocation hides the files at once; staff still read them', async () => {
      const version = (await t.sql<{ version: number }>(`SELECT version FROM documents WHERE id = $1`, [published.id]))[0].version;
      const revoke = await t.http
        .post(`/api/v1/documents/${published.id}/transitions`)
        .set(bearer(d.tokens.officer))
        .set('If-Match', `"${version}"`)
        .send({ action: 'revoke', comment: '依法撤回' });
      expect(revoke.status).toBe(200);
      const base = `/api/v1/catalogue/${published.indexNo}/attachments`;
      expect((await t.http.get(base)).status).toBe(404);
      expect((await t.http.get(`${base}/${publishedFile}`)).status).toBe(404);
      expect((await t.http.get(`/api/v1/catalogue/${published.indexNo}`)).status).toBe(404);
      const staff = await t.http.get(`/api/v1/documents/${published.id}/attachments/${publishedFile}`).set(bearer(d.tokens.officer)).buffer(true).parse(binary);
      expect(staff.status).toBe(200);
    });
  });

  it('the OpenAPI document covers the attachment routes', async () => {
    const res = await t.http.get('/api/docs-json');
    const paths = Object.keys(res.body.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/documents/{id}/attachments',
        '/api/v1/documents/{id}/attachments/{attachmentId}',
        '/api/v1/catalogue/{indexNo}/attachments',
        '/api/v1/catalogue/{indexNo}/attachments/{attachmentId}',
      ]),
    );
    expect(Object.keys(res.body.paths['/api/v1/documents/{id}/attachments'].post.requestBody.content)).toEqual(['multipart/form-data']);
  });
});
