/** A due date, in red with the word "overdue" once it has passed (the colour is never the only sign). */
import { ClockCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/i18n';
import { isOverdue } from '../lib/review-chain';

export function DueDate({ at, withTime = false, testId }: { at: string | null | undefined; withTime?: boolean; testId?: string }) {
  const { t, formatDate } = useI18n();
  if (!at) return null;
  const late = isOverdue(at);
  return (
    <span className={late ? 'gk-due gk-due-late' : 'gk-due'} data-testid={testId} data-overdue={late ? 'true' : 'false'}>
      {late ? <ExclamationCircleOutlined aria-hidden /> : <ClockCircleOutlined aria-hidden />}{' '}
      <time dateTime={at}>{formatDate(at, withTime)}</time>
      {late ? <span className="gk-due-word">{t('due.overdue')}</span> : null}
    </span>
  );
}
