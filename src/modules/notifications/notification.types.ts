/**
 * What a notification is: its kinds, what it is about, and who receives each kind (the table in
 * docs/notifications.md is this file in words). Recipients are computed in SQL by
 * notifications.repository.ts when the event happens, never stored as a list beforehand.
 */

export const NOTIFICATION_KINDS = [
  'task',
  'returned',
  'published',
  'consultation',
  'consultation_answered',
  'urged',
  'overdue',
  'referral',
  'application_due_soon',
  'complaint',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What a notification links to (the web UI's /documents/:id, /applications/:id, /complaints/:id). */
export const SUBJECT_TYPES = ['document', 'application', 'complaint'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

/**
 * Who receives an event, as the repository computes it:
 * - `step`: everyone who can act on the document's step now — by role and scope (the unit's
 *   secrecy reviewers, every disclosure officer, the leaders in charge of the unit), minus whoever
 *   separation of duties excludes (the drafter, approvers of the other steps), plus the deputies of
 *   those people during an active delegation (themselves subject to the same exclusions);
 * - `drafter`: the document's drafter;
 * - `liaisons`: the liaisons (unit_liaison) of the given units;
 * - `officers`: every disclosure officer (applications and complaints are the office's work).
 * Inactive users receive nothing; the person who caused the event (and the delegator they acted
 * for) is never notified of it.
 */
export type Recipients =
  | { kind: 'step'; documentId: string; /** default: the document's current state */ state?: string }
  | { kind: 'drafter'; documentId: string }
  | { kind: 'liaisons'; unitIds: string[] }
  | { kind: 'officers' };

export interface NotificationEvent {
  /** Shared by every recipient of this event; (eventId, user) is unique. */
  eventId: string;
  kind: NotificationKind;
  subjectType: SubjectType;
  subjectId: string;
  title: string;
  recipients: Recipients;
  /** Never notified of this event (the actor, and the delegator a deputy acted for). */
  exclude: string[];
}

/** The path of the subject in the web UI (mails link to PUBLIC_URL + this). */
export function subjectPath(type: SubjectType, id: string): string {
  switch (type) {
    case 'document':
      return `/documents/${id}`;
    case 'application':
      return `/applications/${id}`;
    case 'complaint':
      return `/complaints/${id}`;
  }
}

/** The kinds in words (mail subjects, the UI has its own translations). */
export const KIND_LABELS_ZH: Record<NotificationKind, string> = {
  task: '待办',
  returned: '退回',
  published: '已公开',
  consultation: '征求意见',
  consultation_answered: '意见已答复',
  urged: '督办',
  overdue: '超期',
  referral: '转办',
  application_due_soon: '即将到期',
  complaint: '投诉举报',
};

/** The step a document waits in, in words (for titles). */
export const STEP_LABELS_ZH: Record<string, string> = {
  secrecy_review: '保密审查',
  attribute_review: '公开属性审查',
  leader_review: '领导签发',
  reassessment_review: '复审签发',
};
