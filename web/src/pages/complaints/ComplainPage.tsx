/**
 * Complaints and reports (投诉举报), the public side: the form with its receipt, and the tracking
 * page (state, dates, the finding and the reply; never anyone's personal data). No login.
 */
import { Button, Descriptions, Form, Input, Radio, Result, Select } from 'antd';
import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, newIdempotencyKey, unwrap } from '../../api/client';
import { ErrorAlert, PageTitle } from '../../components/common';
import { TrackLookup } from '../../components/TrackLookup';
import { useI18n } from '../../i18n/i18n';
import { usePublishingUnits } from '../../lib/guides';
import { useNarrow } from '../../lib/responsive';

interface ComplainForm {
  kind: 'complaint' | 'report';
  unitCode?: string;
  applicationTrackingCode?: string;
  description: string;
  name?: string;
  phone?: string;
  email?: string;
}

export function ComplainPage() {
  const { t, tv, formatDate } = useI18n();
  const [form] = Form.useForm<ComplainForm>();
  const [receipt, setReceipt] = useState<{ trackingCode: string; dueAt: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());
  const units = usePublishingUnits();
  const narrow = useNarrow();

  const onFinish = async (v: ComplainForm) => {
    setBusy(true);
    setError(null);
    const opt = (s?: string) => (s && s.trim() ? s.trim() : undefined);
    try {
      const res = await unwrap(
        api.POST('/api/v1/complaints', {
          params: { header: { 'Idempotency-Key': key.current } },
          body: {
            kind: v.kind,
            unitCode: v.unitCode || undefined,
            applicationTrackingCode: opt(v.applicationTrackingCode)?.toUpperCase(),
            description: v.description.trim(),
            name: opt(v.name),
            contact: { phone: opt(v.phone), email: opt(v.email) },
          },
        }),
      );
      key.current = newIdempotencyKey();
      setReceipt(res);
      form.resetFields();
      window.scrollTo(0, 0);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (receipt) {
    return (
      <div className="gk-narrow">
        <Result
          status="success"
          title={<h1 className="gk-result-title">{t('complain.receipt')}</h1>}
          subTitle={t('complain.receiptHint')}
          extra={[
            <Link key="track" to={`/complain/track?code=${encodeURIComponent(receipt.trackingCode)}`}>
              <Button type="primary">{t('complain.trackLink')}</Button>
            </Link>,
            <Button key="again" onClick={() => setReceipt(null)}>
              {t('complain.another')}
            </Button>,
          ]}
        />
        <Descriptions
          bordered
          column={1}
          layout={narrow ? 'vertical' : 'horizontal'}
          className="gk-receipt"
          items={[
            { key: 'code', label: t('complain.trackingCode'), children: <code data-testid="complaint-tracking-code">{receipt.trackingCode}</code> },
            { key: 'due', label: t('complain.dueAt'), children: formatDate(receipt.dueAt, false) },
          ]}
        />
      </div>
    );
  }

  const required = { required: true, whitespace: true, message: t('apply.required') };
  return (
    <div className="gk-narrow">
      <PageTitle extra={<Link to="/complain/track">{t('complain.trackTitle')}</Link>}>{t('complain.title')}</PageTitle>
      <p className="gk-intro">{t('complain.intro')}</p>
      {error ? (
        <div className="gk-gap">
          <ErrorAlert error={error} onClose={() => setError(null)} />
        </div>
      ) : null}
      <Form<ComplainForm> form={form} name="complain" layout="vertical" initialValues={{ kind: 'complaint' }} onFinish={onFinish} scrollToFirstError className="gk-panel">
        <Form.Item label={t('complain.kind')} name="kind" rules={[{ required: true }]}>
          <Radio.Group options={(['complaint', 'report'] as const).map((v) => ({ value: v, label: tv('complaintKind', v) }))} />
        </Form.Item>
        <Form.Item label={t('complain.unit')} name="unitCode">
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('complain.unitAny')}
            loading={units.isPending}
            options={(units.data ?? []).map((u) => ({ value: u.code, label: u.name }))}
            data-testid="complain-unit"
          />
        </Form.Item>
        <Form.Item label={t('complain.application')} name="applicationTrackingCode" rules={[{ pattern: /^\s*[A-Za-z2-7]{20}\s*$/, message: t('error.400') }]}>
          <Input maxLength={30} autoComplete="off" spellCheck={false} />
        </Form.Item>
        <Form.Item label={t('complain.description')} name="description" rules={[required, { max: 5000 }]}>
          <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} maxLength={5000} showCount data-testid="complain-description" />
        </Form.Item>
        <Form.Item label={t('complain.name')} name="name" rules={[{ max: 100 }]}>
          <Input maxLength={100} autoComplete="name" />
        </Form.Item>
        <Form.Item label={t('complain.phone')} name="phone" rules={[{ pattern: /^[0-9+\-() ]{5,30}$/, message: t('error.400') }]}>
          <Input type="tel" maxLength={30} autoComplete="tel" />
        </Form.Item>
        <Form.Item label={t('complain.email')} name="email" rules={[{ type: 'email', message: t('error.400') }, { max: 200 }]}>
          <Input type="email" maxLength={200} autoComplete="email" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="submit-complaint">
          {t('complain.submit')}
        </Button>
      </Form>
    </div>
  );
}

export function ComplaintTrackPage() {
  const { t, tv, formatDate } = useI18n();
  const narrow = useNarrow();
  return (
    <TrackLookup
      title={t('complain.trackTitle')}
      label={t('complain.trackCode')}
      submit={t('complain.trackSubmit')}
      notFound={t('complain.notFound')}
      inputId="complaint-code"
      queryKey="complaint-track"
      lookup={(code) => unwrap(api.GET('/api/v1/complaints/track/{code}', { params: { path: { code } } }))}
    >
      {(c) => (
        <Descriptions
          bordered
          column={1}
          layout={narrow ? 'vertical' : 'horizontal'}
          className="gk-receipt"
          data-testid="complaint-track-result"
          items={[
            { key: 'state', label: t('complain.state'), children: <strong data-testid="complaint-track-state">{tv('complaintState', c.state)}</strong> },
            { key: 'received', label: t('complain.receivedAt'), children: formatDate(c.receivedAt) },
            { key: 'due', label: t('complain.dueAt'), children: formatDate(c.dueAt, false) },
            { key: 'replied', label: t('complain.repliedAt'), children: c.repliedAt ? formatDate(c.repliedAt) : t('complain.none') },
            { key: 'finding', label: t('complain.finding'), children: c.finding ? tv('finding', c.finding) : t('complain.none') },
            { key: 'reply', label: t('complain.reply'), children: c.reply ? <span className="gk-prewrap">{c.reply}</span> : t('complain.none') },
          ]}
        />
      )}
    </TrackLookup>
  );
}
