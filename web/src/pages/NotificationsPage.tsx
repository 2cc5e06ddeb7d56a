/**
 * The notifications page (通知): the user's own notifications, newest first, unread ones marked;
 * each links to its document, application or complaint and is marked read when followed; "all
 * read"; only the unread ones on demand; more pages by cursor. Kept current by the header's
 * stream (lib/notifications.ts). Also the switch for notifications by e-mail (PATCH /api/v1/me).
 */
import { CheckOutlined, MailOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Segmented, Switch, Tag } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, unwrap } from '../api/client';
import { useAbility } from '../auth/session';
import { ErrorAlert, ListState, PageTitle } from '../components/common';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { LIST_KEY, UNREAD_KEY, subjectLink, type NotificationItem } from '../lib/notifications';

function MailSwitch() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const me = useQuery({ queryKey: ['me', 'notification-settings'], queryFn: () => unwrap(api.GET('/api/v1/me')) });
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (!me.data) return null;
  return (
    <div className="gk-notifications-mail">
      <MailOutlined aria-hidden />
      <label htmlFor="notifications-mail">{t('notifications.mail')}</label>
      <Switch
        id="notifications-mail"
        data-testid="notifications-mail"
        checked={me.data.emailNotifications}
        loading={saving}
        onChange={async (checked) => {
          setSaving(true);
          setError(null);
          try {
            const user = await unwrap(api.PATCH('/api/v1/me', { body: { emailNotifications: checked } }));
            qc.setQueryData(['me', 'notification-settings'], user);
            void message.success(t(checked ? 'notifications.mailOn' : 'notifications.mailOff'));
          } catch (e) {
            setError(e);
          } finally {
            setSaving(false);
          }
        }}
      />
      {me.data.email ? <span className="gk-muted">{me.data.email}</span> : <span className="gk-muted">{t('notifications.noEmail')}</span>}
      {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}
    </div>
  );
}

export function NotificationsPage() {
  const { t, formatDate } = useI18n();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const ability = useAbility();
  const [filter, setFilter] = useState<'all' | 'unread'>('all');
  const [error, setError] = useState<unknown>(null);
  const q = useInfiniteQuery({
    queryKey: [...LIST_KEY, filter],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/notifications', { params: { query: { limit: 20, unread: filter === 'unread' ? true : undefined, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = q.data?.pages[0]?.unreadCount ?? 0;
  const refresh = (count?: number) => {
    if (count !== undefined) qc.setQueryData(UNREAD_KEY, count);
    void qc.invalidateQueries({ queryKey: ['notifications'] });
  };
  const manages = ability.can('manage', 'Application');
  const open = async (n: NotificationItem) => {
    if (!n.readAt) {
      try {
        await unwrap(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id: n.id } } }));
        refresh();
      } catch {
        /* following the link matters more than the mark */
      }
    }
    navigate(subjectLink(n, manages));
  };
  return (
    <section className="gk-notifications" data-testid="notifications-page">
      <PageTitle
        extra={
          <Button
            icon={<CheckOutlined aria-hidden />}
            disabled={unread === 0}
            data-testid="notifications-read-all"
            onClick={async () => {
              setError(null);
              try {
                await unwrap(api.POST('/api/v1/notifications/read-all'));
                refresh(0);
              } catch (e) {
                setError(e);
              }
            }}
          >
            {t('notifications.readAll')}
          </Button>
        }
      >
        {t('notifications.title')}
      </PageTitle>
      <div className="gk-notifications-bar">
        <Segmented
          value={filter}
          onChange={(v) => setFilter(v as 'all' | 'unread')}
          options={[
            { value: 'all', label: t('notifications.all') },
            { value: 'unread', label: t('notifications.unreadCount', { n: unread }) },
          ]}
          data-testid="notifications-filter"
        />
        <MailSwitch />
      </div>
      {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}
      <ListState q={q} empty={items.length === 0} emptyText={t(filter === 'unread' ? 'notifications.noneUnread' : 'notifications.none')}>
        <ul className="gk-notification-list" data-testid="notification-list">
          {items.map((n) => (
            <li key={n.id} className={n.readAt ? 'gk-notification' : 'gk-notification gk-notification-unread'} data-testid="notification-item" data-kind={n.kind}>
              <Tag color={n.readAt ? undefined : 'blue'}>{t(`notifications.kind.${n.kind}` as MessageKey)}</Tag>
              <Link
                to={subjectLink(n, manages)}
                onClick={(e) => {
                  e.preventDefault();
                  void open(n);
                }}
              >
                {n.title}
              </Link>
              <span className="gk-muted gk-notification-time">{formatDate(n.createdAt)}</span>
              {n.readAt ? null : <span className="gk-visually-hidden">{t('notifications.unread')}</span>}
            </li>
          ))}
        </ul>
        {q.hasNextPage ? (
          <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage} data-testid="notifications-more">
            {t('notifications.more')}
          </Button>
        ) : null}
      </ListState>
    </section>
  );
}
