/** Sessions as cards (the caller's own on the security page, a user's in the admin's dialog), each with its end button. */
import { Button, Tag } from 'antd';
import type { Schemas } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { CardList } from './CardList';
import './sign-in.css';

export type SessionItem = Schemas['SessionResponse'];

export function SessionList({ items, onEnd, busyId, headingLevel = 2 }: { items: SessionItem[]; onEnd(s: SessionItem): void; busyId?: string | null; headingLevel?: 2 | 3 }) {
  const { t, formatDate } = useI18n();
  if (items.length === 0) return <p className="gk-muted">{t('sessions.none')}</p>;
  return (
    <CardList<SessionItem>
      items={items}
      rowKey={(s) => s.id}
      headingLevel={headingLevel}
      label={t('sessions.title')}
      testId="sessions"
      itemTestId="session"
      title={(s) => formatDate(s.createdAt, true)}
      tags={(s) => (
        <>
          <Tag>{t(s.method === 'oidc' ? 'sessions.method.oidc' : 'sessions.method.password')}</Tag>
          {s.secondFactor ? <Tag>{t('sessions.secondFactor')}</Tag> : null}
          {s.current ? <Tag color="blue">{t('sessions.current')}</Tag> : null}
        </>
      )}
      fields={(s) => [
        { key: 'last', label: t('sessions.lastUsedAt'), value: formatDate(s.lastUsedAt, true) },
        { key: 'expires', label: t('sessions.expiresAt'), value: formatDate(s.expiresAt, true) },
        { key: 'client', label: t('sessions.client'), value: [s.ip, s.userAgent].filter(Boolean).join(' · ') },
      ]}
      actions={(s) => (
        <Button size="small" danger onClick={() => onEnd(s)} loading={busyId === s.id} data-testid="session-end">
          {t('sessions.end')}
        </Button>
      )}
    />
  );
}
