import { DomainError } from '../errors/domain-error.js';

export const etagOf = (version: number) => `"${version}"`;

/**
 * Reads the version from If-Match ("3", W/"3" or 3). Missing → 428; not a version → 412,
 * since it cannot match any version of the resource.
 */
export function requireIfMatch(header: string | string[] | undefined): number {
  const raw = Array.isArray(header) ? header[0] : header;
  if (raw === undefined || raw.trim() === '') {
    throw new DomainError('version_required', 'If-Match is required: send the document’s ETag, e.g. If-Match: "3"');
  }
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(raw);
  if (!m) throw new DomainError('stale_version', `If-Match ${raw} does not match the current version`);
  return Number(m[1]);
}
