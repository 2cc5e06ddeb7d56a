/** The statutory letters of one application (告知书和答复书), each as Word and as a printable page, and the reply as plain text. */
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button } from 'antd';
import { useState } from 'react';
import { api, downloadFile, unwrap, type ApplicationResponse } from '../../api/client';
import { ErrorAlert, Loading } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import { noticeUrl, type Notice } from '../../lib/referrals';

export function LettersPanel({ app }: { app: ApplicationResponse }) {
  const { t, tv, formatDate } = useI18n();
  const q = useQuery({
    queryKey: ['application-notices', app.id, app.version],
    queryFn: () => unwrap(api.GET('/api/v1/applications/{id}/notices', { params: { path: { id: app.id } } })),
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const get = async (name: string, url: string, fallback: string) => {
    setBusy(name);
    setError(null);
    try {
      await downloadFile(url, fallback);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const replied = ['replied', 'delivered', 'filed'].includes(app.state);
  return (
    <section className="gk-panel" aria-labelledby="app-letters-title" data-testid="application-letters">
      <h2 id="app-letters-title" className="gk-panel-title">
        {t('letters.title')}
      </h2>
      {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}
      {q.isPending ? <Loading /> : q.isError ? <ErrorAlert error={q.error} /> : null}
      {q.isSuccess && q.data.length === 0 ? <p className="gk-muted">{t('letters.none')}</p> : null}
      <ul className="gk-letters">
        {(q.data ?? []).map((n: Notice) => (
          <li key={n.id} className="gk-letter" data-testid="application-letter">
            <div>
              <strong>{tv('notice.kind', n.kind)}</strong> <span className="gk-muted">{n.number} · {formatDate(n.issuedAt, false)}</span>
            </div>
            <div className="gk-letter-buttons">
              <Button
                size="small"
                icon={<DownloadOutlined aria-hidden />}
                loading={busy === `${n.id}.docx`}
                onClick={() => void get(`${n.id}.docx`, noticeUrl(app.id, n.kind, 'docx'), `${n.kind}-${app.trackingCode}.docx`)}
                aria-label={`${tv('notice.kind', n.kind)} ${t('letters.docx')}`}
                data-testid={`letter-${n.kind}-docx`}
              >
                {t('letters.docx')}
              </Button>
              <Button
                size="small"
                icon={<PrinterOutlined aria-hidden />}
                loading={busy === `${n.id}.html`}
                onClick={() => void get(`${n.id}.html`, noticeUrl(app.id, n.kind, 'html'), `${n.kind}-${app.trackingCode}.html`)}
                aria-label={`${tv('notice.kind', n.kind)} ${t('letters.html')}`}
              >
                {t('letters.html')}
              </Button>
            </div>
          </li>
        ))}
      </ul>
      {replied ? (
        <Button
          icon={<DownloadOutlined aria-hidden />}
          onClick={() => void get('letter', `/api/v1/applications/${encodeURIComponent(app.id)}/letter`, `reply-${app.trackingCode}.txt`)}
          loading={busy === 'letter'}
          data-testid="letter"
        >
          {t('letters.text')}
        </Button>
      ) : null}
    </section>
  );
}
