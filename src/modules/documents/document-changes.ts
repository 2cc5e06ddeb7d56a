import { Injectable } from '@nestjs/common';
import { staleVersion } from '../../common/errors/domain-error.js';
import type { JoinedStatement } from '../../common/database/statements.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../identity/user.types.js';
import type { DocumentState, NonDisclosureReason, PublicAttribute } from './document.types.js';
import { DocumentsRepository, type DocumentRow } from './documents.repository.js';

/** One recorded change of a document, as a use case describes it. */
export interface DocumentChange {
  /** The history action; the audit action is `document.<action>` unless `auditAction` names another. */
  action: string;
  auditAction?: string;
  /** The version the caller read (If-Match): the row's write takes effect only while it is current. */
  version: number;
  /**
   * The row's write, `UPDATE … WHERE id AND version …`, true when it changed the row. Without one,
   * the document gets a new version and nothing else (its files or redaction spans changed).
   */
  write?: () => Promise<boolean>;
  /** The state after the change (default: the state it was in). */
  toState?: DocumentState;
  comment?: string | null;
  publicAttribute?: PublicAttribute | null;
  nonDisclosureReason?: NonDisclosureReason | null;
  /** The delegator, when a deputy acts on their behalf (the history row names both). */
  onBehalfOf?: Actor | null;
  /**
   * The change's notifications (Notifier.documentTransitionStatement), written in the history
   * row's statement: nothing of the history or audit row is visible to it, so its recipients may
   * not depend on them.
   */
  notify?: () => JoinedStatement | null;
  /** What else the change writes (a catalogue entry), after the history row (and the audit row, unless `audit` is a function). */
  effects?: () => Promise<unknown>;
  /** What the audit row records besides who, what and which document (a function: read after the effects). */
  audit?: Record<string, unknown> | (() => Record<string, unknown>);
}

/**
 * The one way a document changes after it was created: the versioned write (412 when the row moved
 * on), the history row of the new version and the audit row (one statement), in the caller's transaction.
 */
@Injectable()
export class DocumentChanges {
  constructor(
    private readonly repo: DocumentsRepository,
    private readonly audit: AuditService,
  ) {}

  /** Records `change` of `doc` by `actor`; returns the new version. */
  async record(doc: DocumentRow, actor: Actor, change: DocumentChange): Promise<number> {
    const written = change.write ? await change.write() : await this.repo.bumpVersion(doc.id, change.version, [doc.state]);
    if (!written) throw staleVersion('document');
    const version = change.version + 1;
    const auditEvent = () => ({
      actorId: actor.id,
      action: change.auditAction ?? `document.${change.action}`,
      subjectType: 'Document',
      subjectId: doc.id,
      data: { ...((typeof change.audit === 'function' ? change.audit() : change.audit) ?? {}), ...(change.onBehalfOf ? { onBehalfOfId: change.onBehalfOf.id } : {}) },
    });
    // The audit row takes no lock (it is chained after commit): written with the history row (and
    // the change's notifications), in one statement, before the effects, so that a publication's
    // index counter, locked by its effects until the commit, waits for nothing else. An audit
    // record read after the effects (a function) is appended after them.
    const auditNow = typeof change.audit !== 'function';
    const notifications = change.notify?.() ?? null;
    // Unless the notifications queue mails from its answer, nothing reads it: it is written with
    // the next statement (the effects' first, or the COMMIT), whose failure its failure then is.
    const settle = notifications?.settle ?? null;
    const rows = await this.repo.addHistory(
      {
        documentId: doc.id,
        actorId: actor.id,
        action: change.action,
        fromState: doc.state,
        toState: change.toState ?? doc.state,
        comment: change.comment ?? null,
        publicAttribute: change.publicAttribute ?? null,
        nonDisclosureReason: change.nonDisclosureReason ?? null,
        version,
        onBehalfOfId: change.onBehalfOf?.id ?? null,
      },
      auditNow ? [this.audit.appendStatement(auditEvent())] : [],
      notifications?.statement,
      settle === null,
    );
    if (settle) await settle(rows);
    if (change.effects) await change.effects();
    if (!auditNow) await this.audit.append(auditEvent());
    return version;
  }

  /**
   * An event on the document that changes nothing of it (a consultation asked, answered or closed,
   * an urge): a history row at the current version and an audit row, in the caller's transaction.
   */
  async recordEvent(doc: DocumentRow, actor: Actor, event: { action: string; comment?: string | null; onBehalfOf?: Actor | null; audit?: Record<string, unknown> }): Promise<void> {
    await this.repo.addHistory(
      {
        documentId: doc.id,
        actorId: actor.id,
        action: event.action,
        fromState: doc.state,
        toState: doc.state,
        comment: event.comment ?? null,
        publicAttribute: null,
        nonDisclosureReason: null,
        version: doc.version,
        onBehalfOfId: event.onBehalfOf?.id ?? null,
      },
      [
        this.audit.appendStatement({
          actorId: actor.id,
          action: `document.${event.action}`,
          subjectType: 'Document',
          subjectId: doc.id,
          data: { ...(event.audit ?? {}), ...(event.onBehalfOf ? { onBehalfOfId: event.onBehalfOf.id } : {}) },
        }),
      ],
    );
  }
}
