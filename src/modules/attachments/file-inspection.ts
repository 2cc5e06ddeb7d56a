/**
 * What a file really is, from its content (never its name), and the name it is kept under.
 * Pure: no NestJS, no database. The service maps FileRejected to 400 / 415.
 */
import { fileTypeFromBuffer, supportedExtensions } from 'file-type';
import { ATTACHMENT_KINDS, MAX_FILE_NAME_CHARS, type AttachmentKind } from './attachment.types.js';
import { ZipArchive, ZipError } from './zip.js';

type RejectionReason = 'empty' | 'unsupported_type' | 'type_mismatch' | 'unreadable';

export class FileRejected extends Error {
  constructor(
    readonly reason: RejectionReason,
    message: string,
  ) {
    super(message);
    this.name = 'FileRejected';
  }
}

interface Inspection {
  kind: AttachmentKind;
  mediaType: string;
  /** The cleaned name, with the extension of its real type. */
  fileName: string;
}

const ALLOWED = Object.values(ATTACHMENT_KINDS)
  .map((k) => k.label)
  .join(', ');

/** Formats people try that are refused, with what to do instead. */
const HINTS: Record<string, string> = {
  cfb: 'Word 97–2003 (.doc), Excel 97–2003 (.xls) and WPS files must be saved as DOCX, XLSX or PDF first',
  zip: 'an archive is not an official file: attach each file on its own',
  docm: 'macro-enabled documents are not accepted: save it as DOCX or PDF',
  xlsm: 'macro-enabled workbooks are not accepted: save it as XLSX or PDF',
};

/** Extensions that name a type: a file carrying one of them must have content of that type. */
const KNOWN_EXTENSIONS = new Set<string>([
  ...[...supportedExtensions].map((e) => `.${e}`),
  ...['.doc', '.xls', '.ppt', '.wps', '.et', '.dps', '.txt', '.csv', '.htm', '.html', '.xml', '.json', '.js', '.exe', '.bat', '.cmd', '.sh', '.ps1', '.vbs', '.scr', '.com', '.msi', '.jar', '.apk', '.ofd', '.jpg', '.jpeg', '.svg'],
]);

/** Detects the kind from the bytes; throws FileRejected for anything not allowed. */
export async function detectKind(bytes: Buffer, shownName: string): Promise<AttachmentKind> {
  if (bytes.length === 0) throw new FileRejected('empty', `the file "${shownName}" is empty`);
  const ft = await fileTypeFromBuffer(bytes);
  switch (ft?.ext) {
    case 'pdf':
      return 'pdf';
    case 'png':
      return 'png';
    case 'jpg':
      return 'jpeg';
    case 'docx':
      return 'docx';
    case 'xlsx':
      return 'xlsx';
  }
  if ((ft === undefined || ft.ext === 'zip') && (await isOfd(bytes))) return 'ofd';
  const what = ft ? `${ft.ext.toUpperCase()} (${ft.mime})` : 'not a recognised file type';
  const hint = ft && HINTS[ft.ext] ? `; ${HINTS[ft.ext]}` : '';
  throw new FileRejected('unsupported_type', `the content of "${shownName}" is ${what}; allowed: ${ALLOWED}${hint}`);
}

/** OFD (GB/T 33190): a ZIP whose root holds OFD.xml with an <ofd:OFD> root element. */
export async function isOfd(bytes: Buffer): Promise<boolean> {
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50) return false;
  try {
    // Only OFD.xml is inflated here; the limits of the text extraction apply to the rest later.
    const zip = await ZipArchive.open(bytes, { maxEntries: 10_000, maxTotalBytes: Number.MAX_SAFE_INTEGER });
    const entry = zip.entries.find((e) => e.name.toLowerCase() === 'ofd.xml');
    if (!entry) return false;
    const xml = (await zip.read(entry, 1024 * 1024)).toString('utf8');
    return /<(?:[\w.-]+:)?OFD[\s>/]/.test(xml);
  } catch (e) {
    if (e instanceof ZipError) return false;
    throw e;
  }
}

/**
 * The name as sent, made safe to store and to send back: no directories, no control or
 * bidirectional-override characters (which can disguise "gpj.exe" as "exe.jpg"), NFC, trimmed.
 * Chinese and every other script are kept as they are.
 */
export function cleanFileName(raw: string | undefined | null): string {
  let name = (raw ?? '').normalize('NFC');
  name = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  name = name.replace(/[\t\n\r\v\f]/g, ' ');
  name = name.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '');
  return name.replace(/\s+/g, ' ').trim();
}

/** The lower-cased extension (".pdf") of a name, or null. */
function extensionOf(name: string): string | null {
  const m = /(\.[A-Za-z0-9]{1,8})$/.exec(name);
  return m ? m[1].toLowerCase() : null;
}

/**
 * The name an attachment is kept under. An extension that names another type is refused (a
 * renamed file); a name without a type extension gets the right one; overlong names are cut
 * before the extension.
 */
export function finalFileName(cleaned: string, kind: AttachmentKind): string {
  const k = ATTACHMENT_KINDS[kind];
  const ext = extensionOf(cleaned);
  let base = cleaned;
  let suffix: string = k.extensions[0];
  if (ext && (k.extensions as readonly string[]).includes(ext)) {
    base = cleaned.slice(0, cleaned.length - ext.length);
    suffix = cleaned.slice(cleaned.length - ext.length);
  } else if (ext && KNOWN_EXTENSIONS.has(ext)) {
    throw new FileRejected(
      'type_mismatch',
      `the name "${cleaned}" says ${ext} but the content is ${k.label}: the type is decided by the content, so attach the file under its own extension (${k.extensions.join(' or ')})`,
    );
  }
  base = base.trim();
  if (base === '' || /^\.+$/.test(base)) base = 'attachment';
  const chars = Array.from(base);
  const room = MAX_FILE_NAME_CHARS - suffix.length;
  if (chars.length > room) base = chars.slice(0, room).join('').trimEnd();
  return `${base}${suffix}`;
}

export async function inspectFile(bytes: Buffer, rawName: string | undefined | null): Promise<Inspection> {
  const cleaned = cleanFileName(rawName);
  const kind = await detectKind(bytes, cleaned || 'the file');
  return { kind, mediaType: ATTACHMENT_KINDS[kind].mediaType, fileName: finalFileName(cleaned, kind) };
}
