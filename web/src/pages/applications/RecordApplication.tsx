/** The intake form for staff: a disclosure officer records a paper, post or fax application. */
import { Button } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { ApplicationForm } from '../ApplyPage';

export interface RecordedApplication {
  id: string;
  trackingCode: string;
  dueAt: string | null;
}

export function RecordApplication({ onClose, onRecorded }: { onClose(): void; onRecorded(res: RecordedApplication): void }) {
  const { t } = useI18n();
  return (
    <section className="gk-record" aria-labelledby="record-title">
      <div className="gk-record-head">
        <h2 id="record-title" className="gk-panel-title">
          {t('apps.record.title')}
        </h2>
        <Button onClick={onClose}>{t('apps.record.close')}</Button>
      </div>
      <p className="gk-muted">{t('apps.record.intro')}</p>
      <ApplicationForm staff onSubmitted={onRecorded} />
    </section>
  );
}
