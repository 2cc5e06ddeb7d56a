/**
 * The inbox's data and its live updates. The unread count and the list are react-query queries;
 * a Server-Sent Events stream (GET /api/v1/notifications/stream) pushes the new count whenever the
 * user's notifications change on any instance, and the list is refetched. EventSource cannot send
 * an Authorization header: each connection opens with a single-use ticket from
 * POST /api/v1/notifications/stream-tickets. When the stream drops (the server restarted, the
 * ticket's stream reached its lifetime, the network blinked), a new ticket is fetched and the
 * stream reopened, waiting 1, 2, 4 … up to 15 s between tries; on reopening the counts are
 * fetched again, so nothing missed meanwhile stays missed.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, unwrap, type Schemas } from '../api/client';
import { useSession } from '../auth/session';

export type NotificationItem = Schemas['NotificationResponse'];
export type NotificationKind = NotificationItem['kind'];

export const UNREAD_KEY = ['notifications', 'unread'] as const;
export const LIST_KEY = ['notifications', 'list'] as const;

/** Where a notification leads in the web UI: an application, for a unit's liaison, to its unit's referrals of it. */
export function subjectLink(n: Pick<NotificationItem, 'subjectType' | 'subjectId'>, managesApplications = true): string {
  switch (n.subjectType) {
    case 'document':
      return `/documents/${n.subjectId}`;
    case 'application':
      return managesApplications ? `/applications/${n.subjectId}` : `/referrals?applicationId=${encodeURIComponent(n.subjectId)}`;
    case 'complaint':
      return `/complaints/${n.subjectId}`;
  }
}

/** The caller's unread count (kept current by the stream). */
export function useUnreadCount(): number | undefined {
  const { token } = useSession();
  const q = useQuery({
    queryKey: UNREAD_KEY,
    enabled: !!token,
    queryFn: async () => (await unwrap(api.GET('/api/v1/notifications', { params: { query: { limit: 1, unread: true } } }))).unreadCount,
  });
  return q.data;
}

export type StreamState = 'connecting' | 'open' | 'retrying';

/** Opens the live stream while someone is logged in; returns its state (shown on the bell). */
export function useNotificationStream(): StreamState {
  const { token } = useSession();
  const qc = useQueryClient();
  const [state, setState] = useState<StreamState>('connecting');
  useEffect(() => {
    if (!token) return;
    let stopped = false;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let delay = 1000;
    const retry = () => {
      if (stopped) return;
      setState('retrying');
      timer = setTimeout(() => void connect(), delay);
      delay = Math.min(delay * 2, 15_000);
    };
    const connect = async () => {
      let ticket: string;
      try {
        ticket = (await unwrap(api.POST('/api/v1/notifications/stream-tickets'))).ticket;
      } catch {
        return retry();
      }
      if (stopped) return;
      const es = new EventSource(`/api/v1/notifications/stream?ticket=${encodeURIComponent(ticket)}`);
      source = es;
      es.addEventListener('notifications', (e) => {
        const { unreadCount } = JSON.parse((e as MessageEvent<string>).data) as { unreadCount: number };
        delay = 1000;
        setState('open');
        const before = qc.getQueryData<number>(UNREAD_KEY);
        qc.setQueryData(UNREAD_KEY, unreadCount);
        if (before !== unreadCount) void qc.invalidateQueries({ queryKey: LIST_KEY });
      });
      // A ticket is good for one connection: the browser's own reconnect would be refused, so
      // every drop closes this source and opens a new one with a new ticket.
      es.onerror = () => {
        es.close();
        if (source === es) source = null;
        retry();
      };
    };
    void connect();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      source?.close();
    };
  }, [token, qc]);
  return state;
}
