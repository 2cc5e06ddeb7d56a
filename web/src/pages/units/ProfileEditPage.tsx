/**
 * A unit's profile, from which its public disclosure guide is made (/units/:code/profile): the
 * administrator or the unit's liaison writes it; each save is a new version (If-Match), the
 * earlier ones are listed below. A conflicting save (412) loads the latest version.
 */
import './units.css';
import { subject } from '@casl/ability';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Form, Input, List, Space } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, ifMatch, unwrap } from '../../api/client';
import { isStatus } from '../../api/errors';
import { useAbility } from '../../auth/session';
import { ErrorAlert, Loading, NotFound, PageTitle } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import type { SaveUnitProfileRequest, UnitProfile } from '../../lib/guides';
import { useUnits } from '../../lib/units';

const POSTCODE = /^\d{6}$/;
const PHONE = /^(?=(?:[^0-9]*[0-9]){5,24}[^0-9]*$)\+?(?:\(\d{1,5}\)\s?)?\d[\d\s-]{2,22}\d(?:\s*(?:转|ext\.?|x)\s*\d{1,6})?$/i;

interface Values {
  functions: string;
  address: string;
  postcode: string;
  officeHours: string;
  phone: string;
  fax?: string;
  email?: string;
  website?: string;
  leaders: { name: string; title: string; duties: string }[];
  acceptsApplications: boolean;
}

const fromProfile = (p: UnitProfile | null): Values =>
  p
    ? { ...p, fax: p.fax ?? '', email: p.email ?? '', website: p.website ?? '' }
    : { functions: '', address: '', postcode: '', officeHours: '', phone: '', fax: '', email: '', website: '', leaders: [], acceptsApplications: true };

function toRequest(v: Values): SaveUnitProfileRequest {
  const opt = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined);
  return {
    functions: v.functions.trim(),
    address: v.address.trim(),
    postcode: v.postcode.trim(),
    officeHours: v.officeHours.trim(),
    phone: v.phone.trim(),
    fax: opt(v.fax),
    email: opt(v.email),
    website: opt(v.website),
    leaders: (v.leaders ?? []).map((l) => ({ name: l.name.trim(), title: l.title.trim(), duties: l.duties.trim() })),
    acceptsApplications: !!v.acceptsApplications,
  };
}

export function ProfileEditPage() {
  const { code = '' } = useParams();
  const { t } = useI18n();
  const units = useUnits();
  const ability = useAbility();
  const unit = units.data?.find((u) => u.code === code);
  const profile = useQuery({
    queryKey: ['unit-profile', unit?.id],
    enabled: !!unit,
    retry: false,
    queryFn: async () => {
      try {
        return await unwrap(api.GET('/api/v1/units/{id}/profile', { params: { path: { id: unit!.id } } }));
      } catch (e) {
        if (isStatus(e, 404)) return null;
        throw e;
      }
    },
  });
  if (units.isPending || (unit && profile.isPending)) return <Loading />;
  if (units.isError) return <ErrorAlert error={units.error} />;
  if (!unit) return <NotFound message={t('guide.notFound')} />;
  if (profile.isError) return <ErrorAlert error={profile.error} />;
  if (!ability.can('update', subject('UnitProfile', { unitId: unit.id }))) {
    return (
      <div>
        <PageTitle>{t('profile.title', { name: unit.name })}</PageTitle>
        <Alert type="warning" showIcon title={t('profile.notAllowed')} />
      </div>
    );
  }
  return <ProfileForm key={unit.id} unit={unit} initial={profile.data ?? null} />;
}

function ProfileForm({ unit, initial }: { unit: { id: string; code: string; name: string }; initial: UnitProfile | null }) {
  const { t, formatDate } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  /** The version the form was loaded from (what If-Match sends). */
  const [profile, setProfile] = useState<UnitProfile | null>(initial);
  const history = useQuery({
    queryKey: ['unit-profile-history', unit.id, profile?.version ?? 0],
    enabled: !!profile,
    queryFn: () => unwrap(api.GET('/api/v1/units/{id}/profile/history', { params: { path: { id: unit.id } } })),
  });

  const onFinish = async (values: Values) => {
    setBusy(true);
    setError(null);
    try {
      const saved = await unwrap(
        api.PUT('/api/v1/units/{id}/profile', {
          params: { path: { id: unit.id }, header: profile ? { 'If-Match': ifMatch(profile.version) } : {} },
          body: toRequest(values),
        }),
      );
      message.success(t('profile.saved'));
      setProfile(saved);
      setConflict(false);
      form.setFieldsValue(fromProfile(saved));
      void queryClient.invalidateQueries({ queryKey: ['guide', unit.code] });
      void queryClient.invalidateQueries({ queryKey: ['catalogue', 'units'] });
      queryClient.setQueryData(['unit-profile', unit.id], saved);
    } catch (e) {
      setError(e);
      if (isStatus(e, 412) || isStatus(e, 428)) {
        // Someone saved meanwhile: show their version, to be checked and saved again.
        const latest = await unwrap(api.GET('/api/v1/units/{id}/profile', { params: { path: { id: unit.id } } })).catch(() => null);
        if (latest) {
          setProfile(latest);
          form.setFieldsValue(fromProfile(latest));
        }
        setConflict(true);
      }
    } finally {
      setBusy(false);
    }
  };

  const required = { required: true, whitespace: true, message: t('profile.required') };
  return (
    <div className="gk-profile">
      <PageTitle extra={<Link to={`/units/${encodeURIComponent(unit.code)}`}>{t('profile.viewGuide')}</Link>}>{t('profile.title', { name: unit.name })}</PageTitle>
      <p className="gk-muted">{t('profile.intro')}</p>
      {conflict ? <Alert type="warning" showIcon className="gk-gap" title={t('profile.conflict')} /> : null}
      {error && !conflict ? (
        <div className="gk-gap" data-testid="profile-error">
          <ErrorAlert error={error} onClose={() => setError(null)} />
        </div>
      ) : null}
      <Form<Values> form={form} name="profile" layout="vertical" initialValues={fromProfile(profile)} onFinish={onFinish} scrollToFirstError className="gk-profile-form">
        <Form.Item name="functions" label={t('profile.functions')} rules={[required, { max: 10000 }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} maxLength={10000} />
        </Form.Item>
        <Form.Item name="address" label={t('profile.address')} rules={[required, { max: 300 }]}>
          <Input maxLength={300} />
        </Form.Item>
        <Space wrap size="middle" className="gk-profile-row">
          <Form.Item name="postcode" label={t('profile.postcode')} rules={[required, { pattern: POSTCODE, message: t('profile.invalidPostcode') }]}>
            <Input inputMode="numeric" maxLength={6} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="phone" label={t('profile.phone')} rules={[required, { pattern: PHONE, message: t('profile.invalidPhone') }]}>
            <Input type="tel" maxLength={40} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="fax" label={t('profile.fax')} rules={[{ pattern: PHONE, message: t('profile.invalidPhone') }]}>
            <Input type="tel" maxLength={40} style={{ width: 220 }} />
          </Form.Item>
        </Space>
        <Form.Item name="officeHours" label={t('profile.officeHours')} rules={[required, { max: 300 }]}>
          <Input maxLength={300} />
        </Form.Item>
        <Space wrap size="middle" className="gk-profile-row">
          <Form.Item name="email" label={t('profile.email')} rules={[{ type: 'email', message: t('profile.invalidEmail') }]}>
            <Input type="email" maxLength={254} style={{ width: 280 }} />
          </Form.Item>
          <Form.Item name="website" label={t('profile.website')} rules={[{ pattern: /^https?:\/\/\S+$/i, message: t('profile.invalidWebsite') }]}>
            <Input type="url" maxLength={500} style={{ width: 320 }} />
          </Form.Item>
        </Space>
        <fieldset className="gk-profile-leaders">
          <legend>{t('profile.leaders')}</legend>
          <Form.List name="leaders">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <div key={f.key} className="gk-profile-leader" data-testid="profile-leader">
                    <Form.Item name={[f.name, 'name']} label={t('profile.leaderName')} rules={[required, { max: 50 }]}>
                      <Input maxLength={50} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'title']} label={t('profile.leaderTitle')} rules={[required, { max: 100 }]}>
                      <Input maxLength={100} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'duties']} label={t('profile.leaderDuties')} rules={[required, { max: 2000 }]} className="gk-profile-duties">
                      <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} maxLength={2000} />
                    </Form.Item>
                    <Button icon={<DeleteOutlined aria-hidden />} onClick={() => remove(f.name)} aria-label={`${t('profile.removeLeader')} ${i + 1}`}>
                      {t('profile.removeLeader')}
                    </Button>
                  </div>
                ))}
                <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ name: '', title: '', duties: '' })} data-testid="add-leader">
                  {t('profile.addLeader')}
                </Button>
              </>
            )}
          </Form.List>
        </fieldset>
        <Form.Item name="acceptsApplications" valuePropName="checked">
          <Checkbox>{t('profile.acceptsApplications')}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="save-profile">
          {t('common.save')}
        </Button>
      </Form>
      {profile ? (
        <section className="gk-panel gk-gap-top" aria-labelledby="profile-history-title">
          <h2 id="profile-history-title" className="gk-panel-title">
            {t('profile.history')}
          </h2>
          <List
            size="small"
            loading={history.isPending}
            dataSource={history.data ?? []}
            renderItem={(v) => (
              <List.Item key={v.version}>
                {t('profile.historyItem', { version: v.version })} · <time dateTime={v.updatedAt}>{formatDate(v.updatedAt)}</time>
              </List.Item>
            )}
          />
        </section>
      ) : null}
    </div>
  );
}
