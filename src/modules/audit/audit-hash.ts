/**
 * The audit chain's hash: each link's hash covers the previous link's hash and the row's canonical
 * content, so changing or removing any row breaks the chain from there on. Pure.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../common/canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  at: string;
  actorId: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  data: unknown;
}

export function auditHash(prevHash: string, row: AuditContent): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalJson({ at: row.at, actorId: row.actorId, action: row.action, subjectType: row.subjectType, subjectId: row.subjectId, data: row.data }))
    .digest('hex');
}

/** A stored row's content as it was hashed (timestamps to the millisecond, as appended). */
export function storedContent(r: { at: Date | string; actor_id: string | null; action: string; subject_type: string | null; subject_id: string | null; data: unknown }): AuditContent {
  return { at: new Date(r.at).toISOString(), actorId: r.actor_id, action: r.action, subjectType: r.subject_type, subjectId: r.subject_id, data: r.data };
}
