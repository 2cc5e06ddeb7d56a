/**
 * The one place that knows who may do what. Every route's guard, every instance check after
 * loading and every list query (through rules-to-sql.ts) reads the ability built here.
 * Default deny: a subject or action without a rule is refused.
 */
import { AbilityBuilder, createMongoAbility, type ForcedSubject, type MongoAbility } from '@casl/ability';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../identity/user.types.js';
import { TRANSITIONS, type ApprovalStep, type Performer, type Transition, type WorkflowAction } from '../workflow/transitions.js';

export type CrudAction = 'read' | 'create' | 'update' | 'manage' | 'verify' | 'list';
export type AppAction = CrudAction | WorkflowAction | 'redact' | 'consult' | 'urge' | 'answer' | 'rectify';

/** The fields rules may test on a document (rules-to-sql.ts maps each to a column). */
export interface DocumentSubject {
  id: string;
  unitId: string;
  drafterId: string;
  state: string;
  secrecyApproverIds: string[];
  officeApproverIds: string[];
  leaderApproverIds: string[];
  /** Units consulted on the document (any consultation, open or not). */
  consultedUnitIds?: string[];
}

/** The fields rules may test on a consultation. */
export interface ConsultationSubject {
  id: string;
  unitId: string;
  documentId: string;
  state: string;
}

/** The fields rules may test on an application for disclosure (the office's record; a referred unit reads part of it). */
export interface ApplicationSubject {
  id: string;
  /** Units the application was referred to (any referral, open or not). */
  referredUnitIds: string[];
}

/** The fields rules may test on a referral (转办) of an application to a unit. */
export interface ReferralSubject {
  id: string;
  unitId: string;
  applicationId: string;
  state: string;
}

/** The fields rules may test on a complaint or report (投诉举报). */
export interface ComplaintSubject {
  id: string;
  /** The unit concerned (assigned to it). */
  unitId: string | null;
  /** The unit ordered to rectify, if any. */
  rectificationUnitId: string | null;
  state: string;
}

/** The fields rules may test on a unit's profile (its disclosure guide is made from it). */
export interface UnitProfileSubject {
  unitId: string;
}

export type SubjectName =
  | 'Document'
  | 'Consultation'
  | 'Delegation'
  | 'Supervision'
  | 'Settings'
  | 'Unit'
  | 'User'
  | 'Profile'
  | 'AuditLog'
  | 'Application'
  | 'Appeal'
  | 'Report'
  | 'ReportSubmission'
  | 'Subscriber'
  | 'Calendar'
  | 'UnitProfile'
  | 'Channel'
  | 'Performance'
  | 'Complaint'
  | 'Referral'
  | 'all';

export type AppSubject =
  | SubjectName
  | (DocumentSubject & ForcedSubject<'Document'>)
  | (ConsultationSubject & ForcedSubject<'Consultation'>)
  | (ComplaintSubject & ForcedSubject<'Complaint'>)
  | (ApplicationSubject & ForcedSubject<'Application'>)
  | (ReferralSubject & ForcedSubject<'Referral'>)
  | (UnitProfileSubject & ForcedSubject<'UnitProfile'>);
export type AppAbility = MongoAbility<[AppAction, AppSubject]>;

type Can = AbilityBuilder<AppAbility>['can'];

const STEP_ARRAYS: Record<ApprovalStep, keyof DocumentSubject> = {
  secrecy: 'secrecyApproverIds',
  office: 'officeApproverIds',
  leader: 'leaderApproverIds',
};

const REVIEW_STATES = ['secrecy_review', 'attribute_review', 'leader_review', 'reassessment_review'];

/** What a deputy may do in the delegator's place: the review steps and what belongs to them, never drafting. */
const DELEGABLE_PERFORMERS: readonly Performer[] = ['unit_secrecy_reviewer', 'disclosure_officer', 'leader_in_charge', 'step_approver'];

@Injectable()
export class AbilityFactory {
  /**
   * The ability of an authenticated actor; `null` (anonymous) gets an empty ability. A deputy
   * (`actor.deputyFor`) also holds each delegator's review steps, with the delegator's scope, and
   * separation of duties counts both of them.
   */
  createForActor(actor: Actor | null): AppAbility {
    const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
    if (!actor) return build();
    this.grantOwn(can, actor);
    for (const principal of actor.deputyFor ?? []) this.grantDeputy(can, principal, actor);
    return build();
  }

  /**
   * The actor's own ability and, for each delegator, the ability the actor holds as deputy — built
   * once, for asking actingFor about several actions of the same caller.
   */
  partsOf(actor: Actor): { onBehalfOf: Actor | null; ability: AppAbility }[] {
    const own = new AbilityBuilder<AppAbility>(createMongoAbility);
    this.grantOwn(own.can, actor);
    const parts: { onBehalfOf: Actor | null; ability: AppAbility }[] = [{ onBehalfOf: null, ability: own.build() }];
    for (const principal of actor.deputyFor ?? []) {
      const deputy = new AbilityBuilder<AppAbility>(createMongoAbility);
      this.grantDeputy(deputy.can, principal, actor);
      parts.push({ onBehalfOf: principal, ability: deputy.build() });
    }
    return parts;
  }

  /**
   * In whose place `actor` takes `action` on the document: their own (`onBehalfOf: null`), or the
   * first delegator whose steps allow it; null when nobody's rules allow it. `parts` (from
   * partsOf) saves rebuilding the abilities when several actions are asked about.
   */
  actingFor(
    actor: Actor,
    action: AppAction,
    doc: DocumentSubject & ForcedSubject<'Document'>,
    parts = this.partsOf(actor),
  ): { onBehalfOf: Actor | null } | null {
    const part = parts.find((p) => p.ability.can(action, doc));
    return part ? { onBehalfOf: part.onBehalfOf } : null;
  }

  private grantOwn(can: Can, actor: Actor): void {
    const has = (r: string) => (actor.roles as string[]).includes(r);

    can('read', 'Profile');
    can('read', 'Unit');
    can('create', 'Delegation');

    if (has('admin')) {
      can('manage', 'Unit');
      can('manage', 'User');
      can('read', 'AuditLog');
      can('verify', 'AuditLog');
      can('manage', 'Subscriber');
      can('manage', 'Calendar');
      can('read', 'Report');
      // Submitting published annual reports to the upper-level platform (its exchange subscribers).
      can('create', 'ReportSubmission');
      can('read', 'ReportSubmission');
      can('manage', 'Delegation');
      can('manage', 'Settings');
      can('read', 'Supervision');
      // The performance assessment of units, and its rubric.
      can('read', 'Performance');
      can('update', 'Performance');
      // Every unit's profile (and so its disclosure guide), and where entries stand on each channel.
      can('update', 'UnitProfile');
      can('read', 'Channel');
    }

    // Reading documents.
    if (actor.unitId && (has('drafter') || has('secrecy_reviewer'))) {
      // Colleagues of a unit see the unit's submitted work; a draft stays with its drafter.
      can('read', 'Document', { unitId: actor.unitId, state: { $ne: 'draft' } });
    }
    if (has('drafter')) {
      can('read', 'Document', { drafterId: actor.id });
      if (actor.unitId) can('create', 'Document', { unitId: actor.unitId });
      can('update', 'Document', { drafterId: actor.id, state: { $in: ['draft', 'returned'] } });
    }
    if (has('disclosure_officer')) {
      can('manage', 'Application');
      can('manage', 'Appeal');
      // Complaints and reports about the district's disclosure work: the office receives, assigns and replies.
      can('manage', 'Complaint');
      // Applications across units (转办): the office refers, reads every referral and replies.
      can('create', 'Referral');
      can('read', 'Referral');
      can('read', 'Report');
      can('update', 'Report');
      can('create', 'ReportSubmission');
      can('read', 'ReportSubmission');
      can('read', 'Supervision');
      can('read', 'Channel');
      can('read', 'Performance');
    }
    if (has('leader')) {
      can('read', 'Report');
      can('read', 'ReportSubmission');
      can('read', 'Supervision');
      can('read', 'Performance');
    }
    if (has('unit_liaison') && actor.unitId) {
      // A unit's liaison sees the consultations sent to its unit, and the documents they are about.
      can('read', 'Consultation', { unitId: actor.unitId });
      can('answer', 'Consultation', { unitId: actor.unitId });
      can('read', 'Document', { consultedUnitIds: actor.unitId });
      // … and keeps its own unit's profile and disclosure guide.
      can('update', 'UnitProfile', { unitId: actor.unitId });
      // Complaints assigned to its unit (once the office has assigned them), or whose rectification its unit
      // was ordered to make (and reports that rectification done); never the complainant's name or contact
      // (the service leaves them out).
      can('read', 'Complaint', { unitId: actor.unitId, state: { $ne: 'received' } });
      can('read', 'Complaint', { rectificationUnitId: actor.unitId });
      can('rectify', 'Complaint', { rectificationUnitId: actor.unitId });
      // Applications referred to its unit (转办): the referrals, their answer, and the application while referred
      // (never the applicant's ID number or contact: the service leaves them out).
      can('read', 'Referral', { unitId: actor.unitId });
      can('answer', 'Referral', { unitId: actor.unitId });
      can('read', 'Application', { referredUnitIds: actor.unitId });
    }
    this.grantReview(can, actor, [actor.id], null);
  }

  /** The delegator's review steps, for their deputy: separation of duties counts both. */
  private grantDeputy(can: Can, principal: Actor, deputy: Actor): void {
    this.grantReview(can, principal, [principal.id, deputy.id], DELEGABLE_PERFORMERS);
  }

  /**
   * Reading, redacting and the review chain (derived from the transition table), for `actor`'s
   * scope; `selfIds` are the people separation of duties applies to (the actor, or a delegator
   * and their deputy); `performers` limits the transitions (a deputy's).
   */
  private grantReview(can: Can, actor: Actor, selfIds: string[], performers: readonly Performer[] | null): void {
    const has = (r: string) => (actor.roles as string[]).includes(r);
    const leads = has('leader') && actor.leadsUnitIds.length > 0;
    if (has('disclosure_officer')) {
      // The district's office sees everything that has been submitted, whatever the unit.
      can('read', 'Document', { state: { $nin: ['draft', 'withdrawn'] } });
      can('read', 'Consultation');
      can('consult', 'Document', { state: 'attribute_review' });
      can('urge', 'Document', { state: { $in: REVIEW_STATES } });
      // Redaction spans: the office while giving its opinion.
      can('redact', 'Document', { state: 'attribute_review' });
    }
    if (leads) {
      can('read', 'Document', { unitId: { $in: actor.leadsUnitIds }, state: { $nin: ['draft', 'withdrawn'] } });
      // … and the leader while signing off.
      can('redact', 'Document', { state: 'leader_review', unitId: { $in: actor.leadsUnitIds } });
    }
    if (performers && actor.unitId && has('secrecy_reviewer')) {
      // A deputy of a secrecy reviewer reads what the reviewer reads of the unit's submitted work.
      can('read', 'Document', { unitId: actor.unitId, state: { $ne: 'draft' } });
    }
    const single = selfIds.length === 1;
    for (const t of TRANSITIONS) {
      if (performers && !performers.includes(t.who)) continue;
      if (performers && t.action === 'revoke') continue;
      const scope = this.scopeOf(t, actor);
      if (scope === null) continue;
      const conditions: Record<string, unknown> = { ...scope, state: t.from };
      if (t.step) {
        // Separation of duties: the drafter approves nothing; nobody approves two different steps.
        conditions.drafterId = single ? { $ne: selfIds[0] } : { $nin: selfIds };
        for (const [step, field] of Object.entries(STEP_ARRAYS)) {
          if (step !== t.step) conditions[field] = single ? { $ne: selfIds[0] } : { $nin: selfIds };
        }
      }
      can(t.action, 'Document', conditions);
    }
  }

  /** Conditions placing the actor in the performer's relation to a document, or null if not. */
  private scopeOf(t: Transition, actor: Actor): Record<string, unknown> | null {
    const has = (r: string) => (actor.roles as string[]).includes(r);
    switch (t.who) {
      case 'drafter_of_document':
        return has('drafter') ? { drafterId: actor.id } : null;
      case 'unit_secrecy_reviewer':
        return has('secrecy_reviewer') && actor.unitId ? { unitId: actor.unitId } : null;
      case 'disclosure_officer':
        return has('disclosure_officer') ? {} : null;
      case 'leader_in_charge':
        return has('leader') && actor.leadsUnitIds.length > 0 ? { unitId: { $in: actor.leadsUnitIds } } : null;
      case 'step_approver':
        // The approver of the step taken back (the use case checks it was the last step taken).
        return t.recalls && t.recalls !== 'submission' ? { [STEP_ARRAYS[t.recalls]]: actor.id } : null;
    }
  }
}
