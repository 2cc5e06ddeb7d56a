/**
 * One application, the office's side: its particulars, its clock in words, its history, the
 * actions it allows now, its referrals to units (转办), its letters (告知书和答复书) and its appeals.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Col, Descriptions, Row } from 'antd';
import { useParams } from 'react-router-dom';
import { api, unwrap } from '../../api/client';
import { isStatus } from '../../api/errors';
import { ErrorAlert, Loading, NotFound } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import { useApplicationRules } from '../../lib/rules';
import { ApplicationActions } from './ApplicationActions';
import { AppealsPanel } from './Appeals';
import { LettersPanel } from './LettersPanel';
import { ReferralsPanel, useApplicationReferrals } from './ReferralsPanel';
import { clockInWords, StateLabel } from './shared';

export function ApplicationPage() {
  const { id = '' } = useParams();
  const { t, tv, lang, formatDate } = useI18n();
  const queryClient = useQueryClient();
  const app = useQuery({
    queryKey: ['application', id],
    queryFn: () => unwrap(api.GET('/api/v1/applications/{id}', { params: { path: { id } } })),
  });
  const history = useQuery({
    queryKey: ['application-history', id],
    enabled: app.isSuccess,
    queryFn: () => unwrap(api.GET('/api/v1/applications/{id}/history', { params: { path: { id } } })),
  });
  const rules = useApplicationRules();
  const referrals = useApplicationReferrals(id);
  if (app.isPending) return <Loading />;
  if (app.isError) return isStatus(app.error, 404) || isStatus(app.error, 400) ? <NotFound message={t('apps.notFound')} /> : <ErrorAlert error={app.error} />;
  const a = app.data;
  const reload = async () => {
    await Promise.all([
      queryClient.refetchQueries({ queryKey: ['application', id], exact: true }),
      queryClient.refetchQueries({ queryKey: ['application-history', id], exact: true }),
      queryClient.invalidateQueries({ queryKey: ['referrals', 'application', id] }),
    ]);
  };
  const c = a.clock;
  const contact = [a.contact?.phone, a.contact?.email, a.contact?.address].filter(Boolean).join('；');
  const openReferrals = (referrals.data ?? []).filter((r) => r.state === 'open');

  return (
    <div>
      <div className="gk-page-title">
        <h1>
          {t('apps.detail')} · {a.applicantName}
        </h1>
        <div className="gk-page-title-extra">
          <span data-testid="application-state">
            <StateLabel state={a.state} />
          </span>
          <span className="gk-muted">{t('doc.version', { version: a.version })}</span>
        </div>
      </div>
      <Row gutter={[24, 24]}>
        <Col xs={24} xl={15}>
          <Descriptions
            bordered
            size="small"
            column={1}
            className="gk-gap gk-descriptions"
            items={[
              { key: 'code', label: t('apply.trackingCode'), children: <code>{a.trackingCode}</code> },
              { key: 'type', label: t('apply.applicantType'), children: tv('applicantType', a.applicantType) },
              { key: 'name', label: t('apply.applicantName'), children: a.applicantName },
              { key: 'id', label: t('apply.idNumber'), children: a.idNumber ?? '' },
              { key: 'contact', label: t('apply.contact'), children: contact },
              { key: 'channel', label: t('apps.channel'), children: tv('channel', a.channel) },
              { key: 'received', label: t('apply.receivedAt'), children: formatDate(a.receivedAt) },
              { key: 'desc', label: t('apply.request'), children: <div className="gk-pre">{a.description}</div> },
              { key: 'purpose', label: t('apply.purpose'), children: a.purpose ?? '' },
              { key: 'format', label: t('apply.format'), children: tv('format', a.format) },
              { key: 'delivery', label: t('apply.delivery'), children: tv('deliveryPref', a.delivery) },
              ...(a.outcome
                ? [
                    {
                      key: 'outcome',
                      label: t('apps.reply'),
                      children: (
                        <div>
                          <strong>{tv('outcome', a.outcome)}</strong>
                          {a.reason ? `（${tv('reason', a.reason)}）` : ''}
                          {a.replyComment ? <div className="gk-pre">{a.replyComment}</div> : null}
                          {a.repliedAt ? <div className="gk-muted">{formatDate(a.repliedAt)}</div> : null}
                        </div>
                      ),
                    },
                  ]
                : []),
              ...(a.fee
                ? [
                    {
                      key: 'fee',
                      label: t('apps.fee'),
                      children: a.fee.paidAt
                        ? `${t('apps.feeAmount', { amount: a.fee.amountYuan, date: formatDate(a.fee.payBy, false) })}；${t('apps.feePaid', { date: formatDate(a.fee.paidAt, false) })}`
                        : t('apps.feeAmount', { amount: a.fee.amountYuan, date: formatDate(a.fee.payBy, false) }),
                    },
                  ]
                : []),
            ]}
          />
          <section className="gk-panel" aria-labelledby="clock-title">
            <h2 id="clock-title" className="gk-panel-title">
              {t('apps.clock')}
            </h2>
            <p className="gk-clock-summary" data-testid="clock">
              <strong className={c.overdue ? 'gk-overdue' : undefined}>{clockInWords({ ...a, workingDaysLeft: c.workingDaysLeft, overdue: c.overdue }, t)}</strong>
              {c.dueAt ? <span> · {t('apps.clock.due', { date: formatDate(c.dueAt, false) })}</span> : null}
              <span className="gk-muted">
                {' '}
                · {tv('apps.clock', c.state)} · {t('apps.clock.usedDays', { n: c.workingDaysUsed })}
                {c.extended ? ` · ${t('apps.clock.extended')}` : ''}
              </span>
            </p>
            {c.provisional ? <Alert type="info" showIcon className="gk-gap-small" title={t('apps.clock.provisional')} /> : null}
            {c.calendarIncomplete ? <Alert type="warning" showIcon className="gk-gap-small" title={t('apps.clock.calendarIncomplete', { years: c.missingYears.join('、') })} /> : null}
            {c.warnings.map((w) => (
              <Alert key={`${w.code}-${w.at}`} type="warning" showIcon className="gk-gap-small" title={lang === 'zh' ? w.textZh : w.text} />
            ))}
            <ol className="gk-clock-steps">
              {c.steps.map((s, i) => (
                <li key={`${s.kind}-${i}`}>{lang === 'zh' ? s.textZh : s.text}</li>
              ))}
            </ol>
          </section>
        </Col>
        <Col xs={24} xl={9}>
          {rules.isSuccess ? (
            <ApplicationActions
              key={`${a.id}-${a.version}`}
              app={a}
              rules={rules.data}
              reload={reload}
              openReferrals={openReferrals}
              proposedDocumentIds={[...new Set((referrals.data ?? []).flatMap((r) => r.answer?.documentIds ?? []))]}
            />
          ) : rules.isError ? (
            <ErrorAlert error={rules.error} />
          ) : (
            <Loading />
          )}
          <ReferralsPanel app={a} reload={reload} />
          <LettersPanel app={a} />
          <AppealsPanel app={a} />
          <section className="gk-panel" aria-labelledby="app-history-title">
            <h2 id="app-history-title" className="gk-panel-title">
              {t('apps.history')}
            </h2>
            {history.isSuccess ? (
              <ol className="gk-history" data-testid="application-history">
                {history.data.map((h) => (
                  <li key={h.version} className="gk-history-item">
                    <div className="gk-history-head">
                      <strong>{h.actorName ?? a.applicantName}</strong>
                      <span className="gk-history-action">{tv('appAction', h.action)}</span>
                      <time dateTime={h.at}>{formatDate(h.at)}</time>
                    </div>
                    <div className="gk-muted">
                      {h.fromState ? `${tv('appState', h.fromState)} → ` : ''}
                      {tv('appState', h.toState)}
                    </div>
                    {h.comment ? <blockquote className="gk-history-comment">{h.comment}</blockquote> : null}
                  </li>
                ))}
              </ol>
            ) : history.isError ? (
              <ErrorAlert error={history.error} />
            ) : (
              <Loading />
            )}
          </section>
        </Col>
      </Row>
    </div>
  );
}
