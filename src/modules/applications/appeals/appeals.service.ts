/** Reading reconsiderations and lawsuits about disclosure decisions (Table 4 of the annual report); recording them: the appeal use cases. */
import { Injectable } from '@nestjs/common';
import { notFound } from '../../../common/errors/domain-error.js';
import { decodeCursor, toPage } from '../../../common/pagination/pagination.js';
import { chinaYearBounds } from '../../../common/china-time.js';
import { iso } from '../application.mapper.js';
import type { AppealPage, AppealResponse } from './appeal.dto.js';
import { AppealsRepository, type AppealRow } from './appeals.repository.js';

export function toAppealResponse(r: AppealRow): AppealResponse {
  return {
    id: r.id,
    applicationId: r.applicationId,
    trackingCode: r.trackingCode,
    kind: r.kind,
    filedAt: iso(r.filedAt)!,
    result: r.result,
    concludedAt: iso(r.concludedAt),
    version: r.version,
  };
}

@Injectable()
export class AppealsService {
  constructor(private readonly repo: AppealsRepository) {}

  async get(id: string): Promise<AppealResponse> {
    const a = await this.repo.findById(id);
    if (!a) throw notFound('appeal');
    return toAppealResponse(a);
  }

  async list(q: { year?: number; applicationId?: string; limit: number; cursor?: string }): Promise<AppealPage> {
    const after = decodeCursor(q.cursor, ['string', 'string']) as [string, string] | null;
    const bounds = q.year !== undefined ? chinaYearBounds(q.year) : null;
    const rows = await this.repo.list({
      from: bounds ? new Date(bounds.start) : null,
      to: bounds ? new Date(bounds.end) : null,
      applicationId: q.applicationId,
      after,
      limit: q.limit + 1,
    });
    return toPage(rows, q.limit, toAppealResponse, (r) => [r.cursorTs, r.id]);
  }
}
