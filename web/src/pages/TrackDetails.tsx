/**
 * The applicant's view beyond state and dates (the tracking page): how the due date was computed,
 * line by line, and every letter issued — and for a disclosing reply the documents provided, the
 * withheld parts covered (■) — each to download as Word or to print, without logging in.
 */
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import type { Schemas } from '../api/client';
import { useI18n } from '../i18n/i18n';

type Track = Schemas['TrackResponse'];

function Downloads({ url, label }: { url: string; label: string }) {
  const { t } = useI18n();
  return (
    <span className="gk-letter-buttons">
      <Button size="small" href={`${url}?format=docx`} download icon={<DownloadOutlined aria-hidden />} aria-label={`${label} ${t('track.download')}`} data-testid="track-docx">
        {t('track.download')}
      </Button>
      <Button size="small" href={`${url}?format=html`} target="_blank" rel="noopener" icon={<PrinterOutlined aria-hidden />} aria-label={`${label} ${t('track.print')}`} data-testid="track-html">
        {t('track.print')}
      </Button>
    </span>
  );
}

export function TrackDetails({ track }: { track: Track }) {
  const { t, tv, lang, formatDate } = useI18n();
  return (
    <>
      <section className="gk-panel" aria-labelledby="track-explanation-title" data-testid="track-explanation">
        <h2 id="track-explanation-title" className="gk-panel-title">
          {t('track.explanation')}
        </h2>
        <ul className="gk-clock-steps gk-explanation">
          {track.explanation.map((l, i) => (
            <li key={`${l.kind}-${i}`} className={`gk-explanation-${l.kind}`}>
              {lang === 'zh' ? l.textZh : l.text}
            </li>
          ))}
        </ul>
      </section>
      <section className="gk-panel" aria-labelledby="track-notices-title" data-testid="track-notices">
        <h2 id="track-notices-title" className="gk-panel-title">
          {t('track.notices')}
        </h2>
        {track.notices.length === 0 ? <p className="gk-muted">{t('track.noNotices')}</p> : null}
        <ul className="gk-letters">
          {track.notices.map((n) => (
            <li key={n.kind} className="gk-letter" data-testid="track-notice">
              <div>
                <strong>{tv('notice.kind', n.kind)}</strong> <span className="gk-muted">{n.number} · {formatDate(n.issuedAt, false)}</span>
              </div>
              <Downloads url={n.url} label={tv('notice.kind', n.kind)} />
            </li>
          ))}
        </ul>
      </section>
      {track.documents.length > 0 ? (
        <section className="gk-panel" aria-labelledby="track-documents-title" data-testid="track-documents">
          <h2 id="track-documents-title" className="gk-panel-title">
            {t('track.documents')}
          </h2>
          <ul className="gk-letters">
            {track.documents.map((d) => (
              <li key={d.id} className="gk-letter" data-testid="track-document">
                <div>
                  <strong>{d.title}</strong>
                  {d.redacted ? <span className="gk-muted"> · {t('track.redacted')}</span> : null}
                </div>
                <Downloads url={d.url} label={d.title} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
