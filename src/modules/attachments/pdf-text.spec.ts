import { PDFDocument, StandardFonts } from 'pdf-lib';
import { PdfReadError, pdfText } from './pdf-text.js';

async function makePdf(text: string): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage();
  page.drawText(text, { x: 50, y: 700, size: 12, font: await pdf.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await pdf.save());
}

const native = (f: unknown) => /\{ \[native code\] \}$/.test(String(f));

describe('pdfText (a worker thread per file)', () => {
  it('reads the text, and the polyfills of the PDF library stay in the worker', async () => {
    expect((await pdfText(await makePdf('Budget transparency rules'))).trim()).toBe('Budget transparency rules');
    // pdfjs-dist's legacy build replaces these with JavaScript versions in the realm that loads it.
    expect(native(JSON.parse)).toBe(true);
    expect(native(Array.prototype.push)).toBe(true);
    expect((globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent ?? 'Node.js').toMatch(/Node\.js/);
  });

  it('rejects a damaged file with the parser’s reason', async () => {
    const err = await pdfText(Buffer.from('%PDF-1.7\n1 0 obj garbage\n%%EOF')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PdfReadError);
    expect((err as Error).message).toMatch(/Invalid PDF/);
  });

  it('stops the worker when asked', async () => {
    const stop = new AbortController();
    const reading = pdfText(await makePdf('x'), stop.signal);
    stop.abort(new Error('time is up'));
    await expect(reading).rejects.toThrow('time is up');
  });
});
