/**
 * Policy interpretations (政策解读) reach the public together with the document they interpret,
 * never before it (三同步), and leave with it.
 *
 * The rule: an interpretation's catalogue entry is created in the transaction that publishes the
 * later of the two.
 * - The interpretation's sign-off (or its Art. 18 re-assessment) that makes it `published`
 *   publishes it at once when its document's entry is in the catalogue; otherwise it moves to
 *   `awaiting_main` (signed off, proactive, through the confidentiality gate) and has no entry yet.
 *   A document that can never be published (withdrawn, revoked) refuses the sign-off (409).
 * - The document's publication publishes every interpretation waiting for it, in the same
 *   transaction, after its own entry (so the change stream and the webhooks carry the document first).
 * - The document's revocation revokes its published (and waiting) interpretations first, then itself.
 * Both sides lock the document's row before looking at the other (`lockInterpreted`, and the
 * document's own versioned UPDATE), so a sign-off and a publication running at once end one after
 * the other: neither can miss the other. The catalogue's trigger (migration UnitsInPublic) refuses
 * an interpretation's entry while its document has none, whatever code path tries.
 */
import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error.js';
import { AssessmentService } from '../assessment/assessment.service.js';
import { CatalogueService } from '../catalogue/catalogue.service.js';
import { DocumentChanges } from '../documents/document-changes.js';
import { DocumentsRepository, type DocumentRow } from '../documents/documents.repository.js';
import type { Actor } from '../identity/user.types.js';
import { Notifier } from '../notifications/notifier.js';

@Injectable()
export class InterpretationPublication {
  constructor(
    private readonly repo: DocumentsRepository,
    private readonly changes: DocumentChanges,
    private readonly catalogue: CatalogueService,
    private readonly assessment: AssessmentService,
    private readonly notifier: Notifier,
  ) {}

  /**
   * Where an interpretation's decision to publish lands: `published` when its document is in the
   * catalogue now, `awaiting_main` while it may still be published. Locks the document's row.
   */
  async stateOnPublication(interpretation: DocumentRow): Promise<'published' | 'awaiting_main'> {
    const main = await this.repo.lockInterpreted(interpretation.interprets!);
    if (!main) throw new DomainError('invalid_state', 'the document this interpretation interprets no longer exists');
    if (main.state === 'published') return 'published';
    if (main.state === 'withdrawn' || main.state === 'revoked') {
      throw new DomainError('invalid_state', `the document this interpretation interprets was ${main.state}: an interpretation is published only with its document`);
    }
    return 'awaiting_main';
  }

  /**
   * The interpretations waiting for the document being published, locked: an SQL expression that
   * its publication's statement reads (CatalogueService.publish, after the document's versioned
   * UPDATE), and `waitingFrom` the rows of its value.
   */
  waitingSql(): string {
    return this.repo.interpretationsOfSql('$1', ['awaiting_main']);
  }

  waitingFrom(value: unknown): Promise<DocumentRow[]> {
    return this.repo.interpretationsFrom(value);
  }

  /** In the transaction that published `main` (after its entry): its waiting interpretations (`waitingFrom`) follow it. */
  async publishWaiting(main: DocumentRow, actor: Actor, mainIndexNo: string, waiting: DocumentRow[]): Promise<void> {
    for (const i of waiting) {
      // The gate again, on the text as it is now (it passed at sign-off and cannot have changed since).
      const copy = await this.assessment.publicationCopy(i);
      await this.changes.record(i, actor, {
        action: 'publish',
        version: i.version,
        write: () => this.repo.moveState(i.id, i.version, 'awaiting_main', 'published'),
        toState: 'published',
        comment: `随所解读的文件 ${mainIndexNo} 发布`,
        publicAttribute: i.publicAttribute,
        audit: { from: 'awaiting_main', to: 'published', withDocument: main.id },
        // Its drafter learns it is public, as for any publication.
        notify: () => this.notifier.documentTransitionStatement(i, 'published', 'publish', { actor }),
        effects: () => this.catalogue.publish(i.id, copy),
      });
    }
  }

  /** In the transaction that revokes `main` (before its entry leaves): its interpretations leave first. */
  async revokeWith(main: DocumentRow, actor: Actor, comment: string): Promise<void> {
    for (const i of await this.repo.interpretationsOf(main.id, ['published', 'awaiting_main'])) {
      await this.changes.record(i, actor, {
        action: 'revoke',
        version: i.version,
        write: () => this.repo.moveState(i.id, i.version, i.state, 'revoked'),
        toState: 'revoked',
        comment: `随所解读的文件撤销：${comment}`,
        publicAttribute: i.publicAttribute,
        audit: { from: i.state, to: 'revoked', withDocument: main.id },
        effects: () => this.catalogue.revoke(i.id),
      });
    }
  }
}
