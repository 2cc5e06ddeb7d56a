/**
 * The links between catalogue entries and their policy interpretations (政策解读), both ways, as
 * the entry's detail, the feeds and the web UI show them. Pure: the rows come from
 * CatalogueRepository.relations.
 */
export interface EntryRef {
  indexNo: string;
  title: string;
}

export interface EntryLinks {
  /** The interpretations of the entry in the catalogue, oldest first. */
  interpretations: EntryRef[];
  /** The entry an interpretation interprets. */
  interprets: EntryRef | null;
}

export function groupLinks(rows: { indexNo: string; interpretsIndexNo: string; title: string; interpretsTitle: string }[]): Map<string, EntryLinks> {
  const out = new Map<string, EntryLinks>();
  const of = (k: string) => out.get(k) ?? out.set(k, { interpretations: [], interprets: null }).get(k)!;
  for (const r of rows) {
    of(r.interpretsIndexNo).interpretations.push({ indexNo: r.indexNo, title: r.title });
    of(r.indexNo).interprets = { indexNo: r.interpretsIndexNo, title: r.interpretsTitle };
  }
  return out;
}
