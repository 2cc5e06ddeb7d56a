/** Publishing a past year's report into the catalogue. */
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, unwrap, type Schemas } from '../../api/client';
import { ErrorAlert } from '../../components/common';
import { useI18n } from '../../i18n/i18n';

export function Publish({ year, unit }: { year: number; unit?: string }) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<Schemas['PublishReportResponse'] | null>(null);
  const publish = () =>
    modal.confirm({
      title: t('report.publishConfirm'),
      okText: t('report.publish'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setError(null);
        try {
          setDone(await unwrap(api.POST('/api/v1/reports/annual/{year}/publish', { params: { path: { year }, query: { unit } } })));
          await queryClient.invalidateQueries({ queryKey: ['report-reminders'] });
        } catch (e) {
          setError(e);
        }
      },
    });
  return (
    <section className="gk-panel">
      {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}
      {done ? (
        <Alert
          type="success"
          showIcon
          title={t('report.published', { indexNo: done.indexNo })}
          action={<Link to={`/catalogue/${encodeURIComponent(done.indexNo)}`}>{t('doc.catalogueLink')}</Link>}
        />
      ) : (
        <Button type="primary" onClick={publish}>
          {t('report.publish')}
        </Button>
      )}
    </section>
  );
}
