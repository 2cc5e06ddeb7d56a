/**
 * Looking inside office containers (OFD, DOCX, XLSX are ZIP archives) before any other library
 * unpacks them, with yauzl (a maintained, spec-following reader) and limits against zip bombs:
 *
 * - the number of entries, from the end record, before a single entry is listed;
 * - the sum of the declared uncompressed sizes, from the central directory, before anything is
 *   inflated;
 * - the bytes actually inflated, since declared sizes can lie: yauzl fails an entry's stream as
 *   soon as it yields more than its declared size (validateEntrySizes), and every stream here is
 *   also counted against the archive's total and the caller's cap, and destroyed past them.
 *
 * File names are decoded here (UTF-8 when the entry says so, otherwise Latin-1, as the names we
 * look for are plain ASCII) rather than by yauzl, whose checks are for writing entries to disk
 * (it refuses names such as "/Doc_0/Document.xml" that some OFD writers produce): nothing here
 * touches the file system.
 */
import yauzl from 'yauzl';

export class ZipError extends Error {}

/** A limit was reached: too many entries, or more bytes than declared or allowed. */
export class ZipLimitError extends ZipError {
  constructor(
    readonly limit: 'entries' | 'declared' | 'inflated',
    message: string,
    /** The number that broke the limit (entries or bytes), when known. */
    readonly amount?: number,
  ) {
    super(message);
  }
}

interface ZipLimits {
  maxEntries: number;
  /** For the declared uncompressed sizes together, and for the bytes inflated together. */
  maxTotalBytes: number;
}

interface ZipEntry {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

/** The archive of a buffer, its entries listed and their declared sizes checked. */
export class ZipArchive {
  private inflated = 0;

  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly raw: Map<ZipEntry, yauzl.Entry>,
    readonly entries: readonly ZipEntry[],
    private readonly limits: ZipLimits,
  ) {}

  /** Lists the entries; ZipError when the archive is not readable, ZipLimitError past a limit. */
  static async open(bytes: Buffer, limits: ZipLimits): Promise<ZipArchive> {
    const zip = await wrap(() => yauzl.fromBufferPromise(bytes, { decodeStrings: false, validateEntrySizes: true }));
    if (zip.entryCount > limits.maxEntries) {
      throw new ZipLimitError('entries', `the archive holds ${zip.entryCount} entries (at most ${limits.maxEntries})`, zip.entryCount);
    }
    const raw = new Map<ZipEntry, yauzl.Entry>();
    let declared = 0;
    await wrap(async () => {
      for await (const e of zip.eachEntry()) {
        const entry: ZipEntry = { name: decodeName(e), compressedSize: e.compressedSize, uncompressedSize: e.uncompressedSize };
        raw.set(entry, e);
        declared += e.uncompressedSize;
      }
    });
    if (declared > limits.maxTotalBytes) {
      throw new ZipLimitError('declared', `the archive would expand to ${declared} bytes (at most ${limits.maxTotalBytes})`, declared);
    }
    return new ZipArchive(zip, raw, [...raw.keys()], limits);
  }

  /** The content of one entry, inflated to at most `maxBytes` (ZipError beyond). */
  async read(entry: ZipEntry, maxBytes: number): Promise<Buffer> {
    const chunks: Buffer[] = [];
    await this.inflate(entry, maxBytes, (c) => chunks.push(c));
    return Buffer.concat(chunks);
  }

  /**
   * Inflates every entry, keeping nothing: afterwards the archive is known to expand to no more
   * than it declares and than the limit, so another library may unpack it.
   */
  async inflateAll(): Promise<void> {
    for (const entry of this.entries) {
      if (entry.name.endsWith('/') && entry.uncompressedSize === 0) continue;
      await this.inflate(entry, Number.POSITIVE_INFINITY, () => undefined);
    }
  }

  private async inflate(entry: ZipEntry, maxBytes: number, sink: (chunk: Buffer) => void): Promise<void> {
    const e = this.raw.get(entry);
    if (!e) throw new ZipError(`entry ${entry.name} is not in this archive`);
    if (e.uncompressedSize > maxBytes) throw new ZipError(`entry ${entry.name} is larger than ${maxBytes} bytes`);
    const stream = await wrap(() => this.zip.openReadStreamPromise(e), `entry ${entry.name} cannot be read`);
    await new Promise<void>((resolve, reject) => {
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        this.inflated += chunk.length;
        if (bytes > maxBytes) return void stream.destroy(new ZipError(`entry ${entry.name} is larger than ${maxBytes} bytes`));
        if (this.inflated > this.limits.maxTotalBytes) {
          return void stream.destroy(new ZipLimitError('inflated', `the archive expands to more than ${this.limits.maxTotalBytes} bytes`));
        }
        sink(chunk);
      });
      stream.on('error', (err: Error) => {
        if (err instanceof ZipError) return reject(err);
        // yauzl's own size check: the entry yields more than its declared size.
        if (/too many bytes in the stream/.test(err.message)) {
          return reject(new ZipLimitError('inflated', `entry ${entry.name} expands beyond its declared ${e.uncompressedSize} bytes`));
        }
        reject(new ZipError(`entry ${entry.name} cannot be inflated: ${err.message}`));
      });
      stream.on('end', resolve);
    });
  }
}

async function wrap<T>(f: () => Promise<T>, context?: string): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof ZipError) throw e;
    const message = (e as Error)?.message ?? String(e);
    throw new ZipError(context ? `${context}: ${message}` : message);
  }
}

function decodeName(e: yauzl.Entry): string {
  const raw = e.fileName as unknown as Buffer;
  // Bit 11: UTF-8 names; otherwise CP437, of which the names we look for are plain ASCII.
  return e.generalPurposeBitFlag & 0x800 ? raw.toString('utf8') : raw.toString('latin1');
}
