/**
 * The review chain's v1.1 additions as the UI reads them: what the caller may do with a document
 * now (GET /documents/:id/actions, the server's rules, deputies included), the consultations of
 * units (征求意见), delegations (代理), the people one may name as a deputy, and due dates.
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import { ApiError, api, unwrap, type Schemas } from '../api/client';
import { useAbility, useSession } from '../auth/session';

export type DocumentActions = Schemas['DocumentActions'];
export type Consultation = Schemas['ConsultationResponse'];
export type ConsultationState = Consultation['state'];
export type AnswerConsultationRequest = Schemas['AnswerConsultationRequest'];
export type Delegation = Schemas['DelegationResponse'];
export type SupervisedItem = Schemas['SupervisedItem'];
export type Supervision = Schemas['SupervisionResponse'];
export type StepDeadlines = Schemas['StepDeadlinesDto'];

export const CONSULTATION_STATES: ConsultationState[] = ['open', 'answered', 'closed'];
export const OPINIONS: AnswerConsultationRequest['opinion'][] = ['agree', 'disagree'];
export const STEP_DEADLINE_STATES = ['secrecy_review', 'attribute_review', 'leader_review'] as const;

/**
 * What the caller may do with the document now, from the server (refetched whenever the document
 * changes). The last answer stays while the next is read, so the action panel (and the comment or
 * the error it shows) is not replaced by a spinner after a 412.
 */
export function useDocumentActions(id: string, version: number | undefined) {
  return useQuery({
    queryKey: ['document-actions', id, version],
    enabled: version !== undefined,
    placeholderData: (previous, query) => (query?.queryKey[1] === id ? previous : undefined),
    queryFn: () => unwrap(api.GET('/api/v1/documents/{id}/actions', { params: { path: { id } } })),
  });
}

export function useDocumentConsultations(id: string, enabled = true) {
  return useQuery({
    queryKey: ['consultations', 'document', id],
    enabled,
    queryFn: async () => (await unwrap(api.GET('/api/v1/documents/{id}/consultations', { params: { path: { id } } }))).items,
  });
}

/** Someone one may pick (as a deputy): from the directory, or the administrator's user list. */
export interface Person {
  id: string;
  username: string;
  displayName: string;
  unitId: string | null;
  roles: string[];
}

/**
 * The people a user may name as a deputy: an administrator lists the users; anyone else asks
 * GET /api/v1/users/directory. `available: false` when the service has no directory (404):
 * the screen then takes the deputy's user id as typed.
 */
export function usePeople() {
  const { user, token } = useSession();
  const ability = useAbility();
  const admin = ability.can('manage', 'User');
  return useQuery({
    queryKey: ['people', admin ? 'users' : 'directory', user?.id],
    enabled: !!token && !!user,
    staleTime: 5 * 60_000,
    queryFn: async (): Promise<{ available: boolean; people: Person[] }> => {
      if (admin) {
        const all: Person[] = [];
        let cursor: string | undefined;
        for (let i = 0; i < 100; i++) {
          const page = await unwrap(api.GET('/api/v1/users', { params: { query: { limit: 100, cursor } } }));
          all.push(...page.items.filter((u) => u.active));
          if (!page.nextCursor) break;
          cursor = page.nextCursor;
        }
        return { available: true, people: all };
      }
      try {
        const page = await unwrap(api.GET('/api/v1/users/directory', { params: { query: { limit: 100 } } }));
        return { available: true, people: page.items };
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return { available: false, people: [] };
        throw e;
      }
    },
  });
}

/** Whether a due date has passed (compared with the browser's clock). */
export function isOverdue(dueAt: string | null | undefined, now = Date.now()): boolean {
  return !!dueAt && new Date(dueAt).getTime() < now;
}

/** The consultations that have not been answered or closed. */
export const openConsultations = (items: Consultation[] | undefined) => (items ?? []).filter((c) => c.state === 'open');

/** The unit ids named by a 409 of the office's approval while consultations are open, if it is one. */
export function openConsultationUnits(err: unknown): string[] | null {
  if (!(err instanceof ApiError) || err.status !== 409) return null;
  const list = err.body?.details?.consultations;
  if (!Array.isArray(list)) return null;
  return (list as { unitId?: unknown }[]).map((c) => String(c.unitId ?? ''));
}

/**
 * The titles of documents named by id (a consultation, a supervised step), read one by one
 * through GET /documents/:id (shared with the document page's cache); null for one the caller
 * may not read.
 */
export function useDocumentTitles(ids: (string | null | undefined)[]) {
  const unique = [...new Set(ids.filter((x): x is string => !!x))];
  return useQueries({
    queries: unique.map((id) => ({
      queryKey: ['document', id],
      staleTime: 60_000,
      retry: false,
      queryFn: () => unwrap(api.GET('/api/v1/documents/{id}', { params: { path: { id } } })),
    })),
    combine: (results) => {
      const titles = new Map<string, string | null>();
      results.forEach((r, i) => {
        if (r.isSuccess) titles.set(unique[i], r.data.title);
        else if (r.isError) titles.set(unique[i], null);
      });
      return titles;
    },
  });
}
