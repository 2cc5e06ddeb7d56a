/**
 * A tamper-evident, append-only audit log. Rows are appended without a lock in the caller's
 * transaction (`audit_log`); the sequencer links them into a hash chain once their transactions
 * have ended (`audit_chain`, chain-audit-log.use-case.ts). Each link's hash covers the previous
 * link's hash and the row's canonical content (audit-hash.ts), so changing or removing any row
 * breaks the chain from there on; the head (settings key audit_head, moved by the sequencer)
 * lets verify notice a cut tail. Triggers refuse UPDATE, DELETE and TRUNCATE on both tables.
 */
import { Injectable } from '@nestjs/common';
import type { Statement } from '../../common/database/statements.js';
import type { TransactionHost } from '../../common/database/transaction-host.js';
import { auditHash, GENESIS_HASH, storedContent, type AuditContent } from './audit-hash.js';
import { AuditRepository } from './audit.repository.js';
import { ChainAuditLogUseCase } from './chain-audit-log.use-case.js';

export { auditHash, GENESIS_HASH } from './audit-hash.js';

export interface AuditEvent {
  actorId: string | null;
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  data?: Record<string, unknown>;
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
    private readonly chain: ChainAuditLogUseCase,
  ) {}

  /** The service on `host`, for code built without Nest (the command-line tools, the catalogue import, the benchmark). */
  static on(host: TransactionHost): AuditService {
    const repo = new AuditRepository(host);
    return new AuditService(repo, new ChainAuditLogUseCase(host, repo));
  }

  /**
   * Appends in the caller's transaction (or on its own when none is open: logins, denials). One
   * INSERT, no lock: the row is chained after its transaction ends.
   */
  async append(event: AuditEvent): Promise<void> {
    await this.repo.insert(toRow(event));
  }

  /**
   * The row's INSERT for a statement that writes it together with the change it records (a
   * document's history row, `withWrites`): the same row `append` writes, one round trip less.
   */
  appendStatement(event: AuditEvent): Statement {
    return this.repo.insertStatement(toRow(event));
  }

  /**
   * Links every row that is final, then walks the chain in its order and reports the first row
   * that was changed, removed (the next row no longer links to its predecessor) or inserted
   * behind the sequencer's back, or a cut tail (the head names a link that is gone).
   */
  async verify(): Promise<VerifyResult> {
    await this.chain.all();
    let prevHash = GENESIS_HASH;
    let checked = 0;
    let last: { seq: string; txid: string; id: string } | null = null;
    const batch = 5000;
    for (;;) {
      const rows = await this.repo.chainedAfter(last?.seq ?? null, batch);
      for (const r of rows) {
        if (r.prev_hash !== prevHash || r.hash !== auditHash(prevHash, storedContent(r))) return { ok: false, checked, firstBrokenId: r.id };
        prevHash = r.hash;
        last = { seq: r.seq, txid: r.txid, id: r.id };
        checked++;
      }
      if (rows.length < batch) break;
    }
    if (last) {
      const inserted = await this.repo.firstUnchainedBefore(last);
      if (inserted) return { ok: false, checked, firstBrokenId: inserted };
    }
    const head = await this.repo.head();
    // The head names the last link: if its row is gone (or the link), the chain was cut at the end.
    if (head && head.hash !== prevHash) return { ok: false, checked, firstBrokenId: head.id ?? last?.id ?? null };
    return { ok: true, checked, firstBrokenId: null };
  }
}

function toRow(event: AuditEvent): AuditContent {
  return {
    at: new Date().toISOString(),
    actorId: event.actorId,
    action: event.action,
    subjectType: event.subjectType ?? null,
    subjectId: event.subjectId ?? null,
    data: event.data ?? {},
  };
}
