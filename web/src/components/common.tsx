import { Alert, Button, Empty, Result, Spin, Tag } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { DocumentState, PublicAttribute } from '../api/client';
import { describeError } from '../api/errors';
import { useI18n } from '../i18n/i18n';

/** The failure of a call, in the user's language, with the server's message as the detail. */
export function ErrorAlert({ error, action, onClose }: { error: unknown; action?: ReactNode; onClose?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  const d = describeError(error, t);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      className="gk-error"
      title={d.message}
      description={d.detail ?? undefined}
      action={action}
      closable={onClose ? { onClose } : undefined}
    />
  );
}

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="gk-loading" role="status" aria-live="polite">
      <Spin />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

/** Colours chosen for a contrast of at least 4.5:1 (WCAG AA) on their background. */
const STATE_COLOURS: Record<DocumentState, { color: string; background: string; border: string }> = {
  draft: { color: '#434343', background: '#f5f5f5', border: '#d9d9d9' },
  secrecy_review: { color: '#0b3d91', background: '#e6f0ff', border: '#91b4f0' },
  attribute_review: { color: '#0b3d91', background: '#e6f0ff', border: '#91b4f0' },
  leader_review: { color: '#5b2a86', background: '#f4ecfb', border: '#c9a8e8' },
  returned: { color: '#8a3b00', background: '#fff4e6', border: '#f5c28c' },
  withdrawn: { color: '#434343', background: '#f0f0f0', border: '#bfbfbf' },
  issued: { color: '#0f5132', background: '#e8f5ee', border: '#9fd3b5' },
  reassessment_review: { color: '#5b2a86', background: '#f4ecfb', border: '#c9a8e8' },
  awaiting_main: { color: '#0b3d91', background: '#e6f0ff', border: '#91b4f0' },
  published: { color: '#0f5132', background: '#e8f5ee', border: '#9fd3b5' },
  revoked: { color: '#8c1a1a', background: '#fdecec', border: '#f0a8a8' },
};

export function StateTag({ state }: { state: DocumentState }) {
  const { tv } = useI18n();
  const c = STATE_COLOURS[state] ?? STATE_COLOURS.draft;
  return (
    <Tag className="gk-state" style={{ color: c.color, background: c.background, borderColor: c.border }}>
      {tv('state', state)}
    </Tag>
  );
}

export function AttributeTag({ value }: { value: PublicAttribute }) {
  const { tv } = useI18n();
  const c =
    value === 'proactive'
      ? STATE_COLOURS.published
      : value === 'not_public'
        ? STATE_COLOURS.revoked
        : STATE_COLOURS.secrecy_review;
  return (
    <Tag style={{ color: c.color, background: c.background, borderColor: c.border }}>{tv('attr', value)}</Tag>
  );
}

export function NotFound({ message }: { message?: string }) {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={<h1 className="gk-result-title">{t('common.notFound')}</h1>}
      subTitle={message ?? t('common.notFoundHint')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.home')}</Button>
        </Link>
      }
    />
  );
}

export function PageTitle({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  return (
    <div className="gk-page-title">
      <h1>{children}</h1>
      {extra ? <div className="gk-page-title-extra">{extra}</div> : null}
    </div>
  );
}

/** A form control with its visible label above it; `id` ties the label to the control. */
export function Field({ id, label, className, children }: { id: string; label: ReactNode; className?: string; children: ReactNode }) {
  return (
    <div className={className ? `gk-field ${className}` : 'gk-field'}>
      <label htmlFor={id} className="gk-field-label">
        {label}
      </label>
      {children}
    </div>
  );
}

/** What a list query has to show: loading, its error, the empty message, or the list itself. */
export function ListState({
  q,
  empty,
  emptyText,
  children,
}: {
  q: { isPending: boolean; isError: boolean; error: unknown };
  empty: boolean;
  emptyText: string;
  children: ReactNode;
}) {
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorAlert error={q.error} />;
  if (empty) return <Empty description={emptyText} />;
  return <>{children}</>;
}

/** The "load more" button of a keyset-paginated list, while there is a next page. */
export function LoadMore({ q, testId }: { q: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage(): unknown }; testId?: string }) {
  const { t } = useI18n();
  if (!q.hasNextPage) return null;
  return (
    <div className="gk-more">
      <Button onClick={() => void q.fetchNextPage()} loading={q.isFetchingNextPage} data-testid={testId}>
        {t('common.loadMore')}
      </Button>
    </div>
  );
}
