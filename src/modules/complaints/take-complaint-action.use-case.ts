/**
 * One step of a complaint, in one transaction: the office assigns it to a unit, replies with a
 * finding (ordering a rectification and recording accountability when called for) and closes it;
 * the office or a liaison of the rectifying unit reports the rectification done. The row is
 * written against the version the caller read (If-Match), with a history row, its
 * notifications and an audit row in the same transaction.
 */
import { subject } from '@casl/ability';
import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { DomainError, assertVersion, invalidInput, invalidState, notFound, staleVersion } from '../../common/errors/domain-error.js';
import type { IfMatch } from '../../common/http/etag.js';
import type { AppAbility } from '../authorization/ability.factory.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../identity/user.types.js';
import { Notifier } from '../notifications/notifier.js';
import type { ComplaintActionRequest } from './complaint.dto.js';
import { refusal, replyProblem, type ComplaintAction } from './complaint-rules.js';
import { ComplaintsRepository, type ComplaintRow, type UpdatableColumn } from './complaints.repository.js';

export interface TakeComplaintActionCommand {
  actor: Actor;
  ability: AppAbility;
  id: string;
  version: IfMatch;
  step: ComplaintActionRequest;
  now?: Date;
}

/** The fields each action accepts (besides `action`); anything else is a 400. */
const FIELDS: Record<ComplaintAction, readonly (keyof ComplaintActionRequest)[]> = {
  assign: ['unitId'],
  reply: ['finding', 'reply', 'rectification', 'accountability'],
  rectified: ['note'],
  close: [],
};

export const complaintSubject = (c: ComplaintRow) =>
  subject('Complaint', { id: c.id, unitId: c.unitId, rectificationUnitId: c.rectificationUnitId, state: c.state });

@Injectable()
export class TakeComplaintActionUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly repo: ComplaintsRepository,
    private readonly notifier: Notifier,
    private readonly audit: AuditService,
  ) {}

  @Transactional()
  async execute({ actor, ability, id, version, step, now = new Date() }: TakeComplaintActionCommand): Promise<ComplaintRow> {
    const c = await this.repo.findById(id, true);
    if (!c || !ability.can('read', complaintSubject(c))) throw notFound('complaint');
    const allowed = step.action === 'rectified' ? ability.can('rectify', complaintSubject(c)) : ability.can('manage', complaintSubject(c));
    if (!allowed) {
      throw new DomainError('forbidden', step.action === 'rectified' ? 'only the office or a liaison of the rectifying unit reports a rectification done' : 'only the disclosure office takes this step');
    }
    const read = assertVersion('complaint', c, version);
    const extra = (Object.keys(step) as (keyof ComplaintActionRequest)[]).filter((k) => k !== 'action' && step[k] !== undefined && !FIELDS[step.action].includes(k));
    if (extra.length > 0) throw invalidInput(`${extra.join(', ')} ${extra.length === 1 ? 'is' : 'are'} not accepted for ${step.action}`);
    const why = refusal(step.action, { state: c.state, rectificationOrdered: c.rectificationUnitId !== null, rectified: c.rectifiedAt !== null });
    if (why) throw invalidState(why);

    const set: Partial<Record<UpdatableColumn, unknown>> = {};
    let details: Record<string, unknown> = {};
    switch (step.action) {
      case 'assign': {
        if (!step.unitId) throw invalidInput('unitId is required for assign');
        if (!(await this.repo.unitExists(step.unitId))) throw invalidInput(`unknown unit id: ${step.unitId}`);
        if (c.state === 'assigned' && c.unitId === step.unitId) throw invalidState('the complaint is already assigned to this unit');
        Object.assign(set, { state: 'assigned', unit_id: step.unitId, assigned_at: now });
        details = { unitId: step.unitId, previousUnitId: c.unitId };
        break;
      }
      case 'reply': {
        if (!step.finding) throw invalidInput('finding is required for reply');
        const text = step.reply?.trim();
        if (!text) throw invalidInput('reply is required for reply: the text the complainant reads');
        const problem = replyProblem(step.finding, step.rectification !== undefined);
        if (problem) throw invalidInput(problem);
        Object.assign(set, { state: 'replied', replied_at: now, finding: step.finding, reply: text });
        if (step.rectification) {
          const r = step.rectification;
          if (!(await this.repo.unitExists(r.unitId))) throw invalidInput(`unknown unit id in rectification: ${r.unitId}`);
          const due = new Date(r.dueAt);
          if (due.getTime() <= now.getTime()) throw invalidInput('rectification.dueAt must be in the future');
          if (!r.measures.trim()) throw invalidInput('rectification.measures must not be blank');
          Object.assign(set, { rectification_unit_id: r.unitId, rectification_measures: r.measures.trim(), rectification_due_at: due });
        }
        if (step.accountability) {
          if (!step.accountability.note.trim()) throw invalidInput('accountability.note must not be blank');
          Object.assign(set, { accountability_kind: step.accountability.kind, accountability_note: step.accountability.note.trim() });
        }
        details = {
          finding: step.finding,
          rectification: step.rectification ? { unitId: step.rectification.unitId, dueAt: new Date(step.rectification.dueAt).toISOString() } : null,
          accountability: step.accountability?.kind ?? null,
        };
        break;
      }
      case 'rectified': {
        const note = step.note?.trim();
        if (!note) throw invalidInput('note is required for rectified: what was done');
        Object.assign(set, { rectified_at: now, rectification_note: note });
        details = { unitId: c.rectificationUnitId };
        break;
      }
      case 'close':
        Object.assign(set, { state: 'closed', closed_at: now });
        break;
    }
    if (!(await this.repo.update(id, read, set))) throw staleVersion('complaint');
    await this.repo.addEvent({ complaintId: id, action: step.action, actorId: actor.id, at: now, details });
    if (step.action === 'assign') await this.notifier.complaint(id, 'assigned', step.unitId!, { actor });
    if (step.action === 'reply' && step.rectification) await this.notifier.complaint(id, 'rectification', step.rectification.unitId, { actor });
    if (step.action === 'rectified') await this.notifier.complaint(id, 'rectified', null, { actor });
    await this.audit.append({ actorId: actor.id, action: `complaint.${step.action}`, subjectType: 'Complaint', subjectId: id, data: details });
    return (await this.repo.findById(id))!;
  }
}
