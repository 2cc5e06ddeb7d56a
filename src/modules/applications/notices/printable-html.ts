/** A Printable as a self-contained HTML page for the browser's print dialog (A4, no script, styles inline: the CSP allows them). */
import type { Printable } from './printable.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

const STYLE = `
  @page { size: A4; margin: 25mm 22mm; }
  body { margin: 0; background: #f2f2f2; color: #111; font: 16px/1.9 "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", serif; }
  main { max-width: 170mm; margin: 24px auto; padding: 22mm 20mm; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.2); }
  .heading { text-align: center; font-size: 18px; letter-spacing: .1em; margin: 0; }
  h1 { text-align: center; font: bold 22px/1.6 "SimHei", "Noto Sans CJK SC", sans-serif; margin: .4em 0; }
  .subtitle { text-align: center; margin: 0; }
  .addressee { margin-top: 1.5em; }
  p.body { text-indent: 2em; margin: 0 0 .4em; text-align: justify; }
  .attachments { margin-top: 1em; }
  .attachments ol { margin: 0; padding-left: 2em; list-style: none; }
  .signature { margin-top: 3em; text-align: right; }
  .seal { display: inline-block; margin-top: .5em; padding: 1.2em 1.6em; border: 1px dashed #999; border-radius: 50%; color: #666; }
  .note { margin-top: 2em; color: #444; font-size: 14px; }
  @media print { body { background: #fff; } main { margin: 0; padding: 0; box-shadow: none; max-width: none; } }
`;

export function printableHtml(p: Printable): string {
  const parts = [
    '<!doctype html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(p.docTitle)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<p class="heading">${esc(p.heading)}</p>`,
    `<h1>${esc(p.title)}</h1>`,
    ...p.subtitle.map((s) => `<p class="subtitle">${esc(s)}</p>`),
    p.addressee ? `<p class="addressee">${esc(p.addressee)}</p>` : '',
    ...p.paragraphs.map((s) => `<p class="body">${esc(s)}</p>`),
    p.attachments.length ? `<div class="attachments"><p>附件：</p><ol>${p.attachments.map((a) => `<li>${esc(a)}</li>`).join('')}</ol></div>` : '',
    p.signature
      ? `<div class="signature"><div>${esc(p.signature.name)}</div><div>${esc(p.signature.date)}</div><div class="seal" aria-label="印章位置">${esc(p.signature.seal)}</div></div>`
      : '',
    p.note ? `<p class="note">${esc(p.note)}</p>` : '',
    '</main>',
    '</body>',
    '</html>',
    '',
  ];
  return parts.filter((x) => x !== '').join('\n');
}
