/**
 * The supervision board (督办) of the office, the leaders and the administrator: what is overdue
 * (the longest overdue first), then what is due within two working days, and the counts per unit
 * (a unit's row filters the lists). The office urges a document's step from here: the people who
 * can act on it are notified and the document's history records it.
 */
import { BellOutlined } from '@ant-design/icons';
import { subject } from '@casl/ability';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Modal, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { api, unwrap } from '../api/client';
import { useAbility } from '../auth/session';
import { CardList } from '../components/CardList';
import { ErrorAlert, Loading, PageTitle } from '../components/common';
import { DueDate } from '../components/DueDate';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { useNarrow } from '../lib/responsive';
import { useDocumentTitles, type SupervisedItem } from '../lib/review-chain';
import { unitLabel, useUnits } from '../lib/units';

/** The filter value of items without a unit (the district's office handles them). */
const OFFICE = '__office__';

export function SupervisionPage() {
  const { t, tv } = useI18n();
  const narrow = useNarrow();
  const units = useUnits();
  const ability = useAbility();
  const board = useQuery({ queryKey: ['supervision'], queryFn: () => unwrap(api.GET('/api/v1/supervision')) });
  const [unit, setUnit] = useState<string | null>(null);
  const [urging, setUrging] = useState<SupervisedItem | null>(null);
  const documentOf = (i: SupervisedItem) => (i.kind === 'document_step' ? i.id : (i.documentId ?? null));
  const titles = useDocumentTitles([...(board.data?.overdue ?? []), ...(board.data?.dueSoon ?? [])].map(documentOf));

  if (board.isPending) return <Loading />;
  if (board.isError) return <ErrorAlert error={board.error} />;
  const b = board.data;
  const unitName = (id: string | null) => (id ? unitLabel(units.data, id) || id : t('supervision.office'));
  const matches = (i: SupervisedItem) => unit === null || (unit === OFFICE ? i.unitId === null : i.unitId === unit);
  const overdue = b.overdue.filter(matches);
  const dueSoon = b.dueSoon.filter(matches);

  const stateOf = (i: SupervisedItem) =>
    i.kind === 'document_step' ? tv('state', i.state) : i.kind === 'application' ? tv('appState', i.state) : i.kind === 'consultation' ? tv('consultation.state', i.state) : i.kind === 'guide' ? tv('supervision.guideState', i.state) : i.kind === 'complaint' ? tv('complaintState', i.state) : i.kind === 'rectification' ? t('complaints.rectification.pending') : i.kind === 'referral' ? tv('referral.state', i.state) : i.state;
  const canUrge = (i: SupervisedItem) => i.kind === 'document_step' && ability.can('urge', subject('Document', { id: i.id, unitId: i.unitId, state: i.state }));
  const what = (i: SupervisedItem) => {
    const doc = documentOf(i);
    const title = doc ? titles.get(doc) : undefined;
    if (i.kind === 'document_step') return <Link to={`/documents/${i.id}`}>{title ?? t('supervision.document')}</Link>;
    if (i.kind === 'consultation' && doc) return <Link to={`/documents/${doc}/consultations/${i.id}`}>{title ?? t('supervision.document')}</Link>;
    if (i.kind === 'application' && ability.can('manage', 'Application')) return <Link to={`/applications/${i.id}`}>{t('supervision.application')}</Link>;
    if (i.kind === 'referral' && ability.can('read', 'Referral')) return <Link to={`/referrals/${i.id}`}>{t('supervision.referral')}</Link>;
    if ((i.kind === 'complaint' || i.kind === 'rectification') && ability.can('read', 'Complaint')) {
      return <Link to={`/complaints/${i.id}`}>{t(i.kind === 'complaint' ? 'supervision.complaint' : 'supervision.rectification')}</Link>;
    }
    if (i.kind === 'guide') {
      const code = units.data?.find((u) => u.id === i.id)?.code;
      return code ? <Link to={`/units/${encodeURIComponent(code)}`}>{t('supervision.guide')}</Link> : <span>{t('supervision.guide')}</span>;
    }
    return <span>{tv('supervision.kind', i.kind)}</span>;
  };
  const lateness = (i: SupervisedItem) =>
    i.overdueWorkingDays > 0 ? <span className="gk-overdue">{t('supervision.overdueDays', { n: i.overdueWorkingDays })}</span> : <span className="gk-overdue">{t('due.overdue')}</span>;
  const urgeButton = (i: SupervisedItem) =>
    canUrge(i) ? (
      <Button size="small" icon={<BellOutlined aria-hidden />} onClick={() => setUrging(i)} data-testid="urge" aria-label={`${t('supervision.urge')}${t('common.colon')}${titles.get(i.id) ?? ''}`}>
        {t('supervision.urge')}
      </Button>
    ) : null;

  const list = (items: SupervisedItem[], late: boolean, testId: string) =>
    items.length === 0 ? (
      <p className="gk-muted">{late ? t('supervision.noneOverdue') : t('supervision.noneDueSoon')}</p>
    ) : narrow ? (
      <CardList<SupervisedItem>
        items={items}
        rowKey={(i) => `${i.kind}-${i.id}`}
        testId={testId}
        itemTestId="supervised-item"
        headingLevel={3}
        itemClassName={() => (late ? 'gk-card-overdue' : undefined)}
        title={what}
        tags={(i) => (
          <>
            <Tag>{tv('supervision.kind', i.kind)}</Tag>
            <Tag>{stateOf(i)}</Tag>
          </>
        )}
        fields={(i) => [
          { key: 'unit', label: t('supervision.col.unit'), value: unitName(i.unitId) },
          { key: 'due', label: t('supervision.col.due'), value: <DueDate at={i.dueAt} /> },
          { key: 'late', label: t('supervision.col.overdue'), value: late ? lateness(i) : '' },
        ]}
        actions={urgeButton}
      />
    ) : (
      <Table<SupervisedItem>
        rowKey={(i) => `${i.kind}-${i.id}`}
        className="gk-table"
        data-testid={testId}
        dataSource={items}
        pagination={false}
        rowClassName={() => (late ? 'gk-row-overdue' : '')}
        columns={[
          { title: t('supervision.col.what'), key: 'what', render: (_, i) => what(i) },
          { title: t('supervision.col.kind'), dataIndex: 'kind', width: 130, render: (k: string) => tv('supervision.kind', k) },
          { title: t('supervision.col.state'), key: 'state', width: 130, render: (_, i) => stateOf(i) },
          { title: t('supervision.col.unit'), dataIndex: 'unitId', width: 170, render: (v: string | null) => unitName(v) },
          { title: t('supervision.col.due'), dataIndex: 'dueAt', width: 170, render: (v: string) => <DueDate at={v} /> },
          ...(late ? [{ title: t('supervision.col.overdue'), key: 'late', width: 150, render: (_: unknown, i: SupervisedItem) => lateness(i) }] : []),
          { title: t('common.actions'), key: 'actions', width: 100, render: (_, i) => urgeButton(i) },
        ]}
      />
    );

  const count = (n: number, key: MessageKey, testId: string, extra?: string) => (
    <Card size="small" className={extra ? `gk-count ${extra}` : 'gk-count'}>
      <div className="gk-count-number" data-testid={testId}>
        {n}
      </div>
      <div className="gk-count-label">{t(key)}</div>
    </Card>
  );

  return (
    <div>
      <PageTitle extra={ability.can('read', 'Consultation') ? <Link to="/consultations">{t('supervision.allConsultations')}</Link> : null}>{t('supervision.title')}</PageTitle>
      <section aria-label={t('supervision.summary')} className="gk-counts">
        {count(overdue.length, 'supervision.overdue', 'supervision-overdue-count', b.overdue.length > 0 ? 'gk-count-late' : undefined)}
        {count(dueSoon.length, 'supervision.dueSoon', 'supervision-due-soon-count')}
      </section>
      <div className="gk-filters" role="search">
        <label htmlFor="supervision-unit">{t('supervision.col.unit')}</label>
        <Select<string>
          id="supervision-unit"
          style={{ width: 240 }}
          value={unit ?? ''}
          onChange={(v) => setUnit(v || null)}
          options={[
            { value: '', label: t('common.all') },
            ...b.byUnit.map((u) => ({ value: u.unitId ?? OFFICE, label: `${unitName(u.unitId)}（${u.overdue} / ${u.dueSoon}）` })),
          ]}
        />
      </div>
      <section aria-labelledby="supervision-overdue-title" className="gk-supervision-section">
        <h2 id="supervision-overdue-title" className="gk-section-title gk-section-title-late">
          {t('supervision.overdue')}
        </h2>
        {list(overdue, true, 'supervision-overdue')}
      </section>
      <section aria-labelledby="supervision-due-soon-title" className="gk-supervision-section">
        <h2 id="supervision-due-soon-title" className="gk-section-title">
          {t('supervision.dueSoon')}
        </h2>
        {list(dueSoon, false, 'supervision-due-soon')}
      </section>
      <section aria-labelledby="supervision-units-title" className="gk-supervision-section">
        <h2 id="supervision-units-title" className="gk-section-title">
          {t('supervision.byUnit')}
        </h2>
        {b.byUnit.length === 0 ? (
          <p className="gk-muted">{t('supervision.allOnTime')}</p>
        ) : (
          <table className="gk-unit-counts" data-testid="supervision-units">
            <thead>
              <tr>
                <th scope="col">{t('supervision.col.unit')}</th>
                <th scope="col">{t('supervision.overdue')}</th>
                <th scope="col">{t('supervision.dueSoon')}</th>
              </tr>
            </thead>
            <tbody>
              {b.byUnit.map((u) => (
                <tr key={u.unitId ?? OFFICE} className={(u.unitId ?? OFFICE) === unit ? 'gk-unit-selected' : undefined}>
                  <th scope="row">
                    <button type="button" className="gk-linklike" onClick={() => setUnit((u.unitId ?? OFFICE) === unit ? null : (u.unitId ?? OFFICE))} aria-pressed={(u.unitId ?? OFFICE) === unit}>
                      {unitName(u.unitId)}
                    </button>
                  </th>
                  <td className={u.overdue > 0 ? 'gk-overdue' : undefined}>{u.overdue}</td>
                  <td>{u.dueSoon}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {urging ? <UrgeDialog item={urging} title={titles.get(urging.id) ?? ''} onClose={() => setUrging(null)} /> : null}
    </div>
  );
}

function UrgeDialog({ item, title, onClose }: { item: SupervisedItem; title: string; onClose(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [comment, setComment] = useState(() => t('supervision.urgeDefault'));
  const [problem, setProblem] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    if (!comment.trim()) {
      setProblem(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await unwrap(api.POST('/api/v1/documents/{id}/urge', { params: { path: { id: item.id } }, body: { comment: comment.trim() } }));
      message.success(t('supervision.urged'));
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['history', item.id] }), queryClient.invalidateQueries({ queryKey: ['supervision'] })]);
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('supervision.urgeTitle')}
      onCancel={onClose}
      onOk={() => void send()}
      okText={t('supervision.urge')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'urge-send' } as Record<string, string>}
    >
      <p>{title}</p>
      {error ? (
        <div className="gk-gap">
          <ErrorAlert error={error} />
        </div>
      ) : null}
      <label htmlFor="urge-comment" className="gk-field-label">
        {t('supervision.urgeComment')}
      </label>
      <Input.TextArea
        id="urge-comment"
        autoSize={{ minRows: 3, maxRows: 6 }}
        maxLength={2000}
        value={comment}
        status={problem ? 'error' : undefined}
        onChange={(e) => {
          setComment(e.target.value);
          setProblem(false);
        }}
      />
      {problem ? (
        <p className="gk-problem" role="alert">
          {t('supervision.urgeCommentRequired')}
        </p>
      ) : null}
    </Modal>
  );
}
