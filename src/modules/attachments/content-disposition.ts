/**
 * Content-Disposition for a download (RFC 6266) with the file name in both forms: an ASCII
 * `filename` for old clients and `filename*` (RFC 8187, formerly 5987) carrying the exact UTF-8
 * name, which every current browser prefers. Pure.
 */

/** Characters RFC 8187 allows unencoded in an ext-value (attr-char). */
const ATTR_CHAR = /[A-Za-z0-9!#$&+\-.^_`|~]/;

export function encodeRfc8187(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && ATTR_CHAR.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * An ASCII stand-in for the name: non-ASCII runs become "_", quotes, backslashes and "%" (which
 * some clients decode) are replaced, and a name left without letters becomes "attachment".
 */
export function asciiFallback(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const ext = dot > 0 && /^\.[A-Za-z0-9]{1,8}$/.test(fileName.slice(dot)) ? fileName.slice(dot) : '';
  const base = ext ? fileName.slice(0, dot) : fileName;
  let ascii = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]+/g, '_')
    .replace(/["\\%;]/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[_\s.]+|[_\s.]+$/g, '');
  if (!/[A-Za-z0-9]/.test(ascii)) ascii = 'attachment';
  return `${ascii}${ext}`;
}

export function contentDisposition(fileName: string, type: 'attachment' | 'inline' = 'attachment'): string {
  return `${type}; filename="${asciiFallback(fileName)}"; filename*=UTF-8''${encodeRfc8187(fileName)}`;
}
