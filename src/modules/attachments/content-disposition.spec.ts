import { asciiFallback, contentDisposition, encodeRfc8187 } from './content-disposition.js';

describe('Content-Disposition (RFC 6266 / 8187)', () => {
  it('keeps the exact UTF-8 name in filename* and an ASCII stand-in in filename', () => {
    const name = '关于印发《政府信息公开工作规则》的通知（2026年）.pdf';
    const h = contentDisposition(name);
    expect(h).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''[A-Za-z0-9%!#$&+\-.^_`|~]+$/);
    const star = /filename\*=UTF-8''(.+)$/.exec(h)![1];
    expect(decodeURIComponent(star)).toBe(name);
    expect(/filename="([^"]+)"/.exec(h)![1]).toBe('(2026_).pdf');
  });

  it('percent-encodes what RFC 8187 does not allow bare', () => {
    expect(encodeRfc8187("a b'(c)*%.pdf")).toBe('a%20b%27%28c%29%2A%25.pdf');
    expect(encodeRfc8187('ü')).toBe('%C3%BC');
  });

  it('ASCII fallback: accents dropped, quotes and percent replaced, a name of only Chinese becomes "attachment"', () => {
    expect(asciiFallback('Résumé "final" 100%.docx')).toBe('Resume _final_ 100.docx');
    expect(asciiFallback('通知.pdf')).toBe('attachment.pdf');
    expect(asciiFallback('附件1-预算表.xlsx')).toBe('1-.xlsx');
    expect(asciiFallback('no-extension')).toBe('no-extension');
  });

  it('inline when asked', () => {
    expect(contentDisposition('a.pdf', 'inline')).toBe(`inline; filename="a.pdf"; filename*=UTF-8''a.pdf`);
  });
});
