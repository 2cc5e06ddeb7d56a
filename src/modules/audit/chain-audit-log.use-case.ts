/**
 * The audit chain's sequencer: links the audit rows whose transactions have ended into the hash
 * chain, after the fact, so that no writer waits for the chain. Run every second as a pg-boss job
 * (audit-chain.worker.ts) and before every verify.
 *
 * Why after the fact: a chain needs an order, and a row's place in it cannot be known while its
 * transaction runs (it may roll back, or commit after a later one). Locking the head until commit,
 * as before, ordered every audited action in the district one after the other. Like the change
 * stream's sequencer (catalogue/changes.repository.ts), this one takes only rows below the commit
 * horizon (common/database/commit-horizon.ts) — final: no running or later transaction can add
 * one there — in (txid, id) order after the last link, under an advisory lock that makes one
 * sequencer run at a time across all instances. Each row is linked once, links only grow, and no
 * row can later appear before a link already made (verify reports one that does).
 */
import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { auditHash, GENESIS_HASH, storedContent } from './audit-hash.js';
import { AuditRepository, type ChainLink } from './audit.repository.js';

export interface ChainAuditLogCommand {
  /** Rows linked in one transaction. */
  batch: number;
}

@Injectable()
export class ChainAuditLogUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: AuditRepository,
  ) {}

  /** Links up to `batch` final rows; returns how many it linked. */
  @Transactional()
  async execute({ batch }: ChainAuditLogCommand): Promise<number> {
    await this.repo.lockSequencer();
    const last = await this.repo.lastLink();
    const rows = await this.repo.finalRowsAfter(last, batch);
    if (rows.length === 0) return 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    let seq = BigInt(last?.seq ?? '0');
    const links: ChainLink[] = rows.map((r) => {
      const hash = auditHash(prevHash, storedContent(r));
      const link = { seq: String(++seq), id: r.id, txid: r.txid, prevHash, hash };
      prevHash = hash;
      return link;
    });
    await this.repo.insertLinks(links);
    const tail = links[links.length - 1];
    await this.repo.setHead({ id: tail.id, hash: tail.hash });
    return links.length;
  }

  /** Links every row that is final now, a batch per transaction. */
  async all(batch = 2000): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.execute({ batch });
      total += n;
      if (n < batch) return total;
    }
  }
}
