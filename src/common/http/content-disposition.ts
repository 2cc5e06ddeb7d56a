/**
 * Content-Disposition for a download (RFC 6266), written by the maintained `content-disposition`
 * package: the exact UTF-8 name in `filename*` (RFC 8187), which every current browser prefers,
 * and an ASCII stand-in in `filename` for old clients. When the name is plain ASCII already, the
 * package sends `filename` alone, which says the same.
 *
 * What stays ours is the stand-in: the package's own replaces every non-Latin-1 character with
 * "?", which turns a Chinese name into "????.pdf". Ours drops accents, turns non-ASCII runs into
 * "_" and falls back to "attachment" (asciiFallback below).
 */
import contentDispositionHeader from 'content-disposition';

interface DispositionOptions {
  type?: 'attachment' | 'inline';
  /** The ASCII name for old clients; default: derived from the name (asciiFallback). */
  fallback?: string;
}

/**
 * An ASCII stand-in for the name: non-ASCII runs become "_", quotes, backslashes, "%" (which some
 * clients decode) and ";" are replaced, and a name left without letters becomes "attachment".
 */
export function asciiFallback(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const ext = dot > 0 && /^\.[A-Za-z0-9]{1,8}$/.test(fileName.slice(dot)) ? fileName.slice(dot) : '';
  const base = ext ? fileName.slice(0, dot) : fileName;
  let ascii = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]+/g, '_')
    .replace(/["\\%;/]/g, '_')
    .replace(/_+/g, '_')
    .replace(/^[_\s.]+|[_\s.]+$/g, '');
  if (!/[A-Za-z0-9]/.test(ascii)) ascii = 'attachment';
  return `${ascii}${ext}`;
}

/**
 * The header value. Slashes become "_" first: the package keeps only what follows the last one
 * (a path's base name), and a browser would save them as "_" anyway.
 */
export function contentDisposition(fileName: string, opts: DispositionOptions = {}): string {
  const name = fileName.replace(/[/\\]/g, '_');
  return contentDispositionHeader(name, { type: opts.type ?? 'attachment', fallback: asciiFallback(opts.fallback ?? name) });
}
