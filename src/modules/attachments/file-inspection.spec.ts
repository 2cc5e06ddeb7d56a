import { crc32, deflateRawSync } from 'node:zlib';
import { FileRejected, cleanFileName, detectKind, finalFileName, inspectFile, isOfd } from './file-inspection.js';
import { MAX_ENTRIES, MAX_EXPANDED_BYTES, extractText, normalise } from './text-extraction.js';
import { ZipArchive, ZipError, ZipLimitError } from './zip.js';

/** A ZIP with deflated entries; `declare` overrides an entry's declared uncompressed size. */
function zip(entries: [string, string][], declare: Record<string, number> = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = Buffer.from(content, 'utf8');
    const packed = deflateRawSync(data);
    const n = Buffer.from(name, 'utf8');
    const size = declare[name] ?? data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, packed);
    centrals.push(central, n);
    offset += 30 + n.length + packed.length;
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

const OFD_ROOT = '<?xml version="1.0"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>';

const LIMITS = { maxEntries: 100, maxTotalBytes: 1024 * 1024 };

describe('zip reader', () => {
  it('lists entries and inflates one, with an output limit', async () => {
    const z = zip([['a.txt', 'hello 你好'], ['dir/b.xml', '<x/>'.repeat(1000)]]);
    const archive = await ZipArchive.open(z, LIMITS);
    const entries = archive.entries;
    expect(entries.map((e) => e.name)).toEqual(['a.txt', 'dir/b.xml']);
    expect((await archive.read(entries[0], 100)).toString('utf8')).toBe('hello 你好');
    await expect(archive.read(entries[1], 100)).rejects.toThrow(ZipError);
    await expect(archive.inflateAll()).resolves.toBeUndefined();
  });

  it('refuses what is not a ZIP or is cut short', async () => {
    await expect(ZipArchive.open(Buffer.from('not a zip at all, not at all'), LIMITS)).rejects.toThrow(ZipError);
    const z = zip([['a.txt', 'x']]);
    await expect(ZipArchive.open(z.subarray(0, z.length - 30), LIMITS)).rejects.toThrow(ZipError);
    await expect(ZipArchive.open(Buffer.alloc(3), LIMITS)).rejects.toThrow(ZipError);
  });
});

describe('zip bombs', () => {
  // 16 MiB of one letter deflates to about 16 KiB; the entry says it holds 1,000 bytes.
  const BIG = 16 * 1024 * 1024;
  const lying = () => zip([['[Content_Types].xml', '<Types/>'], ['word/document.xml', 'x'.repeat(BIG)]], { 'word/document.xml': 1000 });

  it('an entry that inflates past its declared size is stopped there, not inflated in full', async () => {
    const bomb = lying();
    expect(bomb.length).toBeLessThan(BIG / 100);
    const archive = await ZipArchive.open(bomb, { maxEntries: 10, maxTotalBytes: BIG * 4 });
    const err = await archive.inflateAll().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZipLimitError);
    expect(err).toMatchObject({ limit: 'inflated', message: 'entry word/document.xml expands beyond its declared 1000 bytes' });
    await expect(archive.read(archive.entries[1], BIG * 2)).rejects.toMatchObject({ limit: 'inflated' });
  });

  it('a DOCX like that is refused before mammoth unpacks it', async () => {
    await expect(extractText('docx', lying())).rejects.toMatchObject({ reason: 'unreadable', message: expect.stringMatching(/expands beyond its declared 1000 bytes.*archive bomb/) });
  });

  it('honest sizes past the limit are refused from the directory, before inflating', async () => {
    const big = zip([['a.xml', 'x'.repeat(LIMITS.maxTotalBytes)], ['b.xml', 'y']]);
    await expect(ZipArchive.open(big, LIMITS)).rejects.toMatchObject({ limit: 'declared', amount: LIMITS.maxTotalBytes + 1 });
  });

  it('too many entries are refused before they are listed', async () => {
    const many = (n: number) => zip(Array.from({ length: n }, (_, i): [string, string] => [`f${i}.xml`, '<x/>']));
    await expect(ZipArchive.open(many(LIMITS.maxEntries + 1), LIMITS)).rejects.toMatchObject({ limit: 'entries', amount: LIMITS.maxEntries + 1 });
    await expect(ZipArchive.open(many(LIMITS.maxEntries), LIMITS)).resolves.toBeInstanceOf(ZipArchive);
    await expect(extractText('xlsx', many(MAX_ENTRIES + 1))).rejects.toMatchObject({
      reason: 'unreadable',
      message: expect.stringContaining(`the XLSX file cannot be read (the archive holds ${MAX_ENTRIES + 1} entries (at most ${MAX_ENTRIES}))`),
    });
  });
});

describe('file type from the content', () => {
  it('recognises OFD by its OFD.xml root, not by the name', async () => {
    const ofd = zip([['OFD.xml', OFD_ROOT], ['Doc_0/Document.xml', '<ofd:Document/>']]);
    expect(await isOfd(ofd)).toBe(true);
    expect(await detectKind(ofd, 'x')).toBe('ofd');
    expect(await isOfd(zip([['OFD.xml', '<html/>']]))).toBe(false);
    expect(await isOfd(zip([['readme.txt', 'OFD']]))).toBe(false);
    await expect(detectKind(zip([['readme.txt', 'x']]), 'x.ofd')).rejects.toThrow(/ZIP/);
  });

  it('refuses old Office binaries with a hint', async () => {
    const cfb = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]);
    await expect(detectKind(cfb, 'old.doc')).rejects.toMatchObject({ reason: 'unsupported_type', message: expect.stringMatching(/DOCX, XLSX or PDF/) });
  });

  it('an empty file is its own rejection', async () => {
    await expect(inspectFile(Buffer.alloc(0), 'a.pdf')).rejects.toMatchObject({ reason: 'empty' });
  });
});

describe('file names', () => {
  it('strips directories, control and bidi characters, keeps Chinese', () => {
    expect(cleanFileName('C:\\fakepath\\通知.pdf')).toBe('通知.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(cleanFileName('  a\u0000b\tc .pdf ')).toBe('ab c .pdf');
    expect(cleanFileName(undefined)).toBe('');
    // NFC: a decomposed name is stored composed.
    expect(cleanFileName('e\u0301.pdf')).toBe('\u00e9.pdf');
  });

  it('keeps a matching extension, adds a missing one, refuses one that names another type', () => {
    expect(finalFileName('规则.PDF', 'pdf')).toBe('规则.PDF');
    expect(finalFileName('照片.jpeg', 'jpeg')).toBe('照片.jpeg');
    expect(finalFileName('报告v1.2', 'pdf')).toBe('报告v1.2.pdf');
    expect(finalFileName('', 'png')).toBe('attachment.png');
    expect(finalFileName('.pdf', 'pdf')).toBe('attachment.pdf');
    expect(() => finalFileName('setup.exe', 'pdf')).toThrow(FileRejected);
    expect(() => finalFileName('table.xls', 'xlsx')).toThrow(/says \.xls/);
    expect(() => finalFileName('photo.jpg', 'png')).toThrow(/content is PNG/);
  });

  it('cuts overlong names before the extension, by characters', () => {
    const name = finalFileName(`${'长'.repeat(300)}.docx`, 'docx');
    expect(Array.from(name)).toHaveLength(255);
    expect(name.endsWith('长.docx')).toBe(true);
  });
});

describe('text extraction guards', () => {
  it('refuses an office container that declares more than it may expand to', async () => {
    const bomb = zip([['OFD.xml', OFD_ROOT], ['Doc_0/big.xml', 'x']], { 'Doc_0/big.xml': MAX_EXPANDED_BYTES });
    await expect(extractText('ofd', bomb)).rejects.toMatchObject({ reason: 'unreadable', message: expect.stringMatching(/archive bomb/) });
  });

  it('reads OFD pages in document order, decoding entities', async () => {
    const ofd = zip([
      ['OFD.xml', OFD_ROOT],
      ['Doc_0/Document.xml', '<ofd:Document><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_10/Content.xml"/><ofd:Page ID="2" BaseLoc="Pages/Page_2/Content.xml"/></ofd:Pages></ofd:Document>'],
      ['Doc_0/Pages/Page_2/Content.xml', '<ofd:TextCode X="0">第二页</ofd:TextCode>'],
      ['Doc_0/Pages/Page_10/Content.xml', '<ofd:TextCode X="0">第一页 A&amp;B &#x4E2D;</ofd:TextCode>'],
    ]);
    expect(await extractText('ofd', ofd)).toEqual({ text: '第一页 A&B 中\n\n第二页', status: 'extracted' });
  });

  it('images have no text layer; long texts are truncated, never mid surrogate pair', async () => {
    expect(await extractText('png', Buffer.from('x'))).toEqual({ text: '', status: 'not_supported' });
    const ofd = zip([['OFD.xml', OFD_ROOT], ['Doc_0/Pages/Page_0/Content.xml', `<ofd:TextCode>a${'𠀀'.repeat(10)}</ofd:TextCode>`]]);
    const res = await extractText('ofd', ofd, { maxChars: 4 });
    expect(res.status).toBe('truncated');
    expect(res.text).toBe('a𠀀');
  });

  it('normalises: no NUL, \\n line ends, no runs of blank lines', () => {
    expect(normalise('a\u0000b\r\nc  \r\n\r\n\r\n\r\nd ')).toBe('ab\nc\n\nd');
  });
});
