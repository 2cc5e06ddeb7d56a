/**
 * The feeds read by real parsers, on a catalogue that holds hostile text: markup-like text
 * (`<script>`, `<b>`), `]]>`, `&`, emoji, CJK extension B characters, and, in an entry stored
 * before the form refused them, ASCII control characters. Every reader must get well-formed XML
 * (saxes, a conformant XML 1.0 parser, and fast-xml-parser's validator), the same text through
 * two independent feed parsers (rss-parser on xml2js, @extractus/feed-extractor on
 * fast-xml-parser), and that text as text: never as markup.
 */
import { extractFromJson, extractFromXml } from '@extractus/feed-extractor';
import { XMLValidator } from 'fast-xml-parser';
import Parser from 'rss-parser';
import { SaxesParser } from 'saxes';
import { CatalogueCache } from '../src/modules/catalogue/catalogue-cache.js';
import { FULL_CHAIN, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';

const TITLE = '关于<script>alert("x")</script>的通知 & <b>粗体</b> ]]> 😀 𠀀𪚥';
const SUMMARY = "摘要：a < b && c > d; <i>斜体</i> ]]> 'quoted' \"double\" 🏛️ 𠮷";
const BODY = '第一段 <p>不是段落</p> &amp; 不是实体\n第二行 ]]> 😀\n\n第二段 𠀀𪚥 <img src=x onerror=alert(1)>';
// Stored before the form refused them (the import or an older release): they must not break the feeds.
const LEGACY = { title: '旧条目\u0001标题\u000b', summary: '旧摘要\u001b[31m', body: '旧正文\u0008\ufffe\n第二行' };

/** What a reader shows for stored text: the characters XML cannot carry become U+FFFD. */
const shown = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd');

/** The text of HTML made from plain text: only <p> and <br> are markup, everything else must be escaped. */
function htmlText(html: string): string {
  const markup = html.replace(/<\/?p>|<br\s*\/?>/g, '');
  if (/</.test(markup)) throw new Error(`markup in what should be escaped text: ${html}`);
  return html
    .replace(/<\/p>\s*<p>/g, '\n\n')
    .replace(/<\/?p>/g, '')
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function wellFormed(xml: string): string[] {
  const errors: string[] = [];
  const p = new SaxesParser({ xmlns: true });
  p.on('error', (e) => errors.push(e.message));
  p.write(xml).close();
  const v = XMLValidator.validate(xml);
  if (v !== true) errors.push(`fast-xml-parser: ${v.err.msg} at line ${v.err.line}`);
  return errors;
}

describe('feeds with hostile text, read by real parsers', () => {
  let t: TestApp;
  let d: District;
  let hostile: { indexNo: string };
  let legacy: { indexNo: string };

  beforeAll(async () => {
    t = await startTestApp();
    d = await seedDistrict(t);
    legacy = (await walk(t, d, 'drafterA', FULL_CHAIN, { title: '旧条目', summary: '旧摘要', body: '旧正文' })) as { indexNo: string };
    hostile = (await walk(t, d, 'drafterA', FULL_CHAIN, { title: TITLE, summary: SUMMARY, body: BODY })) as { indexNo: string };
    await t.sql(`UPDATE catalogue_entries SET title = $2, summary = $3, body = $4 WHERE index_no = $1`, [legacy.indexNo, LEGACY.title, LEGACY.summary, LEGACY.body]);
    t.app.get(CatalogueCache).invalidate();
  });
  afterAll(() => t?.close());

  const feed = async (f: 'atom' | 'rss' | 'json') => {
    const res = await t.http.get(`/feeds/catalogue.${f}?unit=${d.unitA.code}`);
    expect(res.status).toBe(200);
    return res.text;
  };

  it('Atom and RSS are well-formed XML 1.0, also with control characters in stored text', async () => {
    for (const f of ['atom', 'rss'] as const) expect({ f, errors: wellFormed(await feed(f)) }).toEqual({ f, errors: [] });
  });

  it('rss-parser reads the titles, summaries and bodies as they were written', async () => {
    const parser = new Parser({ customFields: { item: [['content:encoded', 'encoded'], ['summary', 'summary']] } });
    const atom = await parser.parseString(await feed('atom'));
    const rss = await parser.parseString(await feed('rss'));
    const byLink = <T extends { link?: string }>(items: T[], indexNo: string) => items.find((i) => i.link?.endsWith(`/catalogue/${indexNo}`))!;
    for (const [entry, text] of [
      [hostile, { title: TITLE, summary: SUMMARY, body: BODY }],
      [legacy, LEGACY],
    ] as const) {
      // Atom: type="html", so readers decode the HTML: it must decode to the text.
      const a = byLink(atom.items, entry.indexNo) as unknown as Record<string, string>;
      expect(htmlText(a.title)).toBe(shown(text.title));
      expect(htmlText(a.summary)).toBe(shown(text.summary));
      expect(htmlText(a.content)).toBe(shown(text.body));
      // RSS: the title is plain text; description and content:encoded are HTML.
      const r = byLink(rss.items, entry.indexNo) as unknown as Record<string, string>;
      expect(r.title).toBe(shown(text.title));
      expect(htmlText(r.content)).toBe(shown(text.summary));
      expect(htmlText(r.encoded)).toBe(shown(text.body));
    }
  });

  it('@extractus/feed-extractor reads the same text from Atom, RSS and JSON Feed', async () => {
    for (const f of ['atom', 'rss', 'json'] as const) {
      const body = await feed(f);
      const data = f === 'json' ? extractFromJson(body, { descriptionMaxLen: 0 }) : extractFromXml(body, { descriptionMaxLen: 0 });
      const titles = (data.entries ?? []).map((e) => e.title);
      expect({ f, titles }).toEqual({ f, titles: [shown(TITLE), shown(LEGACY.title)] });
      // Its normalised description (Atom's summary, RSS's description) is text with what looks like
      // tags removed (so "a < b && c > d" loses a part): the characters parsers mishandle most arrive.
      const h = data.entries!.find((e) => e.link?.endsWith(`/catalogue/${hostile.indexNo}`))!;
      if (f !== 'json') for (const piece of ['摘要：', ']]>', "'quoted'", '"double"', '🏛️', '𠮷']) expect({ f, piece, found: h.description?.includes(piece) }).toEqual({ f, piece, found: true });
    }
    // Without normalisation, JSON Feed's text fields as they are.
    const raw = extractFromJson(await feed('json'), { normalization: false }) as unknown as { items: Record<string, string>[] };
    const h = raw.items.find((i) => i.url.endsWith(`/catalogue/${hostile.indexNo}`))!;
    expect(h).toMatchObject({ title: TITLE, summary: SUMMARY, content_text: BODY });
  });

  it('JSON Feed carries the body as content_text, never as content_html', async () => {
    const jf = JSON.parse(await feed('json')) as { items: Record<string, unknown>[] };
    for (const item of jf.items) expect(item.content_html).toBeUndefined();
    const h = jf.items.find((i) => String(i.url).endsWith(`/catalogue/${hostile.indexNo}`))!;
    expect(h).toMatchObject({ title: TITLE, summary: SUMMARY, content_text: BODY });
    const l = jf.items.find((i) => String(i.url).endsWith(`/catalogue/${legacy.indexNo}`))!;
    expect(l).toMatchObject({ title: shown(LEGACY.title), summary: shown(LEGACY.summary), content_text: shown(LEGACY.body) });
  });

  it('no markup from a document reaches a feed as XML: no script, b, i or img element in Atom or RSS', async () => {
    for (const f of ['atom', 'rss'] as const) {
      const elements = new Set<string>();
      const p = new SaxesParser();
      p.on('opentag', (tag) => elements.add(tag.name));
      p.write(await feed(f)).close();
      expect({ f, elements: [...elements].filter((e) => ['script', 'b', 'i', 'img', 'p', 'br'].includes(e)) }).toEqual({ f, elements: [] });
    }
  });
});
