/**
 * The one place that knows who may do what. Every route's guard, every instance check after
 * loading and every list query (through rules-to-sql.ts) reads the ability built here.
 * Default deny: a subject or action without a rule is refused.
 */
import { AbilityBuilder, createMongoAbility, type ForcedSubject, type MongoAbility } from '@casl/ability';
import { Injectable } from '@nestjs/common';
import type { Actor } from '../identity/user.types.js';
import { TRANSITIONS, type ApprovalStep, type Performer, type WorkflowAction } from '../workflow/transitions.js';

export type CrudAction = 'read' | 'create' | 'update' | 'manage' | 'verify' | 'list';
export type AppAction = CrudAction | WorkflowAction | 'redact';

/** The fields rules may test on a document (rules-to-sql.ts maps each to a column). */
export interface DocumentSubject {
  id: string;
  unitId: string;
  drafterId: string;
  state: string;
  secrecyApproverIds: string[];
  officeApproverIds: string[];
  leaderApproverIds: string[];
}

export type SubjectName =
  | 'Document'
  | 'Unit'
  | 'User'
  | 'Profile'
  | 'AuditLog'
  | 'Application'
  | 'Appeal'
  | 'Report'
  | 'Subscriber'
  | 'Calendar'
  | 'all';

export type AppSubject = SubjectName | (DocumentSubject & ForcedSubject<'Document'>);
export type AppAbility = MongoAbility<[AppAction, AppSubject]>;

const STEP_ARRAYS: Record<ApprovalStep, keyof DocumentSubject> = {
  secrecy: 'secrecyApproverIds',
  office: 'officeApproverIds',
  leader: 'leaderApproverIds',
};

@Injectable()
export class AbilityFactory {
  /** The ability of an authenticated actor; `null` (anonymous) gets an empty ability. */
  createForActor(actor: Actor | null): AppAbility {
    const { can, build } = new AbilityBuilder<AppAbility>(createMongoAbility);
    if (!actor) return build();
    const has = (r: string) => (actor.roles as string[]).includes(r);

    can('read', 'Profile');
    can('read', 'Unit');

    if (has('admin')) {
      can('manage', 'Unit');
      can('manage', 'User');
      can('read', 'AuditLog');
      can('verify', 'AuditLog');
      can('manage', 'Subscriber');
      can('manage', 'Calendar');
      can('read', 'Report');
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
      // The district's office sees everything that has been submitted, whatever the unit.
      can('read', 'Document', { state: { $nin: ['draft', 'withdrawn'] } });
      can('manage', 'Application');
      can('manage', 'Appeal');
      can('read', 'Report');
      can('update', 'Report');
    }
    if (has('leader') && actor.leadsUnitIds.length > 0) {
      can('read', 'Document', { unitId: { $in: actor.leadsUnitIds }, state: { $nin: ['draft', 'withdrawn'] } });
    }
    if (has('leader')) {
      can('read', 'Report');
    }

    // Redaction spans: the office while giving its opinion, the leader while signing off.
    if (has('disclosure_officer')) can('redact', 'Document', { state: 'attribute_review' });
    if (has('leader') && actor.leadsUnitIds.length > 0) {
      can('redact', 'Document', { state: 'leader_review', unitId: { $in: actor.leadsUnitIds } });
    }

    // The review chain, derived from the transition table.
    for (const t of TRANSITIONS) {
      const scope = this.scopeOf(t.who, actor);
      if (scope === null) continue;
      const conditions: Record<string, unknown> = { ...scope, state: t.from };
      if (t.step) {
        // Separation of duties: the drafter approves nothing; nobody approves two different steps.
        conditions.drafterId = { $ne: actor.id };
        for (const [step, field] of Object.entries(STEP_ARRAYS)) {
          if (step !== t.step) conditions[field] = { $ne: actor.id };
        }
      }
      can(t.action, 'Document', conditions);
    }
    return build();
  }

  /** Conditions placing the actor in the performer's relation to a document, or null if not. */
  private scopeOf(who: Performer, actor: Actor): Record<string, unknown> | null {
    const has = (r: string) => (actor.roles as string[]).includes(r);
    switch (who) {
      case 'drafter_of_document':
        return has('drafter') ? { drafterId: actor.id } : null;
      case 'unit_secrecy_reviewer':
        return has('secrecy_reviewer') && actor.unitId ? { unitId: actor.unitId } : null;
      case 'disclosure_officer':
        return has('disclosure_officer') ? {} : null;
      case 'leader_in_charge':
        return has('leader') && actor.leadsUnitIds.length > 0 ? { unitId: { $in: actor.leadsUnitIds } } : null;
    }
  }
}
