/** What the office's list and one application both show: the clock in words and the state label. */
import type { ApplicationState, ApplicationSummary } from '../../api/client';
import { useI18n, type Translate } from '../../i18n/i18n';

/** "4 working days left", "due today", "2 working days overdue". */
export function clockInWords(a: Pick<ApplicationSummary, 'workingDaysLeft' | 'overdue' | 'state' | 'repliedAt'>, t: Translate): string {
  if (a.repliedAt) return t('apps.clock.done');
  if (a.state === 'awaiting_correction') return t('apps.clock.stopped');
  if (a.workingDaysLeft === null) return a.state === 'third_party_consultation' ? t('apps.clock.paused') : '';
  if (a.workingDaysLeft > 0) return t('apps.clock.left', { n: a.workingDaysLeft });
  if (a.workingDaysLeft === 0) return t('apps.clock.today');
  return t('apps.clock.overdue', { n: -a.workingDaysLeft });
}

export function StateLabel({ state }: { state: ApplicationState }) {
  const { tv } = useI18n();
  return <span className={`gk-app-state gk-app-state-${state}`}>{tv('appState', state)}</span>;
}

