/**
 * A tamper-evident, append-only audit log. Each row's hash covers the previous row's hash and
 * the row's canonical content, so changing or removing any row breaks the chain from there on.
 * The head of the chain is kept in `settings` (key audit_head) and locked while appending, which
 * orders appends and lets verify notice a removed last row. A trigger refuses UPDATE, DELETE and
 * TRUNCATE on audit_log for the service's role.
 */
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../common/canonical-json.js';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { AuditRepository } from './audit.repository.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEvent {
  actorId: string | null;
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  data?: Record<string, unknown>;
}

export function auditHash(prevHash: string, row: { at: string; actorId: string | null; action: string; subjectType: string | null; subjectId: string | null; data: unknown }): string {
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(canonicalJson({ at: row.at, actorId: row.actorId, action: row.action, subjectType: row.subjectType, subjectId: row.subjectId, data: row.data }))
    .digest('hex');
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBrokenId: string | null;
}

@Injectable()
export class AuditService {
  constructor(
    private readonly repo: AuditRepository,
    private readonly tx: TransactionHost,
  ) {}

  /**
   * Appends in the caller's transaction (or a transaction of its own when none is open: logins,
   * denials); call it last, just before commit, to hold the head lock briefly.
   */
  @Transactional()
  async append(event: AuditEvent): Promise<void> {
    const head = await this.repo.lockHead(GENESIS_HASH);
    const row = {
      at: new Date().toISOString(),
      actorId: event.actorId,
      action: event.action,
      subjectType: event.subjectType ?? null,
      subjectId: event.subjectId ?? null,
      data: event.data ?? {},
    };
    const hash = auditHash(head.hash, row);
    const id = await this.repo.insert(row, head.hash, hash);
    await this.repo.setHead({ id, hash });
  }

  /** Walks the chain in id order and reports the first row that was changed, inserted or removed. */
  async verify(): Promise<VerifyResult> {
    let prevHash = GENESIS_HASH;
    let checked = 0;
    let lastId: string | null = null;
    const batch = 5000;
    for (;;) {
      const rows = await this.repo.rowsAfter(lastId, batch);
      for (const r of rows) {
        const expected = auditHash(prevHash, {
          at: new Date(r.at).toISOString(),
          actorId: r.actor_id,
          action: r.action,
          subjectType: r.subject_type,
          subjectId: r.subject_id,
          data: r.data,
        });
        if (r.prev_hash !== prevHash || r.hash !== expected) return { ok: false, checked, firstBrokenId: r.id };
        prevHash = r.hash;
        lastId = r.id;
        checked++;
      }
      if (rows.length < batch) break;
    }
    const head = await this.repo.head();
    // The head names the last appended row: if it is gone, the chain was cut at the end.
    if (head && head.hash !== prevHash) return { ok: false, checked, firstBrokenId: head.id ?? lastId };
    return { ok: true, checked, firstBrokenId: null };
  }
}
