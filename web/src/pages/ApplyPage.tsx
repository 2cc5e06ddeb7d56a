/**
 * Disclosure on application, the public side: the application form (政府信息公开申请表) with its
 * receipt, and the tracking page (state and dates only). No login.
 */
import { CopyOutlined } from '@ant-design/icons';
import { App, Button, Descriptions, Form, Input, Radio, Result } from 'antd';
import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, newIdempotencyKey, unwrap, type SubmitApplicationRequest } from '../api/client';
import { ErrorAlert, PageTitle } from '../components/common';
import { TrackLookup } from '../components/TrackLookup';
import { useI18n } from '../i18n/i18n';
import { APPLICANT_TYPES, DELIVERY_PREFERENCES, FORMATS } from '../lib/applications';
import { clearDraft, loadDraft, saveDraft } from '../lib/draft-storage';
import { useNarrow } from '../lib/responsive';
import { TrackDetails } from './TrackDetails';

interface ApplyForm {
  applicantType: SubmitApplicationRequest['applicantType'];
  applicantName: string;
  idNumber?: string;
  phone?: string;
  email?: string;
  address?: string;
  description: string;
  purpose?: string;
  format: SubmitApplicationRequest['format'];
  delivery: SubmitApplicationRequest['delivery'];
  /** Staff entry only. */
  channel?: StaffChannel;
  /** Staff entry only: `datetime-local` value, in the browser's time zone. */
  receivedAt?: string;
}

type StaffChannel = NonNullable<SubmitApplicationRequest['channel']>;
/** How a paper application can arrive (the online form is the public page). */
export const STAFF_CHANNELS: StaffChannel[] = ['in_person', 'registered_post', 'ordinary_letter', 'fax'];

/** `YYYY-MM-DDTHH:mm` for now, in local time (the value of a `datetime-local` input). */
function localNow(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

interface Receipt {
  trackingCode: string;
  receivedAt: string;
  dueAt: string | null;
}

const DRAFT = 'application.new';
const DRAFT_STAFF = 'application.staff';

type SubmittedApplication = Receipt & { id: string };

export function ApplyPage() {
  const { t, formatDate } = useI18n();
  const { message } = App.useApp();
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const narrow = useNarrow();

  if (receipt) {
    return (
      <div className="gk-narrow">
        <Result
          status="success"
          title={<h1 className="gk-result-title">{t('apply.receipt')}</h1>}
          subTitle={t('apply.receiptHint')}
          extra={[
            <Link key="track" to={`/track?code=${encodeURIComponent(receipt.trackingCode)}`}>
              <Button type="primary">{t('apply.trackLink')}</Button>
            </Link>,
            <Button key="again" onClick={() => setReceipt(null)}>
              {t('apply.another')}
            </Button>,
          ]}
        />
        <Descriptions
          bordered
          column={1}
          layout={narrow ? 'vertical' : 'horizontal'}
          className="gk-receipt"
          items={[
            {
              key: 'code',
              label: t('apply.trackingCode'),
              children: (
                <span className="gk-tracking-code">
                  <code data-testid="tracking-code">{receipt.trackingCode}</code>
                  <Button
                    size="small"
                    icon={<CopyOutlined aria-hidden />}
                    aria-label={t('apply.copy')}
                    onClick={() => void navigator.clipboard?.writeText(receipt.trackingCode).then(() => message.success(t('apply.copied')))}
                  />
                </span>
              ),
            },
            { key: 'received', label: t('apply.receivedAt'), children: formatDate(receipt.receivedAt) },
            { key: 'due', label: t('apply.dueAt'), children: receipt.dueAt ? formatDate(receipt.dueAt, false) : t('track.none') },
          ]}
        />
      </div>
    );
  }

  return (
    <div className="gk-narrow">
      <PageTitle>{t('apply.title')}</PageTitle>
      <p className="gk-intro">{t('apply.intro')}</p>
      <ApplicationForm
        onSubmitted={(res) => {
          setReceipt({ trackingCode: res.trackingCode, receivedAt: res.receivedAt, dueAt: res.dueAt });
          window.scrollTo(0, 0);
        }}
      />
    </div>
  );
}

/**
 * The application form (政府信息公开申请表). With `staff`, a disclosure officer records a paper,
 * post or fax application: how it arrived (`channel`) and when it was received (`receivedAt`).
 */
export function ApplicationForm({ staff = false, onSubmitted }: { staff?: boolean; onSubmitted(res: SubmittedApplication): void }) {
  const { t, tv } = useI18n();
  const [form] = Form.useForm<ApplyForm>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());
  const draftKey = staff ? DRAFT_STAFF : DRAFT;

  const onFinish = async (v: ApplyForm) => {
    setBusy(true);
    setError(null);
    const opt = (s?: string) => (s && s.trim() ? s.trim() : undefined);
    try {
      const res = await unwrap(
        api.POST('/api/v1/applications', {
          params: { header: { 'Idempotency-Key': key.current } },
          body: {
            applicantType: v.applicantType,
            applicantName: v.applicantName.trim(),
            idNumber: opt(v.idNumber),
            contact: { phone: opt(v.phone), email: opt(v.email), address: opt(v.address) },
            description: v.description.trim(),
            purpose: opt(v.purpose),
            format: v.format,
            delivery: v.delivery,
            ...(staff && v.channel ? { channel: v.channel, receivedAt: v.receivedAt ? new Date(v.receivedAt).toISOString() : undefined } : {}),
          },
        }),
      );
      clearDraft(draftKey);
      key.current = newIdempotencyKey();
      onSubmitted(res);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const required = { required: true, whitespace: true, message: t('apply.required') };
  const contactRule = {
    validator: () => {
      const { phone, email, address } = form.getFieldsValue(['phone', 'email', 'address']);
      return [phone, email, address].some((x) => x && String(x).trim()) ? Promise.resolve() : Promise.reject(new Error(t('apply.contactRequired')));
    },
  };
  return (
    <>
      {error ? (
        <div className="gk-gap">
          <ErrorAlert error={error} onClose={() => setError(null)} />
        </div>
      ) : null}
      <Form<ApplyForm>
        form={form}
        name={staff ? 'staffApply' : 'apply'}
        layout="vertical"
        initialValues={
          loadDraft<ApplyForm>(draftKey) ??
          (staff
            ? { applicantType: 'natural_person', format: 'paper', delivery: 'post', channel: 'registered_post', receivedAt: localNow() }
            : { applicantType: 'natural_person', format: 'electronic', delivery: 'email' })
        }
        onValuesChange={(_, all) => saveDraft(draftKey, all)}
        onFinish={onFinish}
        scrollToFirstError
        className="gk-panel"
      >
        {staff ? (
          <fieldset className="gk-fieldset">
            <legend>{t('apps.record.receipt')}</legend>
            <Form.Item label={t('apps.channel')} name="channel" rules={[required]}>
              <Radio.Group options={STAFF_CHANNELS.map((v) => ({ value: v, label: tv('channel', v) }))} />
            </Form.Item>
            <Form.Item label={t('apps.record.receivedAt')} name="receivedAt" rules={[required]} extra={t('apps.record.receivedAtHint')}>
              <Input type="datetime-local" max={localNow()} />
            </Form.Item>
          </fieldset>
        ) : null}
        <fieldset className="gk-fieldset">
          <legend>{t('apply.applicant')}</legend>
          <Form.Item label={t('apply.applicantType')} name="applicantType" rules={[required]}>
            <Radio.Group options={APPLICANT_TYPES.map((v) => ({ value: v, label: tv('applicantType', v) }))} />
          </Form.Item>
          <Form.Item label={t('apply.applicantName')} name="applicantName" rules={[required, { max: 200 }]}>
            <Input maxLength={200} autoComplete="name" />
          </Form.Item>
          <Form.Item label={t('apply.idNumber')} name="idNumber" rules={[{ max: 50 }]}>
            <Input maxLength={50} autoComplete="off" />
          </Form.Item>
        </fieldset>
        <fieldset className="gk-fieldset">
          <legend>{t('apply.contact')}</legend>
          <Form.Item label={t('apply.phone')} name="phone" dependencies={['email', 'address']} rules={[contactRule, { pattern: /^[0-9+\-() ]{5,30}$/, message: t('error.400') }]}>
            <Input type="tel" maxLength={30} autoComplete="tel" />
          </Form.Item>
          <Form.Item label={t('apply.email')} name="email" rules={[{ type: 'email', message: t('error.400') }, { max: 200 }]}>
            <Input type="email" maxLength={200} autoComplete="email" />
          </Form.Item>
          <Form.Item label={t('apply.address')} name="address" rules={[{ max: 500 }]}>
            <Input maxLength={500} autoComplete="street-address" />
          </Form.Item>
        </fieldset>
        <fieldset className="gk-fieldset">
          <legend>{t('apply.request')}</legend>
          <Form.Item label={t('apply.description')} name="description" rules={[required, { max: 5000 }]}>
            <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} maxLength={5000} showCount />
          </Form.Item>
          <Form.Item label={t('apply.purpose')} name="purpose" rules={[{ max: 2000 }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
          </Form.Item>
          <Form.Item label={t('apply.format')} name="format" rules={[required]}>
            <Radio.Group options={FORMATS.map((v) => ({ value: v, label: tv('format', v) }))} />
          </Form.Item>
          <Form.Item label={t('apply.delivery')} name="delivery" rules={[required]}>
            <Radio.Group options={DELIVERY_PREFERENCES.map((v) => ({ value: v, label: tv('deliveryPref', v) }))} />
          </Form.Item>
        </fieldset>
        <Button type="primary" htmlType="submit" loading={busy} data-testid={staff ? 'record-application' : 'submit-application'}>
          {staff ? t('apps.record.submit') : t('apply.submit')}
        </Button>
      </Form>
    </>
  );
}

export function TrackPage() {
  const { t, tv, formatDate } = useI18n();
  return (
    <TrackLookup
      title={t('track.title')}
      label={t('track.code')}
      submit={t('track.submit')}
      notFound={t('track.notFound')}
      inputId="track-code"
      queryKey="track"
      lookup={(code) => unwrap(api.GET('/api/v1/applications/track/{trackingCode}', { params: { path: { trackingCode: code } } }))}
    >
      {(track) => (
        <>
          <Descriptions
            bordered
            column={1}
            className="gk-receipt"
            data-testid="track-result"
            items={[
              { key: 'state', label: t('track.state'), children: <strong data-testid="track-state">{tv('appState', track.state)}</strong> },
              { key: 'received', label: t('track.receivedAt'), children: formatDate(track.receivedAt) },
              { key: 'due', label: t('track.dueAt'), children: track.dueAt ? formatDate(track.dueAt, false) : t('track.none') },
              { key: 'replied', label: t('track.repliedAt'), children: track.repliedAt ? formatDate(track.repliedAt) : t('track.none') },
            ]}
          />
          <TrackDetails track={track} />
        </>
      )}
    </TrackLookup>
  );
}
