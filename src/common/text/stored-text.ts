/**
 * The one rule for text the service stores, applied at every edge where text comes in (the HTTP
 * hook in bootstrap.ts for bodies, queries and path parameters; the catalogue import's rows):
 * - NUL: PostgreSQL's text cannot hold it;
 * - an unpaired surrogate: not a character, breaks UTF-8 and the JSON columns;
 * - the C0 control characters other than tab, line feed and carriage return, and the
 *   noncharacters U+FFFE and U+FFFF: XML 1.0 cannot carry them, not even as character references,
 *   so one of them in a published title would make the Atom and RSS feeds unreadable for every
 *   reader. They have no use in a government document's text either.
 * Refused, not silently removed: the caller learns which field holds what.
 */
export type TextProblem = 'nul' | 'surrogate' | 'control';

const NUL_OR_SURROGATE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const CONTROL = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/** What is wrong with `s` as stored text, with the offending character's code point; null when fine. */
export function textProblem(s: string): { problem: TextProblem; codePoint: number } | null {
  const bad = NUL_OR_SURROGATE.exec(s);
  if (bad) return { problem: bad[0] === '\u0000' ? 'nul' : 'surrogate', codePoint: bad[0].charCodeAt(0) };
  const ctl = CONTROL.exec(s);
  return ctl ? { problem: 'control', codePoint: ctl[0].charCodeAt(0) } : null;
}

const u = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;

/** The message naming `field` and its problem. */
export function describeTextProblem(field: string, p: { problem: TextProblem; codePoint: number }): string {
  return p.problem === 'control'
    ? `${field} contains a control character (${u(p.codePoint)}); only tab, line feed and carriage return are allowed`
    : `${field} contains a character that cannot be stored (NUL or an unpaired surrogate)`;
}

/**
 * The path (`contact.address`, `overrides.0.name`) and problem of the first string or key in a
 * parsed JSON value (or query, or path parameters) that is not storable text; null when all are.
 */
export function firstTextProblem(value: unknown, maxDepth: number, path = '', depth = 0): { path: string; problem: TextProblem; codePoint: number } | null {
  if (typeof value === 'string') {
    const p = textProblem(value);
    return p ? { path, ...p } : null;
  }
  if (value === null || typeof value !== 'object' || depth > maxDepth) return null;
  for (const [k, v] of Object.entries(value)) {
    const at = path ? `${path}.${k}` : k;
    const inKey = textProblem(k);
    if (inKey) return { path: at, ...inKey };
    const found = firstTextProblem(v, maxDepth, at, depth + 1);
    if (found) return found;
  }
  return null;
}
