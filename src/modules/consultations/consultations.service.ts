import { Injectable } from '@nestjs/common';
import { decodeCursor, toPage } from '../../common/pagination/pagination.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { CONSULTATION_FIELDS, rulesToSql } from '../authorization/rules-to-sql.js';
import { DocumentsService } from '../documents/documents.service.js';
import type { ConsultationList, ConsultationPage } from './consultation.dto.js';
import { toConsultationResponse } from './consultation.mapper.js';
import { ConsultationsRepository, type ConsultationState } from './consultations.repository.js';

@Injectable()
export class ConsultationsService {
  constructor(
    private readonly repo: ConsultationsRepository,
    private readonly documents: DocumentsService,
  ) {}

  /** The consultations the caller may read (a liaison: its unit's; the office: all), newest first, filtered in SQL. */
  async list(ability: AppAbility, q: { state?: ConsultationState; limit: number; cursor?: string }): Promise<ConsultationPage> {
    const after = decodeCursor(q.cursor, ['string', 'string']) as [string, string] | null;
    const filter = rulesToSql(ability, 'read', 'Consultation', CONSULTATION_FIELDS);
    const rows = await this.repo.list(filter, { state: q.state, after, limit: q.limit + 1 });
    return toPage(rows, q.limit, toConsultationResponse, (r) => [r.cursorTs, r.id]);
  }

  /** A document's consultations, oldest first (anyone who may read the document). */
  async forDocument(ability: AppAbility, documentId: string): Promise<ConsultationList> {
    await this.documents.getReadable(ability, documentId);
    return { items: (await this.repo.forDocument(documentId)).map(toConsultationResponse) };
  }
}
