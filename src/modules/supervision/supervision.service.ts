import { Injectable } from '@nestjs/common';
import { CalendarService } from '../applications/calendar/calendar.service.js';
import { DUE_SOON_WORKING_DAYS, dueWithin, overdueWorkingDays } from './deadlines.js';
import type { SupervisedItem, SupervisedKind, SupervisionResponse, UnitCount } from './supervision.dto.js';
import { SupervisionRepository, type DueItem } from './supervision.repository.js';

/**
 * The supervision board (督办): every item on a clock across units — documents in a review step,
 * open consultations and referrals, applications and complaints not yet replied, rectifications not yet done — overdue (in working days) or due within two
 * working days, and the counts per unit.
 */
@Injectable()
export class SupervisionService {
  constructor(
    private readonly repo: SupervisionRepository,
    private readonly calendar: CalendarService,
  ) {}

  async board(now = new Date()): Promise<SupervisionResponse> {
    const [calendar, steps, consultations, applications, guides, complaints, rectifications, referrals] = await Promise.all([
      this.calendar.current(),
      this.repo.documentSteps(),
      this.repo.openConsultations(),
      this.repo.openApplications(),
      this.repo.guides(),
      this.repo.openComplaints(),
      this.repo.openRectifications(),
      this.repo.openReferrals(),
    ]);
    const all: { kind: SupervisedKind; row: Omit<DueItem, 'unitId'> & { unitId: string | null; documentId?: string; applicationId?: string } }[] = [
      ...steps.map((row) => ({ kind: 'document_step' as const, row })),
      ...consultations.map((row) => ({ kind: 'consultation' as const, row })),
      ...applications.map((row) => ({ kind: 'application' as const, row })),
      // A unit's disclosure guide not updated for a year (Art. 12): the unit's liaison updates its profile.
      ...guides.map((row) => ({ kind: 'guide' as const, row })),
      // Complaints and reports not yet replied (the office's, or the assigned unit's), and ordered rectifications not yet done.
      ...complaints.map((row) => ({ kind: 'complaint' as const, row })),
      ...rectifications.map((row) => ({ kind: 'rectification' as const, row })),
      // Applications referred to units (转办) whose answer is awaited: the referred unit's.
      ...referrals.map((row) => ({ kind: 'referral' as const, row })),
    ];
    const overdue: SupervisedItem[] = [];
    const dueSoon: SupervisedItem[] = [];
    for (const { kind, row } of all) {
      const due = new Date(row.dueAt);
      const item: SupervisedItem = { kind, id: row.id, unitId: row.unitId, state: row.state, dueAt: due.toISOString(), overdueWorkingDays: overdueWorkingDays(calendar, due, now) };
      if (row.documentId) item.documentId = row.documentId;
      if (row.applicationId) item.applicationId = row.applicationId;
      if (due.getTime() < now.getTime()) overdue.push(item);
      else if (dueWithin(calendar, due, now, DUE_SOON_WORKING_DAYS)) dueSoon.push(item);
    }
    overdue.sort((a, b) => b.overdueWorkingDays - a.overdueWorkingDays || a.dueAt.localeCompare(b.dueAt));
    dueSoon.sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    const byUnit = new Map<string | null, UnitCount>();
    const count = (unitId: string | null) => byUnit.get(unitId) ?? byUnit.set(unitId, { unitId, overdue: 0, dueSoon: 0 }).get(unitId)!;
    for (const i of overdue) count(i.unitId).overdue++;
    for (const i of dueSoon) count(i.unitId).dueSoon++;
    return { overdue, dueSoon, byUnit: [...byUnit.values()].sort((a, b) => b.overdue - a.overdue || b.dueSoon - a.dueSoon) };
  }
}
