import { parse } from 'content-disposition';
import { asciiFallback, contentDisposition } from './content-disposition.js';

describe('Content-Disposition (RFC 6266 / 8187)', () => {
  it('keeps the exact UTF-8 name in filename* and an ASCII stand-in in filename', () => {
    const name = '关于印发《政府信息公开工作规则》的通知（2026年）.pdf';
    const h = contentDisposition(name);
    expect(h).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''[A-Za-z0-9%!#$&+\-.^_`|~]+$/);
    const star = /filename\*=UTF-8''(.+)$/.exec(h)![1];
    expect(decodeURIComponent(star)).toBe(name);
    expect(/filename="([^"]+)"/.exec(h)![1]).toBe('(2026_).pdf');
    expect(parse(h)).toEqual(expect.objectContaining({ type: 'attachment', parameters: { filename: name } }));
  });

  it('percent-encodes what RFC 8187 does not allow bare', () => {
    expect(contentDisposition("a b'(c)*%.pdf")).toBe(`attachment; filename="a b'(c)*.pdf"; filename*=UTF-8''a%20b%27%28c%29%2A%25.pdf`);
    expect(contentDisposition('ü.pdf')).toBe(`attachment; filename="u.pdf"; filename*=UTF-8''%C3%BC.pdf`);
  });

  it('an explicit ASCII name for old clients', () => {
    const name = '政府信息公开申请答复书-ABC123.txt';
    expect(contentDisposition(name, { fallback: 'reply-ABC123.txt' })).toBe(`attachment; filename="reply-ABC123.txt"; filename*=UTF-8''${encodeURIComponent(name)}`);
    expect(contentDisposition('报告.csv', { fallback: '报告 "x".csv' })).toBe(`attachment; filename="x.csv"; filename*=UTF-8''${encodeURIComponent('报告.csv')}`);
  });

  it('ASCII fallback: accents dropped, quotes and percent replaced, a name of only Chinese becomes "attachment"', () => {
    expect(asciiFallback('Résumé "final" 100%.docx')).toBe('Resume _final_ 100.docx');
    expect(asciiFallback('通知.pdf')).toBe('attachment.pdf');
    expect(asciiFallback('附件1-预算表.xlsx')).toBe('1-.xlsx');
    expect(asciiFallback('no-extension')).toBe('no-extension');
  });

  it('a plain ASCII name goes in filename alone; inline when asked', () => {
    expect(contentDisposition('a.pdf')).toBe('attachment; filename="a.pdf"');
    expect(contentDisposition('a.pdf', { type: 'inline' })).toBe('inline; filename="a.pdf"');
  });

  it('no directory survives, and the rest of the name is kept', () => {
    expect(contentDisposition('区发改委/物价局.pdf')).toBe(`attachment; filename="attachment.pdf"; filename*=UTF-8''${encodeURIComponent('区发改委_物价局.pdf')}`);
  });
});
