/**
 * The rule tables the server publishes for clients, read once per session (logging out clears
 * the query cache): which workflow steps and application actions need a comment, and the reasons
 * each reply outcome takes. The UI checks with them before sending; the server checks again.
 */
import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type ApplicationAction, type DocumentState, type Outcome, type OutcomeReason, type Schemas, type WorkflowAction } from '../api/client';

export type WorkflowRules = Schemas['WorkflowRulesResponse'];
export type ApplicationRules = Schemas['ApplicationRulesResponse'];

const SESSION = { staleTime: Infinity, gcTime: Infinity } as const;

export function useWorkflowRules() {
  return useQuery({ queryKey: ['rules', 'workflow'], ...SESSION, queryFn: () => unwrap(api.GET('/api/v1/workflow/rules')) });
}

export function useApplicationRules() {
  return useQuery({ queryKey: ['rules', 'applications'], ...SESSION, queryFn: () => unwrap(api.GET('/api/v1/applications/rules')) });
}

/** Whether taking `action` from `state` needs a comment. */
export function workflowNeedsComment(rules: WorkflowRules, state: DocumentState, action: WorkflowAction): boolean {
  return rules.transitions.some((t) => t.from === state && t.action === action && t.commentRequired);
}

/** Whether the application action's request must carry a comment. */
export function applicationNeedsComment(rules: ApplicationRules, action: ApplicationAction): boolean {
  return rules.actions.some((a) => a.action === action && a.commentRequired);
}

/** The reply outcomes, in the server's order. */
export function outcomesOf(rules: ApplicationRules): Outcome[] {
  return rules.outcomes.map((o) => o.outcome);
}

/** The reasons a reply with `outcome` may give (none: the reply takes no reason). */
export function reasonsOf(rules: ApplicationRules, outcome: Outcome): OutcomeReason[] {
  return rules.outcomes.find((o) => o.outcome === outcome)?.reasons ?? [];
}
