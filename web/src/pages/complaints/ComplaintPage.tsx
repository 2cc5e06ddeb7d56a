/**
 * One complaint or report: its particulars (the complainant's name and contact for the office
 * only: the service leaves them out for a liaison), the reply, the rectification and the
 * accountability, the history, and the steps the caller may take now.
 */
import { subject } from '@casl/ability';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Col, DatePicker, Descriptions, Form, Input, Radio, Row, Select, Timeline } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ifMatch, newIdempotencyKey, unwrap, type Schemas } from '../../api/client';
import { isStatus } from '../../api/errors';
import { useAbility } from '../../auth/session';
import { ErrorAlert, Loading, NotFound } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import { unitLabel, useUnits } from '../../lib/units';

type Complaint = Schemas['ComplaintResponse'];
type ActionBody = Schemas['ComplaintActionRequest'];
const FINDINGS = ['substantiated', 'partly_substantiated', 'unsubstantiated'] as const;
const ACCOUNTABILITY = ['none', 'talk', 'criticism', 'sanction'] as const;

export function ComplaintPage() {
  const { id = '' } = useParams();
  const { t, tv, formatDate } = useI18n();
  const units = useUnits();
  const q = useQuery({ queryKey: ['complaint', id], queryFn: () => unwrap(api.GET('/api/v1/complaints/{id}', { params: { path: { id } } })) });
  if (q.isPending) return <Loading />;
  if (q.isError) return isStatus(q.error, 404) || isStatus(q.error, 400) ? <NotFound /> : <ErrorAlert error={q.error} />;
  const c = q.data;
  const r = c.rectification;
  return (
    <div>
      <div className="gk-page-title">
        <h1>
          {t('complaints.detail')} · {tv('complaintKind', c.kind)}
        </h1>
        <div className="gk-page-title-extra">
          <strong data-testid="complaint-state" className={c.overdue ? 'gk-overdue' : undefined}>
            {tv('complaintState', c.state)}
            {c.overdue ? ` · ${t('complaints.overdue')}` : ''}
          </strong>
        </div>
      </div>
      <Row gutter={[24, 24]}>
        <Col xs={24} xl={15}>
          <Descriptions
            bordered
            column={1}
            size="small"
            items={[
              { key: 'received', label: t('complain.receivedAt'), children: formatDate(c.receivedAt) },
              { key: 'due', label: t('complain.dueAt'), children: formatDate(c.dueAt, false) },
              ...(c.name !== undefined ? [{ key: 'name', label: t('complaints.complainant'), children: c.name ?? t('complaints.anonymous') }] : []),
              ...(c.contact ? [{ key: 'contact', label: t('complaints.contact'), children: [c.contact.phone, c.contact.email].filter(Boolean).join('；') || t('complain.none') }] : []),
              { key: 'unit', label: t('complaints.col.unit'), children: unitLabel(units.data, c.unitId) || t('complain.none') },
              ...(c.applicationId ? [{ key: 'application', label: t('complaints.application'), children: <Link to={`/applications/${c.applicationId}`}>{t('complaints.application')}</Link> }] : []),
              { key: 'description', label: t('complain.description'), children: <span className="gk-prewrap">{c.description}</span> },
              ...(c.finding ? [{ key: 'finding', label: t('complain.finding'), children: tv('finding', c.finding) }] : []),
              ...(c.reply ? [{ key: 'reply', label: t('complain.reply'), children: <span className="gk-prewrap">{c.reply}</span> }] : []),
              ...(r
                ? [
                    {
                      key: 'rectification',
                      label: t('complaints.rectification'),
                      children: (
                        <div data-testid="complaint-rectification">
                          <div>
                            {t('complaints.rectification.unit')}：{unitLabel(units.data, r.unitId)}；{t('complaints.rectification.due')}：{formatDate(r.dueAt, false)}
                          </div>
                          <div className="gk-prewrap">{r.measures}</div>
                          <div>
                            {t('complaints.rectification.done')}：{r.doneAt ? `${formatDate(r.doneAt)} ${r.note ?? ''}` : t('complaints.rectification.pending')}
                          </div>
                        </div>
                      ),
                    },
                  ]
                : []),
              ...(c.accountability ? [{ key: 'accountability', label: t('complaints.accountability'), children: `${tv('accountability', c.accountability.kind)}：${c.accountability.note}` }] : []),
            ]}
          />
          <h2 className="gk-section-title">{t('complaints.history')}</h2>
          <Timeline
            items={c.history.map((h, i) => ({ key: String(i), content: `${formatDate(h.at)} ${tv('complaints.action', h.action)}` }))}
          />
        </Col>
        <Col xs={24} xl={9}>
          <ComplaintActions c={c} />
        </Col>
      </Row>
    </div>
  );
}

function ComplaintActions({ c }: { c: Complaint }) {
  const { t, tv } = useI18n();
  const ability = useAbility();
  const units = useUnits();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [rectify, setRectify] = useState(false);
  const [account, setAccount] = useState(false);
  const s = subject('Complaint', { id: c.id, unitId: c.unitId, rectificationUnitId: c.rectification?.unitId ?? null, state: c.state });
  const office = ability.can('manage', s);
  const canRectify = ability.can('rectify', s) && c.state === 'replied' && !!c.rectification && !c.rectification.doneAt;
  const open = c.state === 'received' || c.state === 'assigned';

  const send = async (body: ActionBody) => {
    setBusy(true);
    setError(null);
    try {
      await unwrap(
        api.POST('/api/v1/complaints/{id}/actions', {
          params: { path: { id: c.id }, header: { 'If-Match': ifMatch(c.version), 'Idempotency-Key': newIdempotencyKey() } },
          body,
        }),
      );
      message.success(t('complaints.done'));
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['complaint', c.id] }), queryClient.invalidateQueries({ queryKey: ['complaints'] })]);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const unitOptions = (units.data ?? []).map((u) => ({ value: u.id, label: u.name }));

  return (
    <div className="gk-panel" data-testid="complaint-actions">
      {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}
      {office && open ? (
        <Form layout="vertical" name="assign" onFinish={(v: { unitId: string }) => send({ action: 'assign', unitId: v.unitId })}>
          <h2 className="gk-section-title">{t('complaints.assign')}</h2>
          <Form.Item label={t('complaints.assign.unit')} name="unitId" rules={[{ required: true, message: t('apply.required') }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} data-testid="complaint-assign-unit" />
          </Form.Item>
          <Button htmlType="submit" loading={busy} data-testid="complaint-assign">
            {t('complaints.assign')}
          </Button>
        </Form>
      ) : null}
      {office && open ? (
        <Form
          layout="vertical"
          name="reply"
          initialValues={{ finding: 'unsubstantiated', accountabilityKind: 'talk' }}
          onFinish={(v: { finding: ActionBody['finding']; reply: string; rectUnitId?: string; rectDue?: { toDate(): Date }; measures?: string; accountabilityKind?: (typeof ACCOUNTABILITY)[number]; accountabilityNote?: string }) =>
            send({
              action: 'reply',
              finding: v.finding,
              reply: v.reply.trim(),
              ...(rectify && v.rectUnitId && v.rectDue && v.measures ? { rectification: { unitId: v.rectUnitId, dueAt: endOfDay(v.rectDue.toDate()), measures: v.measures.trim() } } : {}),
              ...(account && v.accountabilityKind && v.accountabilityNote ? { accountability: { kind: v.accountabilityKind, note: v.accountabilityNote.trim() } } : {}),
            })
          }
        >
          <h2 className="gk-section-title">{t('complaints.reply')}</h2>
          <Form.Item label={t('complain.finding')} name="finding" rules={[{ required: true }]}>
            <Radio.Group options={FINDINGS.map((f) => ({ value: f, label: tv('finding', f) }))} />
          </Form.Item>
          <Form.Item label={t('complaints.reply.text')} name="reply" rules={[{ required: true, whitespace: true, message: t('apply.required') }, { max: 5000 }]}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={5000} data-testid="complaint-reply-text" />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.finding !== b.finding}>
            {({ getFieldValue }) =>
              getFieldValue('finding') === 'unsubstantiated' ? null : (
                <Checkbox checked={rectify} onChange={(e) => setRectify(e.target.checked)} className="gk-gap">
                  {t('complaints.reply.orderRectification')}
                </Checkbox>
              )
            }
          </Form.Item>
          {rectify ? (
            <>
              <Form.Item label={t('complaints.rectification.unit')} name="rectUnitId" rules={[{ required: true, message: t('apply.required') }]}>
                <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} />
              </Form.Item>
              <Form.Item label={t('complaints.rectification.due')} name="rectDue" rules={[{ required: true, message: t('apply.required') }]}>
                <DatePicker />
              </Form.Item>
              <Form.Item label={t('complaints.rectification.measures')} name="measures" rules={[{ required: true, whitespace: true, message: t('apply.required') }, { max: 2000 }]}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
              </Form.Item>
            </>
          ) : null}
          <Checkbox checked={account} onChange={(e) => setAccount(e.target.checked)} className="gk-gap">
            {t('complaints.reply.recordAccountability')}
          </Checkbox>
          {account ? (
            <>
              <Form.Item label={t('complaints.accountability')} name="accountabilityKind">
                <Radio.Group options={ACCOUNTABILITY.map((k) => ({ value: k, label: tv('accountability', k) }))} />
              </Form.Item>
              <Form.Item label={t('complaints.reply.accountabilityNote')} name="accountabilityNote" rules={[{ required: true, whitespace: true, message: t('apply.required') }, { max: 2000 }]}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
              </Form.Item>
            </>
          ) : null}
          <div>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="complaint-reply">
              {t('complaints.reply')}
            </Button>
          </div>
        </Form>
      ) : null}
      {canRectify ? (
        <Form layout="vertical" name="rectified" onFinish={(v: { note: string }) => send({ action: 'rectified', note: v.note.trim() })}>
          <h2 className="gk-section-title">{t('complaints.rectified')}</h2>
          <Form.Item label={t('complaints.rectified.note')} name="note" rules={[{ required: true, whitespace: true, message: t('apply.required') }, { max: 2000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
          </Form.Item>
          <Button htmlType="submit" loading={busy} data-testid="complaint-rectified">
            {t('complaints.rectified')}
          </Button>
        </Form>
      ) : null}
      {office && c.state === 'replied' && (!c.rectification || c.rectification.doneAt) ? (
        <Button onClick={() => void send({ action: 'close' })} loading={busy} data-testid="complaint-close">
          {t('complaints.close')}
        </Button>
      ) : null}
    </div>
  );
}

/** The end of the chosen day in China time (a rectification is due by the end of its day). */
function endOfDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T23:59:59+08:00`;
}
