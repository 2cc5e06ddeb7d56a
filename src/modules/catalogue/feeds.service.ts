import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Feed } from 'feed';
import { CatalogueCache } from './catalogue-cache.js';
import { CatalogueRepository } from './catalogue.repository.js';
import type { CatalogueDetailRow } from './catalogue-rows.js';
import { groupLinks, type EntryLinks } from './entry-links.js';

export type FeedFormat = 'atom' | 'rss' | 'json';

export interface RenderedFeed {
  body: string;
  contentType: string;
  etag: string;
  /** The second of the newest publication or revocation the feed shows (HTTP dates have no finer resolution). */
  lastModified: Date;
  /**
   * Whether If-Modified-Since may be answered from lastModified: only when that second holds one
   * change. With two (a publication at 10:00:00.2 and another at 10:00:00.7), a copy dated
   * 10:00:00 may have been taken between them; then only the ETag can tell.
   */
  lastModifiedValidates: boolean;
}

const CONTENT_TYPES: Record<FeedFormat, string> = {
  atom: 'application/atom+xml; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

export const FEED_SIZE = 50;

/**
 * Atom 1.0, RSS 2.0 and JSON Feed 1.1 of the newest catalogue entries, made with the `feed`
 * package. The ETag is a hash of what the feed shows, so it changes exactly when a publication
 * or a revocation changes the feed, on every instance alike.
 */
@Injectable()
export class FeedsService {
  constructor(
    private readonly repo: CatalogueRepository,
    private readonly cache: CatalogueCache,
  ) {}

  render(format: FeedFormat, filter: { category?: string; unit?: string }, baseUrl: string): Promise<RenderedFeed> {
    return this.cache.get(`feed:${format}:${filter.category ?? ''}:${filter.unit ?? ''}:${baseUrl}`, () => this.renderNow(format, filter, baseUrl));
  }

  private async renderNow(format: FeedFormat, filter: { category?: string; unit?: string }, baseUrl: string): Promise<RenderedFeed> {
    // Revocations change every format (RSS and JSON lose the entry, Atom adds a tombstone): all
    // three date their answer by them; only Atom shows them.
    const [entries, revoked] = await Promise.all([
      this.repo.newest({ category: filter.category, unitCode: filter.unit, limit: FEED_SIZE }),
      this.repo.recentlyRevoked({ category: filter.category, unitCode: filter.unit, limit: 20 }),
    ]);
    const tombstones = format === 'atom' ? revoked : [];
    // The links between documents and their interpretations (an interpretation published later changes its document's item too).
    const links = groupLinks(await this.repo.relations(entries.map((e) => e.indexNo)));
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([format, filter.category ?? '', filter.unit ?? '', baseUrl]))
      .update(entries.map((e) => `${e.indexNo}@${new Date(e.publishedAt).toISOString()}`).join('|'))
      .update(tombstones.map((r) => `${r.indexNo}@${new Date(r.revokedAt).toISOString()}`).join('|'))
      .update(JSON.stringify([...links].sort(([a], [b]) => a.localeCompare(b))))
      .digest('base64url')
      .slice(0, 27);
    // One change per instant: the entries of one transaction share its time.
    const changes = new Set([...entries.map((e) => new Date(e.publishedAt).getTime()), ...revoked.map((r) => new Date(r.revokedAt).getTime())]);
    const newest = changes.size ? Math.max(...changes) : 0;
    const second = newest - (((newest % 1000) + 1000) % 1000);
    const lastModified = new Date(second);
    const inThatSecond = [...changes].filter((t) => t >= second && t < second + 1000).length;
    const body = this.build(format, entries, tombstones, filter, baseUrl, lastModified, links);
    return { body, contentType: CONTENT_TYPES[format], etag: `"${fingerprint}"`, lastModified, lastModifiedValidates: inThatSecond <= 1 };
  }

  private build(
    format: FeedFormat,
    entries: CatalogueDetailRow[],
    revoked: { indexNo: string; revokedAt: Date }[],
    filter: { category?: string; unit?: string },
    baseUrl: string,
    updated: Date,
    links: Map<string, EntryLinks>,
  ): string {
    const query = new URLSearchParams();
    if (filter.category) query.set('category', filter.category);
    if (filter.unit) query.set('unit', filter.unit);
    const qs = query.toString() ? `?${query}` : '';
    const feed = new Feed({
      id: `${baseUrl}/feeds/catalogue${qs}`,
      title: '政府信息公开目录 Government information disclosure catalogue',
      description: '主动公开的政府信息 · information published proactively',
      link: `${baseUrl}/catalogue`,
      language: 'zh-CN',
      updated,
      generator: 'gongkai',
      copyright: '',
      feedLinks: {
        atom: `${baseUrl}/feeds/catalogue.atom${qs}`,
        rss: `${baseUrl}/feeds/catalogue.rss${qs}`,
        json: `${baseUrl}/feeds/catalogue.json${qs}`,
      },
    });
    // The catalogue holds plain text. The `feed` package puts each field into a slot whose
    // type it fixes: Atom's title, summary and content are type="html", RSS's description and
    // content:encoded are HTML, RSS's title is text, and JSON Feed gets the text itself (its
    // content_html becomes content_text below). So HTML slots get the text escaped as HTML.
    const asHtml = format !== 'json';
    for (const e of entries) {
      feed.addItem({
        id: `${baseUrl}/api/v1/catalogue/${e.indexNo}`,
        guid: e.indexNo,
        title: format === 'atom' ? escapeHtml(e.title) : feedText(e.title),
        link: `${baseUrl}/catalogue/${e.indexNo}`,
        date: new Date(e.publishedAt),
        published: new Date(e.publishedAt),
        description: e.summary === null ? undefined : asHtml ? textToHtml(e.summary) : feedText(e.summary),
        content: asHtml ? textToHtml(e.body) : feedText(e.body),
        author: [{ name: feedText(e.unitName) }],
        category: e.category ? [{ name: e.category, term: e.category }] : undefined,
        extensions: relatedExtensions(format, links.get(e.indexNo), baseUrl),
      });
    }
    if (format === 'rss') return feed.rss2();
    if (format === 'json') return toJsonFeed11(feed.json1(), 'zh-CN');
    return withTombstones(withRelatedLinks(feed.atom1(), entries, links, baseUrl), revoked, baseUrl);
  }
}

/**
 * Text as every feed reader can take it: the characters XML 1.0 cannot carry at all, not even
 * as references (C0 controls other than tab, line feed and carriage return; U+FFFE, U+FFFF),
 * become U+FFFD. The form refuses them (common/text/stored-text.ts); older entries may hold them.
 */
export function feedText(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** One line of text (a title) as HTML showing exactly that text. */
export function escapeHtml(s: string): string {
  return feedText(s).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * Plain text as HTML that shows exactly that text: every markup character escaped (so `<b>` is
 * shown, not applied, and `]]>` cannot end a CDATA section), blank lines as paragraphs, line
 * breaks as <br>.
 */
export function textToHtml(s: string): string {
  return escapeHtml(s)
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`)
    .join('');
}

/**
 * The `feed` package writes JSON Feed version 1; version 1.1 renames `author` to `authors`
 * (an array) and adds `language`. Everything else is the same, so convert rather than
 * hand-write the whole feed. The body is text: `content_text`, not `content_html`.
 */
function toJsonFeed11(json: string, language: string): string {
  const doc = JSON.parse(json) as Record<string, unknown> & { items?: Record<string, unknown>[] };
  doc.version = 'https://jsonfeed.org/version/1.1';
  doc.language = language;
  if (doc.author) {
    doc.authors = [doc.author];
    delete doc.author;
  }
  for (const item of doc.items ?? []) {
    if (item.content_html !== undefined) {
      item.content_text = item.content_html;
      delete item.content_html;
    }
    if (item.author) {
      item.authors = Array.isArray(item.author) ? item.author : [item.author];
      delete item.author;
    }
  }
  return JSON.stringify(doc);
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Adds RFC 6721 tombstones (at:deleted-entry) for revoked entries to an Atom feed. */
function withTombstones(atom: string, revoked: { indexNo: string; revokedAt: Date }[], baseUrl: string): string {
  const withNs = atom.replace('<feed xmlns="http://www.w3.org/2005/Atom"', '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:at="http://purl.org/atompub/tombstones/1.0"');
  if (revoked.length === 0) return withNs;
  const stones = revoked
    .map((r) => `    <at:deleted-entry ref="${xml(`${baseUrl}/api/v1/catalogue/${r.indexNo}`)}" when="${new Date(r.revokedAt).toISOString()}"><at:comment>revoked</at:comment></at:deleted-entry>\n`)
    .join('');
  return withNs.replace('</feed>', `${stones}</feed>`);
}

/** An entry's related entries (its interpretations, or the document it interprets), as the feeds link them. */
function related(l: EntryLinks | undefined): { indexNo: string; title: string; rel: 'interprets' | 'interpretation' }[] {
  if (!l) return [];
  return [...(l.interprets ? [{ ...l.interprets, rel: 'interprets' as const }] : []), ...l.interpretations.map((i) => ({ ...i, rel: 'interpretation' as const }))];
}

/** Text for an XML attribute that the `feed` package writes itself (it escapes `"` only). */
const attribute = (s: string) => feedText(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The links between a document and its interpretations in RSS (atom:link rel="related" in the
 * item; the feed declares the Atom namespace for its self link) and JSON Feed (the `_gongkai`
 * extension object: JSON Feed has no related link). Atom's are added by withRelatedLinks.
 */
function relatedExtensions(format: FeedFormat, l: EntryLinks | undefined, baseUrl: string): { name: string; objects: Record<string, unknown> }[] | undefined {
  const rel = related(l);
  if (rel.length === 0 || format === 'atom') return undefined;
  const page = (indexNo: string) => `${baseUrl}/catalogue/${indexNo}`;
  if (format === 'rss') {
    const objects = rel.map((r) => ({ _attributes: { rel: 'related', href: attribute(page(r.indexNo)), title: attribute(r.title) } }));
    return [{ name: 'atom:link', objects: objects as unknown as Record<string, unknown> }];
  }
  const ref = (r: { indexNo: string; title: string }) => ({ index_no: r.indexNo, title: feedText(r.title), url: page(r.indexNo) });
  return [{ name: '_gongkai', objects: { interprets: l?.interprets ? ref(l.interprets) : null, interpretations: (l?.interpretations ?? []).map(ref) } }];
}

/** Adds `<link rel="related">` to each Atom entry that has an interpretation or interprets a document (RFC 4287 §4.2.7.2). */
function withRelatedLinks(atom: string, entries: CatalogueDetailRow[], links: Map<string, EntryLinks>, baseUrl: string): string {
  let out = atom;
  for (const e of entries) {
    const rel = related(links.get(e.indexNo));
    if (rel.length === 0) continue;
    // The entry's id as the `feed` package writes it (the URL, normalised, with & escaped); the
    // links go last in the entry, after its own link, which readers take as the entry's address.
    const id = `<id>${new URL(`${baseUrl}/api/v1/catalogue/${e.indexNo}`).toString().replace(/&/g, '&amp;')}</id>`;
    const at = out.indexOf(id);
    const end = at < 0 ? -1 : out.indexOf('</entry>', at);
    if (end < 0) continue;
    const tags = rel.map((r) => `<link rel="related" href="${xml(`${baseUrl}/catalogue/${r.indexNo}`)}" title="${xml(feedText(r.title))}"/>`).join('');
    out = `${out.slice(0, end)}${tags}${out.slice(end)}`;
  }
  return out;
}
