/** A Printable as a DOCX file (the `docx` package): A4, 仿宋 body with a first-line indent of two characters, the title in 黑体, the signature and the seal's place on the right. */
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, TextRun } from 'docx';
import type { Printable } from './printable.js';

const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: 'FangSong' };
const TITLE_FONT = { ascii: 'Arial', hAnsi: 'Arial', eastAsia: 'SimHei' };
/** Sizes in half-points: 三号 16 pt for the body, 二号 22 pt for the title. */
const BODY = 32;
const TITLE = 44;

const line = (text: string, o: { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: boolean; bold?: boolean; size?: number; font?: typeof BODY_FONT; before?: number; border?: boolean } = {}) =>
  new Paragraph({
    alignment: o.align,
    indent: o.indent ? { firstLineChars: 200 } : undefined,
    spacing: { before: o.before ?? 0, line: 560 },
    border: o.border
      ? { top: { style: BorderStyle.DASHED, size: 6, color: '999999', space: 4 }, bottom: { style: BorderStyle.DASHED, size: 6, color: '999999', space: 4 }, left: { style: BorderStyle.DASHED, size: 6, color: '999999', space: 4 }, right: { style: BorderStyle.DASHED, size: 6, color: '999999', space: 4 } }
      : undefined,
    children: [new TextRun({ text, bold: o.bold, size: o.size ?? BODY, font: o.font ?? BODY_FONT })],
  });

export async function printableDocx(p: Printable): Promise<Buffer> {
  const children: Paragraph[] = [
    line(p.heading, { align: AlignmentType.CENTER }),
    line(p.title, { align: AlignmentType.CENTER, bold: true, size: TITLE, font: TITLE_FONT, before: 120 }),
    ...p.subtitle.map((s) => line(s, { align: AlignmentType.CENTER })),
  ];
  if (p.addressee) children.push(line(p.addressee, { before: 240 }));
  children.push(...p.paragraphs.map((s) => line(s, { indent: true })));
  if (p.attachments.length) {
    children.push(line('附件：', { before: 240 }));
    children.push(...p.attachments.map((a) => line(a, { indent: true })));
  }
  if (p.signature) {
    children.push(line(p.signature.name, { align: AlignmentType.RIGHT, before: 600 }));
    children.push(line(p.signature.date, { align: AlignmentType.RIGHT }));
    children.push(line(p.signature.seal, { align: AlignmentType.RIGHT, border: true, before: 120 }));
  }
  if (p.note) children.push(line(p.note, { before: 480, size: 24 }));
  const doc = new Document({
    creator: p.heading,
    title: p.docTitle,
    styles: { default: { document: { run: { font: BODY_FONT, size: BODY } } } },
    sections: [{ properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } }, children }],
  });
  return Packer.toBuffer(doc);
}
