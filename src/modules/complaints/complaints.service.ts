import { Injectable } from '@nestjs/common';
import { notFound } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage } from '../../common/pagination/pagination.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { COMPLAINT_FIELDS, rulesToSql } from '../authorization/rules-to-sql.js';
import type { ComplaintPage, ComplaintResponse, ComplaintTrackResponse } from './complaint.dto.js';
import type { ComplaintState } from './complaint-rules.js';
import { toComplaintResponse, toComplaintSummary, toComplaintTrack } from './complaint.mapper.js';
import { ComplaintsRepository } from './complaints.repository.js';
import { complaintSubject } from './take-complaint-action.use-case.js';

/** Reading complaints: the office's worklist and record, a liaison's unit's share, the public status. */
@Injectable()
export class ComplaintsService {
  constructor(private readonly repo: ComplaintsRepository) {}

  /** Newest first; the caller's rules filter in SQL (the office: all; a liaison: its unit's). */
  async list(ability: AppAbility, q: { state?: ComplaintState; unitId?: string; overdue?: boolean; limit: number; cursor?: string }): Promise<ComplaintPage> {
    const after = decodeCursor(q.cursor, ['string', 'string']) as [string, string] | null;
    const filter = rulesToSql(ability, 'read', 'Complaint', COMPLAINT_FIELDS);
    const rows = await this.repo.list(filter, { state: q.state, unitId: q.unitId, overdue: q.overdue, after, limit: q.limit + 1 });
    const now = new Date();
    return toPage(rows, q.limit, (r) => toComplaintSummary(r, now), (r) => [r.cursorTs, r.id]);
  }

  /** One complaint with its history; 404 when not visible. Name and contact for the office only. */
  async get(ability: AppAbility, id: string): Promise<ComplaintResponse> {
    const c = await this.repo.findById(id);
    if (!c || !ability.can('read', complaintSubject(c))) throw notFound('complaint');
    return toComplaintResponse(c, await this.repo.events(id), ability.can('manage', complaintSubject(c)));
  }

  /** The public status by tracking code; an unknown code is the same 404 as any other. */
  async track(code: string): Promise<ComplaintTrackResponse> {
    const c = await this.repo.findByTrackingCode(code.trim().toUpperCase());
    if (!c) throw notFound('complaint');
    return toComplaintTrack(c);
  }
}
