/**
 * The text of a PDF, read in a worker thread of its own.
 *
 * pdf-parse runs on pdfjs-dist's legacy build, which installs core-js polyfills into the realm
 * that loads it. On Node 20 that replaces JSON.parse and Array.prototype.push with JavaScript
 * versions (and AbortSignal, DOMException, MessageChannel, navigator): every request body, every
 * JSON column and every row the pg driver collects went through them. A worker has its own
 * realm, so the polyfills stay there. It also keeps a long parse off the event loop, its memory
 * bounded, and lets a parse that runs past its time be stopped (terminate) instead of left running.
 *
 * The worker's code is plain JavaScript evaluated by Node (no build step or loader involved, so it
 * runs the same from dist/ and from the TypeScript sources under test); it loads pdf-parse by path.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const PDF_PARSE = createRequire(import.meta.url).resolve('pdf-parse');

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { PDFParse } = require(workerData.pdfParse);
(async () => {
  const parser = new PDFParse({ data: workerData.data });
  try {
    const result = await parser.getText({ pageJoiner: '' });
    parentPort.postMessage({ text: result.text });
  } catch (e) {
    parentPort.postMessage({ error: { name: (e && e.name) || 'Error', message: (e && e.message) || String(e) } });
  } finally {
    await parser.destroy().catch(() => undefined);
  }
})();
`;

/** A failure of the parser itself: the file is damaged or locked (the caller words the 400). */
export class PdfReadError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

/** Heap a single parse may use; a PDF that needs more is refused as unreadable. */
const MAX_WORKER_HEAP_MB = 256;

/** Resolves with the text; rejects with PdfReadError; `signal` stops the parse (rejects with its reason). */
export function pdfText(bytes: Buffer, signal?: AbortSignal): Promise<string> {
  // A copy the worker takes over: the parser may detach the buffer it is given.
  const data = new Uint8Array(bytes);
  return new Promise<string>((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { pdfParse: PDF_PARSE, data },
      transferList: [data.buffer],
      resourceLimits: { maxOldGenerationSizeMb: MAX_WORKER_HEAP_MB },
      stdout: true,
      stderr: true,
    });
    // pdf.js's warnings about odd fonts and the like: not the service's log.
    worker.stdout.resume();
    worker.stderr.resume();
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', stop);
      void worker.terminate();
      fn();
    };
    const stop = () => settle(() => reject(signal?.reason ?? new Error('stopped')));
    if (signal?.aborted) return stop();
    signal?.addEventListener('abort', stop, { once: true });
    worker.once('message', (m: { text?: string; error?: { name: string; message: string } }) =>
      settle(() => (m.error ? reject(new PdfReadError(m.error.name, m.error.message)) : resolve(m.text ?? ''))),
    );
    worker.once('error', (e: Error & { code?: string }) =>
      settle(() => reject(new PdfReadError(e.code ?? e.name, e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? `it needs more than ${MAX_WORKER_HEAP_MB} MB to read` : e.message))),
    );
    worker.once('exit', (code) => settle(() => reject(new PdfReadError('exit', `the reader stopped (exit code ${code})`))));
  });
}
