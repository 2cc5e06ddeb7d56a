import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import type { IfMatch } from '../../common/http/etag.js';
import { assertVersion, invalidInput } from '../../common/errors/domain-error.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { DocumentChanges } from '../documents/document-changes.js';
import { DocumentsService } from '../documents/documents.service.js';
import type { Actor } from '../identity/user.types.js';
import type { CreateRedactionRequest } from './assessment.dto.js';
import { AssessmentRepository } from './assessment.repository.js';
import { AssessmentService } from './assessment.service.js';
import { checkRedact } from './redaction-permission.js';

export interface RedactDocumentCommand {
  actor: Actor;
  ability: AppAbility;
  id: string;
  /** The version(s) the caller read (If-Match), or the version itself (in-process callers). */
  version: IfMatch | number;
  span: CreateRedactionRequest;
}

/** The office (at attribute review) or the leader (at sign-off) marks a span of the body to be redacted in everything public. */
@Injectable()
export class RedactDocumentUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly documents: DocumentsService,
    private readonly assessment: AssessmentService,
    private readonly repo: AssessmentRepository,
    private readonly changes: DocumentChanges,
  ) {}

  /** Returns the document's new version. */
  @Transactional()
  async execute({ actor, ability, id, version: ifMatch, span: body }: RedactDocumentCommand): Promise<number> {
    const doc = await this.documents.getReadable(ability, id);
    const version = assertVersion('document', doc, ifMatch);
    checkRedact(ability, doc);
    let start = body.start;
    let end = body.end;
    if (body.findingId !== undefined) {
      if (start !== undefined || end !== undefined) throw invalidInput('send either findingId or start and end, not both');
      const f = (await this.assessment.findings(doc)).find((x) => x.id === body.findingId);
      if (!f) throw invalidInput(`findingId ${body.findingId} is not a finding of this document`);
      if (f.source !== 'body') throw invalidInput(`only findings in the body can be redacted; ${f.source} must be changed by its drafter`);
      start = f.start;
      end = f.end;
    }
    if (start === undefined || end === undefined) throw invalidInput('start and end (or findingId) are required');
    if (end <= start || end > doc.body.length) throw invalidInput(`the span ${start}–${end} is not inside the body (0–${doc.body.length})`);
    const spanStart = start;
    const spanEnd = end;
    return this.changes.record(doc, actor, {
      action: 'redact',
      version,
      comment: body.note ?? null,
      effects: () => this.repo.add(id, { start: spanStart, end: spanEnd, findingId: body.findingId ?? null, note: body.note ?? null, createdBy: actor.id }),
      audit: { start, end, findingId: body.findingId ?? null },
    });
  }
}
