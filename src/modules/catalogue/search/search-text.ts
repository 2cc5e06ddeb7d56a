/**
 * Text → search tokens, Chinese and English alike, for PostgreSQL's full-text search.
 *
 * PostgreSQL has no Chinese word breaker, and the embedded build ships no zhparser; so Chinese
 * text is indexed as overlapping character bigrams (信息公开 → 信息 息公 公开) in the `simple`
 * configuration, with positions. A Chinese query becomes a phrase of its bigrams
 * (信息 <-> 息公 <-> 公开), which matches exactly the texts that contain the query as a substring,
 * through the GIN index. Latin words go through both `simple` (exact, numbers, codes) and
 * `english` (stemmed: "budgets" finds "budget"). Hand-written because no maintained npm package
 * produces PostgreSQL tsvector input for mixed CJK text.
 */

const RUN = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}])+)/gu;

/** Bodies are indexed up to this many characters (a tsvector holds at most 1 MB). */
const MAX_INDEXED_CHARS = 60_000;

/** Tokens for to_tsvector('simple', …): CJK bigrams and lower-cased Latin/digit words, in order. */
export function simpleTokens(text: string, maxChars = MAX_INDEXED_CHARS): string {
  const src = text.length > maxChars ? text.slice(0, maxChars) : text;
  const out: string[] = [];
  for (const m of src.matchAll(RUN)) {
    if (m[1]) {
      const chars = Array.from(m[1]);
      if (chars.length === 1) out.push(chars[0]);
      else for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    } else if (m[2]) {
      out.push(m[2].toLowerCase());
    }
  }
  return out.join(' ');
}

/** The Latin part of a text, for to_tsvector('english', …). */
export function latinText(text: string, maxChars = MAX_INDEXED_CHARS): string {
  const src = text.length > maxChars ? text.slice(0, maxChars) : text;
  return src.replace(/\p{Script=Han}+/gu, ' ');
}

export interface SearchQuery {
  /** Each entry a phrase for phraseto_tsquery('simple', …) (bigrams of one Chinese run). */
  cjkPhrases: string[];
  /** Single Chinese characters: prefix matches on bigrams. */
  cjkSingles: string[];
  /** Latin/digit words, matched stemmed (english) or exactly (simple). */
  words: string[];
}

/** Splits a user's query into what the SQL builder combines with AND. At most 20 terms. */
export function parseQuery(q: string): SearchQuery {
  const res: SearchQuery = { cjkPhrases: [], cjkSingles: [], words: [] };
  for (const m of q.slice(0, 200).matchAll(RUN)) {
    if (m[1]) {
      const chars = Array.from(m[1]);
      if (chars.length === 1) res.cjkSingles.push(chars[0]);
      else res.cjkPhrases.push(simpleTokens(m[1]));
    } else if (m[2]) {
      res.words.push(m[2].toLowerCase());
    }
    if (res.cjkPhrases.length + res.cjkSingles.length + res.words.length >= 20) break;
  }
  return res;
}

export function isEmptyQuery(q: SearchQuery): boolean {
  return q.cjkPhrases.length + q.cjkSingles.length + q.words.length === 0;
}
