/**
 * Just enough of the ZIP format to look inside office containers (OFD, DOCX, XLSX) before any
 * library unpacks them: the central directory (entry names and declared sizes, so that a
 * "zip bomb" is refused before it is inflated) and single entries, inflated with a hard output
 * limit. No I/O, no dependencies beyond node:zlib.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export class ZipError extends Error {}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;

/** The entries of the central directory; throws ZipError when the archive is not readable. */
export function readZipEntries(buf: Buffer, maxEntries = 10_000): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(buf);
  let count = buf.readUInt16LE(eocd + 10);
  let cdSize = buf.readUInt32LE(eocd + 12);
  let cdOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // ZIP64: the real values are in the ZIP64 end record, found through its locator.
    const loc = eocd - 20;
    if (loc < 0 || buf.readUInt32LE(loc) !== ZIP64_LOCATOR_SIGNATURE) throw new ZipError('ZIP64 locator missing');
    const rec = safeNumber(buf.readBigUInt64LE(loc + 8));
    if (rec + 56 > buf.length || buf.readUInt32LE(rec) !== ZIP64_EOCD_SIGNATURE) throw new ZipError('ZIP64 end record missing');
    count = safeNumber(buf.readBigUInt64LE(rec + 32));
    cdSize = safeNumber(buf.readBigUInt64LE(rec + 40));
    cdOffset = safeNumber(buf.readBigUInt64LE(rec + 48));
  }
  if (count > maxEntries) throw new ZipError(`the archive holds ${count} entries (at most ${maxEntries})`);
  if (cdOffset + cdSize > buf.length) throw new ZipError('central directory out of bounds');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw new ZipError('broken central directory');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    let compressedSize = buf.readUInt32LE(p + 20);
    let uncompressedSize = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    let localHeaderOffset = buf.readUInt32LE(p + 42);
    if (p + 46 + nameLen + extraLen + commentLen > buf.length) throw new ZipError('broken central directory');
    const rawName = buf.subarray(p + 46, p + 46 + nameLen);
    // Bit 11: UTF-8 names; otherwise CP437, of which the names we look for are plain ASCII.
    const name = flags & 0x800 ? rawName.toString('utf8') : rawName.toString('latin1');
    if (uncompressedSize === 0xffffffff || compressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
      const z = zip64Extra(buf.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen));
      if (uncompressedSize === 0xffffffff) uncompressedSize = z.shift() ?? uncompressedSize;
      if (compressedSize === 0xffffffff) compressedSize = z.shift() ?? compressedSize;
      if (localHeaderOffset === 0xffffffff) localHeaderOffset = z.shift() ?? localHeaderOffset;
    }
    entries.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The content of one entry, inflated to at most `maxBytes` (ZipError beyond). */
export function readZipEntry(buf: Buffer, entry: ZipEntry, maxBytes: number): Buffer {
  const p = entry.localHeaderOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOCAL_SIGNATURE) throw new ZipError(`broken entry ${entry.name}`);
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length) throw new ZipError(`entry ${entry.name} out of bounds`);
  const data = buf.subarray(start, end);
  if (entry.method === 0) {
    if (data.length > maxBytes) throw new ZipError(`entry ${entry.name} is larger than ${maxBytes} bytes`);
    return Buffer.from(data);
  }
  if (entry.method !== 8) throw new ZipError(`entry ${entry.name} uses an unsupported compression method (${entry.method})`);
  try {
    return inflateRawSync(data, { maxOutputLength: maxBytes });
  } catch (e) {
    throw new ZipError(`entry ${entry.name} cannot be inflated: ${(e as Error).message}`);
  }
}

function findEndOfCentralDirectory(buf: Buffer): number {
  // The record is 22 bytes plus a comment of up to 65,535 bytes, at the very end.
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let p = buf.length - 22; p >= stop; p--) {
    if (buf.readUInt32LE(p) === EOCD_SIGNATURE) return p;
  }
  throw new ZipError('not a ZIP archive (no end of central directory)');
}

function zip64Extra(extra: Buffer): number[] {
  let p = 0;
  while (p + 4 <= extra.length) {
    const id = extra.readUInt16LE(p);
    const size = extra.readUInt16LE(p + 2);
    if (id === 0x0001) {
      const out: number[] = [];
      for (let q = p + 4; q + 8 <= p + 4 + size && q + 8 <= extra.length; q += 8) out.push(safeNumber(extra.readBigUInt64LE(q)));
      return out;
    }
    p += 4 + size;
  }
  return [];
}

function safeNumber(n: bigint): number {
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipError('ZIP64 value out of range');
  return Number(n);
}
