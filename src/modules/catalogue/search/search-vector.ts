import { latinText, simpleTokens } from './search-text.js';

/** The text an entry is searched by (a published document's public copy, an import, a report). */
export interface SearchableText {
  title: string;
  summary: string | null;
  body: string;
  /** Text of the attachments ('' when there are none). */
  attachmentsText: string;
}

/**
 * The tsvector of an entry: title (A), summary (B), body (C), attachments (D); Chinese bigrams +
 * English stems. Every write of catalogue_entries.search goes through here (the catalogue
 * repository, the catalogue import, the benchmark's loader), so all entries are searched alike.
 */
export function searchVectorSql(p: (v: unknown) => string, copy: SearchableText): string {
  const part = (text: string, weight: 'A' | 'B' | 'C' | 'D') =>
    `setweight(to_tsvector('simple', ${p(simpleTokens(text))}) || to_tsvector('english', ${p(latinText(text))}), '${weight}')`;
  return [part(copy.title, 'A'), part(copy.summary ?? '', 'B'), part(copy.body, 'C'), part(copy.attachmentsText, 'D')].join(' || ');
}
