/**
 * The text of an attachment, read once at upload, for search and for the assessment scan:
 * PDF (pdf-parse, in a worker thread: pdf-text.ts), DOCX (mammoth), XLSX (exceljs: every cell
 * of every sheet) and OFD (the TextCode elements of its pages). Images have no text layer here
 * (no OCR).
 *
 * Office containers are ZIP archives (zip.ts): their entry count and declared sizes are checked
 * before anything is inflated, and a DOCX or XLSX is inflated once under those limits (declared
 * sizes can lie) before mammoth or exceljs unpack it, so a small file that expands to gigabytes is
 * refused instead of exhausting memory. A file the libraries cannot open at all is refused (400): a file whose text nobody
 * can read cannot be checked before it is published.
 */
import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import { MAX_TEXT_CHARS, type AttachmentKind, type TextStatus } from './attachment.types.js';
import { FileRejected } from './file-inspection.js';
import { PdfReadError, pdfText as readPdf } from './pdf-text.js';
import { ZipArchive, ZipError, ZipLimitError } from './zip.js';

interface ExtractedText {
  text: string;
  status: TextStatus;
}

interface ExtractionOptions {
  /** After this, the file is kept with status `failed` and no text. */
  timeoutMs?: number;
  maxChars?: number;
}

/** Total uncompressed size an office container may declare, and may expand to. */
export const MAX_EXPANDED_BYTES = 256 * 1024 * 1024;
export const MAX_ENTRIES = 10_000;

export async function extractText(kind: AttachmentKind, bytes: Buffer, opts: ExtractionOptions = {}): Promise<ExtractedText> {
  const maxChars = opts.maxChars ?? MAX_TEXT_CHARS;
  if (kind === 'png' || kind === 'jpeg') return { text: '', status: 'not_supported' };
  const zip = kind === 'pdf' ? null : await checkContainer(bytes, kind);
  // Stops the PDF reader's worker when the time is up (the other formats are read in-process).
  const stop = new AbortController();
  const work = (async () => {
    switch (kind) {
      case 'pdf':
        return pdfText(bytes, stop.signal);
      case 'docx':
        return docxText(bytes);
      case 'xlsx':
        return xlsxText(bytes);
      case 'ofd':
        return ofdText(zip!);
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), opts.timeoutMs ?? 30_000);
  });
  try {
    const raw = await Promise.race([work, timeout]);
    if (raw === null) {
      work.catch(() => undefined);
      stop.abort();
      return { text: '', status: 'failed' };
    }
    return limit(normalise(raw), maxChars);
  } finally {
    clearTimeout(timer);
  }
}

/** Text as stored: no NUL (PostgreSQL refuses it), \n line ends, no runs of blank lines. */
export function normalise(text: string): string {
  return text
    .replace(/\u0000/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function limit(text: string, maxChars: number): ExtractedText {
  if (text.length <= maxChars) return { text, status: 'extracted' };
  let cut = text.slice(0, maxChars);
  // Never end on half a surrogate pair.
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return { text: cut, status: 'truncated' };
}

function unreadable(kind: AttachmentKind, why: string): FileRejected {
  return new FileRejected('unreadable', `the ${kind.toUpperCase()} file cannot be read (${why}); save it again (without a password) and attach it once more`);
}

/** An office container within the limits; DOCX and XLSX are inflated once to prove it. */
async function checkContainer(bytes: Buffer, kind: AttachmentKind): Promise<ZipArchive> {
  try {
    const zip = await ZipArchive.open(bytes, { maxEntries: MAX_ENTRIES, maxTotalBytes: MAX_EXPANDED_BYTES });
    if (kind !== 'ofd') await zip.inflateAll();
    return zip;
  } catch (e) {
    throw zipRejection(kind, e);
  }
}

function zipRejection(kind: AttachmentKind, e: unknown): unknown {
  if (!(e instanceof ZipError)) return e;
  const what = kind.toUpperCase();
  if (e instanceof ZipLimitError && e.limit === 'declared') {
    return new FileRejected('unreadable', `the ${what} file would expand to ${e.amount} bytes (at most ${MAX_EXPANDED_BYTES}): refused as a possible archive bomb`);
  }
  if (e instanceof ZipLimitError && e.limit === 'inflated') {
    return new FileRejected('unreadable', `the ${what} file expands to more than it declares or than ${MAX_EXPANDED_BYTES} bytes (${e.message}): refused as a possible archive bomb`);
  }
  return unreadable(kind, e.message);
}

async function pdfText(bytes: Buffer, signal: AbortSignal): Promise<string> {
  try {
    return await readPdf(bytes, signal);
  } catch (e) {
    if (!(e instanceof PdfReadError)) throw e;
    throw unreadable('pdf', e.kind === 'PasswordException' ? 'it is password-protected' : `it is damaged: ${e.message}`);
  }
}

async function docxText(bytes: Buffer): Promise<string> {
  try {
    const result = await mammoth.extractRawText({ buffer: bytes });
    return result.value;
  } catch (e) {
    throw unreadable('docx', (e as Error)?.message ?? String(e));
  }
}

async function xlsxText(bytes: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw unreadable('xlsx', (e as Error)?.message ?? String(e));
  }
  const sheets: string[] = [];
  wb.eachSheet((ws) => {
    const lines: string[] = [ws.name];
    ws.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell) => {
        const t = cellText(cell);
        if (t !== '') cells.push(t);
      });
      if (cells.length) lines.push(cells.join('\t'));
    });
    sheets.push(lines.join('\n'));
  });
  return sheets.join('\n\n');
}

function cellText(cell: ExcelJS.Cell): string {
  try {
    return String(cell.text ?? '').trim();
  } catch {
    return '';
  }
}

/** OFD: pages in the order Document.xml lists them; text is in <ofd:TextCode> elements. */
async function ofdText(zip: ZipArchive): Promise<string> {
  const byName = new Map(zip.entries.map((e) => [e.name.replace(/^\/+/, ''), e]));
  const read = async (name: string): Promise<string | null> => {
    const e = byName.get(name.replace(/^\/+/, ''));
    if (!e) return null;
    try {
      return (await zip.read(e, 64 * 1024 * 1024)).toString('utf8');
    } catch (err) {
      throw zipRejection('ofd', err);
    }
  };
  const root = (await read('OFD.xml')) ?? (await read('ofd.xml')) ?? '';
  const docRoots = [...root.matchAll(/<(?:[\w.-]+:)?DocRoot>\s*([^<]+?)\s*<\//g)].map((m) => m[1]);
  const pages: string[] = [];
  for (const docRoot of docRoots) {
    const dir = docRoot.includes('/') ? docRoot.slice(0, docRoot.lastIndexOf('/') + 1) : '';
    const docXml = (await read(docRoot)) ?? '';
    for (const m of docXml.matchAll(/<(?:[\w.-]+:)?Page\b[^>]*\bBaseLoc="([^"]+)"/g)) {
      const loc = m[1].startsWith('/') ? m[1] : `${dir}${m[1]}`;
      pages.push(loc);
    }
  }
  if (pages.length === 0) {
    // No usable Document.xml: take every page's content in natural order.
    pages.push(
      ...[...byName.keys()]
        .filter((n) => /Pages\/Page_?\d+\/Content\.xml$/i.test(n))
        .sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
    );
  }
  const out: string[] = [];
  for (const page of pages) {
    const xml = await read(page);
    if (!xml) continue;
    const texts = [...xml.matchAll(/<(?:[\w.-]+:)?TextCode\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?TextCode>/g)].map((m) => decodeXml(m[1]));
    out.push(texts.join(''));
  }
  return out.join('\n\n');
}

function decodeXml(s: string): string {
  return s
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => safeChar(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => safeChar(parseInt(d, 10)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function safeChar(code: number): string {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}
