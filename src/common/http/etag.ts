/**
 * Entity tags and the preconditions that compare them (RFC 9110 §8.8.3, §13.1). A versioned
 * resource's ETag is its version, `"<version>"`, a strong validator.
 * - If-Match (`requireIfMatch`): `*` matches any current version; otherwise a list of entity-tags,
 *   compared strongly: a weak tag (`W/"3"`) never matches, neither does anything that is not an
 *   entity-tag (`3`, `"3`). Missing → 428; matching nothing → 412 (assertVersion in domain-error.ts,
 *   where the current version is known).
 * - If-None-Match (`noneMatch`): compared weakly; `*` matches any representation.
 */
import { DomainError } from '../errors/domain-error.js';

export const etagOf = (version: number) => `"${version}"`;

interface EntityTag {
  weak: boolean;
  opaque: string;
}

/** The entity-tags of an If-Match / If-None-Match value; `*` for a lone star; null when it is not valid. */
export function parseEntityTags(value: string): EntityTag[] | '*' | null {
  if (value.trim() === '*') return '*';
  const tags: EntityTag[] = [];
  // entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE, etagc = %x21 / %x23-7E / obs-text; lists are comma-separated.
  const re = /[ \t]*(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"[ \t]*(?:,|$)/y;
  let at = 0;
  while (at < value.length) {
    re.lastIndex = at;
    const m = re.exec(value);
    if (!m) return null;
    tags.push({ weak: m[1] !== undefined, opaque: m[2] });
    at = re.lastIndex;
  }
  return tags.length > 0 ? tags : null;
}

/** What an If-Match header admits: any current version, or the versions it names with strong tags. */
export type IfMatch = { any: true } | { any: false; versions: number[] };

/** Reads If-Match; missing → 428. A header that admits nothing is kept (`versions: []`): the 412 comes with the current version. */
export function requireIfMatch(header: string | string[] | undefined): IfMatch {
  const raw = Array.isArray(header) ? header.join(', ') : header;
  if (raw === undefined || raw.trim() === '') {
    throw new DomainError('version_required', 'If-Match is required: send the document’s ETag, e.g. If-Match: "3"');
  }
  const tags = parseEntityTags(raw);
  if (tags === '*') return { any: true };
  const versions = (tags ?? []).filter((t) => !t.weak && /^\d{1,9}$/.test(t.opaque)).map((t) => Number(t.opaque));
  return { any: false, versions };
}

/** If-None-Match evaluated against a current ETag (weak comparison): true when the client's copy is current. */
export function noneMatch(header: string | string[] | undefined, etag: string): boolean {
  const raw = Array.isArray(header) ? header.join(', ') : header;
  if (raw === undefined) return false;
  const tags = parseEntityTags(raw);
  if (tags === '*') return true;
  if (tags === null) return false;
  const current = parseEntityTags(etag);
  if (current === null || current === '*') return false;
  return tags.some((t) => t.opaque === current[0].opaque);
}
