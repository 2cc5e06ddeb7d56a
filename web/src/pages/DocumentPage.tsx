import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Col, Row } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { api, unwrap, type DocumentResponse, type DocumentState, type HistoryEntry } from '../api/client';
import { isStatus } from '../api/errors';
import { useSession } from '../auth/session';
import { ActionPanel } from '../components/ActionPanel';
import { DocumentAttachments } from '../components/Attachments';
import { BodyWithFindings, useAssessment } from '../components/Assessment';
import { ChannelStatus } from '../components/ChannelStatus';
import { InterpretationsPanel } from '../components/Interpretations';
import { AttributeTag, ErrorAlert, Loading, NotFound, StateTag } from '../components/common';
import { ConsultationPanel, PaperConsultations } from '../components/Consultations';
import { DueDate } from '../components/DueDate';
import { Paper, PaperPair, PaperRow } from '../components/Paper';
import { HistoryList, ReviewSteps, actorWithPrincipal, lastApproval } from '../components/ReviewChain';
import { useI18n } from '../i18n/i18n';
import { useDocumentActions, useDocumentConsultations, usePeople, type Consultation } from '../lib/review-chain';
import { useWorkflowRules } from '../lib/rules';
import { unitLabel, useUnits } from '../lib/units';

export function DocumentPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const doc = useQuery({
    queryKey: ['document', id],
    queryFn: () => unwrap(api.GET('/api/v1/documents/{id}', { params: { path: { id } } })),
  });
  const history = useQuery({
    queryKey: ['history', id],
    enabled: doc.isSuccess,
    queryFn: () => unwrap(api.GET('/api/v1/documents/{id}/history', { params: { path: { id } } })),
  });
  const assessment = useAssessment(doc.data);
  const rules = useWorkflowRules();
  const available = useDocumentActions(id, doc.data?.version);
  const consultations = useDocumentConsultations(id, doc.isSuccess);

  if (doc.isPending) return <Loading />;
  if (doc.isError) {
    return isStatus(doc.error, 404) || isStatus(doc.error, 400) ? <NotFound message={t('doc.notFound')} /> : <ErrorAlert error={doc.error} />;
  }
  const d = doc.data;
  const h = history.data ?? [];
  const c = consultations.data ?? [];

  const canEditFiles = !!available.data?.other.includes('edit');

  const reload = async () => {
    await Promise.all([
      queryClient.refetchQueries({ queryKey: ['document', id], exact: true }),
      queryClient.refetchQueries({ queryKey: ['history', id], exact: true }),
      queryClient.invalidateQueries({ queryKey: ['document-actions', id] }),
      queryClient.invalidateQueries({ queryKey: ['consultations', 'document', id] }),
    ]);
  };

  return (
    <div className="gk-document">
      <div className="gk-page-title">
        <h1 data-testid="document-title">{d.title}</h1>
        <div className="gk-page-title-extra">
          <span data-testid="document-state">
            <StateTag state={d.state} />
          </span>
          <AttributeTag value={d.publicAttribute} />
          <span className="gk-muted">{t('doc.version', { version: d.version })}</span>
          {d.stepDueAt ? (
            <span className="gk-step-due" data-testid="step-due">
              {t('doc.stepDue')}
              {t('common.colon')}
              <DueDate at={d.stepDueAt} />
            </span>
          ) : null}
          {d.state === 'published' && d.indexNo ? <Link to={`/catalogue/${encodeURIComponent(d.indexNo)}`}>{t('doc.catalogueLink')}</Link> : null}
        </div>
      </div>
      {available.data?.onBehalfOfId ? <OnBehalfOf id={available.data.onBehalfOfId} /> : null}
      {history.isSuccess ? <ReviewSteps doc={d} history={h} /> : null}
      <Row gutter={[24, 24]}>
        <Col xs={24} xl={15}>
          <PaperView doc={d} history={h} consultations={c} findings={assessment.data?.findings ?? []} />
          <DocumentAttachments doc={d} canEdit={canEditFiles} reload={reload} />
        </Col>
        <Col xs={24} xl={9}>
          {history.isSuccess && rules.isSuccess && available.isSuccess && consultations.isSuccess ? (
            <ActionPanel key={d.id} doc={d} assessment={assessment.data} rules={rules.data} available={available.data} consultations={c} reload={reload} />
          ) : history.isError || rules.isError || available.isError || consultations.isError ? (
            <ErrorAlert error={history.error ?? rules.error ?? available.error ?? consultations.error} />
          ) : (
            <Loading />
          )}
          {available.isSuccess && consultations.isSuccess ? <ConsultationPanel doc={d} items={c} canConsult={available.data.other.includes('consult')} /> : null}
          <InterpretationsPanel doc={d} />
          {d.indexNo ? <ChannelStatus indexNo={d.indexNo} /> : null}
          <section className="gk-panel" aria-labelledby="history-title">
            <h2 id="history-title" className="gk-panel-title">
              {t('doc.history')}
            </h2>
            {history.isSuccess ? <HistoryList history={h} /> : <Loading />}
          </section>
        </Col>
      </Row>
    </div>
  );
}

/** A deputy sees at the top, before anything else, in whose place they act on this document. */
function OnBehalfOf({ id }: { id: string }) {
  const { t } = useI18n();
  const people = usePeople();
  const name = people.data?.people.find((p) => p.id === id)?.displayName;
  return (
    <Alert
      className="gk-gap gk-on-behalf"
      type="info"
      showIcon
      role="status"
      data-testid="on-behalf-of"
      title={name ? t('action.onBehalfOf', { name }) : t('action.onBehalfOfSomeone')}
    />
  );
}

function PaperView({
  doc,
  history,
  consultations,
  findings,
}: {
  doc: DocumentResponse;
  history: HistoryEntry[];
  consultations: Consultation[];
  findings: Parameters<typeof BodyWithFindings>[0]['findings'];
}) {
  const { t, tv, formatDate } = useI18n();
  const units = useUnits();
  const { user } = useSession();
  const created = history.find((x) => x.action === 'create');
  const drafterName = created?.actorName ?? (doc.drafterId === user?.id ? user.displayName : '');

  const sign = (state: DocumentState) => {
    const a = lastApproval(history, state);
    if (!a) return <span className="gk-muted">{doc.state === state ? t('form.sign.pending') : ''}</span>;
    return (
      <div className="gk-sign">
        {a.comment ? <div className="gk-sign-comment">{a.comment}</div> : null}
        {a.publicAttribute && state !== 'secrecy_review' ? (
          <div>
            {tv('attr', a.publicAttribute)}
            {a.nonDisclosureReason ? `（${tv('reason', a.nonDisclosureReason)}）` : ''}
          </div>
        ) : null}
        <div className="gk-sign-by">
          {actorWithPrincipal(a, t)} <time dateTime={a.at}>{formatDate(a.at, false)}</time>
        </div>
      </div>
    );
  };

  return (
    <Paper title={t('form.paperTitle')} subtitle={doc.indexNo ? `${t('form.indexNo')}${t('common.colon')}${doc.indexNo}` : undefined}>
      <PaperRow label={t('form.sign.leader')} className="gk-paper-sign-row">
        {sign('leader_review')}
      </PaperRow>
      <PaperPair
        left={{ label: t('form.sign.office'), children: sign('attribute_review') }}
        right={{ label: t('form.sign.secrecy'), children: sign('secrecy_review') }}
      />
      <PaperRow label={t('form.sign.consultations')} className="gk-paper-consult-row">
        <PaperConsultations items={consultations} history={history} />
      </PaperRow>
      <PaperRow label={t('form.title')}>
        <strong>{doc.title}</strong>
      </PaperRow>
      <PaperPair
        left={{ label: t('form.docType'), children: tv('docType', doc.docType) }}
        right={{ label: t('form.documentNumber'), children: doc.documentNumber ?? '' }}
      />
      <PaperPair
        left={{ label: t('form.unit'), children: unitLabel(units.data, doc.unitId) }}
        right={{ label: t('form.drafter'), children: drafterName }}
      />
      <PaperPair
        left={{ label: t('form.publicAttribute'), children: tv('attr', doc.publicAttribute) }}
        right={{ label: t('form.category'), children: tv('category', doc.category) }}
      />
      <PaperRow label={t('form.nonDisclosureReason')}>{doc.nonDisclosureReason ? tv('reason', doc.nonDisclosureReason) : ''}</PaperRow>
      <PaperRow label={t('form.attributeRationale')}>
        <div className="gk-pre">{doc.attributeRationale ?? ''}</div>
      </PaperRow>
      <PaperRow label={t('form.summary')}>
        <div className="gk-pre">{doc.summary ?? ''}</div>
      </PaperRow>
      <PaperRow label={t('form.body')} className="gk-paper-body-row">
        <BodyWithFindings body={doc.body} findings={findings} />
      </PaperRow>
    </Paper>
  );
}
