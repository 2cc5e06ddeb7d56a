/** Reconsiderations and lawsuits about disclosure decisions (Table 4 of the annual report). */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { invalidInput, invalidState, notFound } from '../../../common/errors/domain-error.js';
import { decodeCursor, toPage } from '../../../common/pagination/pagination.js';
import { AuditService } from '../../audit/audit.service.js';
import type { Actor } from '../../identity/user.types.js';
import { chinaYearBounds } from '../../../common/china-time.js';
import { iso } from '../application.mapper.js';
import type { AppealPage, AppealResponse, ConcludeAppealRequest, CreateAppealRequest } from './appeal.dto.js';
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
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: AppealsRepository,
    private readonly audit: AuditService,
  ) {}

  async create(m: EntityManager, actor: Actor, req: CreateAppealRequest, now = new Date()): Promise<AppealResponse> {
    const filedAt = new Date(req.filedAt);
    if (filedAt.getTime() > now.getTime()) throw invalidInput('filedAt must not be in the future');
    const receivedAt = await this.repo.applicationReceivedAt(m, req.applicationId);
    if (!receivedAt) throw invalidInput(`unknown applicationId: ${req.applicationId}`);
    if (filedAt.getTime() < new Date(receivedAt).getTime()) throw invalidInput('filedAt must not be before the application was received');
    const id = await this.repo.insert(m, { applicationId: req.applicationId, kind: req.kind, filedAt, createdBy: actor.id });
    await this.audit.append(m, { actorId: actor.id, action: 'appeal.create', subjectType: 'Appeal', subjectId: id, data: { applicationId: req.applicationId, kind: req.kind } });
    return toAppealResponse((await this.repo.findById(id, m))!);
  }

  async conclude(actor: Actor, id: string, req: ConcludeAppealRequest, now = new Date()): Promise<AppealResponse> {
    return this.db.transaction(async (m) => {
      const a = await this.repo.findById(id, m, true);
      if (!a) throw notFound('appeal');
      if (a.result !== null) throw invalidState(`the appeal was already concluded (${a.result})`);
      const concludedAt = new Date(req.concludedAt);
      if (concludedAt.getTime() > now.getTime()) throw invalidInput('concludedAt must not be in the future');
      if (concludedAt.getTime() < new Date(a.filedAt).getTime()) throw invalidInput('concludedAt must not be before filedAt');
      if (!(await this.repo.conclude(m, id, req.result, concludedAt))) throw invalidState('the appeal was concluded meanwhile');
      await this.audit.append(m, { actorId: actor.id, action: 'appeal.conclude', subjectType: 'Appeal', subjectId: id, data: { result: req.result } });
      return toAppealResponse((await this.repo.findById(id, m))!);
    });
  }

  async get(id: string): Promise<AppealResponse> {
    const a = await this.repo.findById(id);
    if (!a) throw notFound('appeal');
    return toAppealResponse(a);
  }

  async list(q: { year?: number; limit: number; cursor?: string }): Promise<AppealPage> {
    const after = decodeCursor(q.cursor, ['string', 'string']) as [string, string] | null;
    const bounds = q.year !== undefined ? chinaYearBounds(q.year) : null;
    const rows = await this.repo.list({
      from: bounds ? new Date(bounds.start) : null,
      to: bounds ? new Date(bounds.end) : null,
      after,
      limit: q.limit + 1,
    });
    return toPage(rows, q.limit, toAppealResponse, (r) => [r.cursorTs, r.id]);
  }
}
