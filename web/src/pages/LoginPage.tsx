import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, api, unwrap } from '../api/client';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/common';
import { LanguageMenu } from '../components/Layout';
import { useI18n } from '../i18n/i18n';
import { homeOf } from '../lib/home';

interface LoginForm {
  username: string;
  password: string;
  totp?: string;
}

/** Why a login was refused with 401: the password, or the one-time code (required, wrong or reused). */
function totpProblem(e: unknown): 'required' | 'invalid' | 'reused' | null {
  const v = e instanceof ApiError && e.status === 401 ? e.body?.details?.totp : undefined;
  return v === 'required' || v === 'invalid' || v === 'reused' ? v : null;
}

export function LoginPage() {
  const { t } = useI18n();
  const { login, expired } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // Once the password was right but a one-time code is due: the code field shows.
  const [needTotp, setNeedTotp] = useState(false);
  const options = useQuery({ queryKey: ['auth', 'options'], staleTime: 300_000, queryFn: () => unwrap(api.GET('/api/v1/auth/options')) });

  const next = params.get('next');
  const safeNext = next && next.startsWith('/') && !next.startsWith('//') ? next : null;

  const onFinish = async (v: LoginForm) => {
    setBusy(true);
    setError(null);
    try {
      const { user } = await login(v.username.trim(), v.password, needTotp ? v.totp?.trim() : undefined);
      navigate(safeNext ?? homeOf(user.roles), { replace: true });
    } catch (e) {
      if (totpProblem(e)) setNeedTotp(true);
      setError(totpProblem(e) === 'required' ? null : e);
    } finally {
      setBusy(false);
    }
  };

  const codeProblem = totpProblem(error);
  const wrongPassword = error instanceof ApiError && error.status === 401 && !codeProblem;
  const sso = options.data?.sso ?? null;
  const passwordLogin = options.data?.passwordLogin ?? 'all';
  const ssoHref = sso ? `${sso.loginUrl}${safeNext ? `?next=${encodeURIComponent(safeNext)}` : ''}` : null;
  return (
    <div className="gk-login">
      <div className="gk-login-lang">
        <LanguageMenu />
      </div>
      <main id="main" className="gk-login-main">
        <div className="gk-login-brand" aria-hidden>
          <span className="gk-brand-mark gk-brand-mark-large">公</span>
        </div>
        <Card className="gk-login-card">
          <h1 className="gk-login-title">{t('login.title')}</h1>
          <p className="gk-login-subtitle">{t('login.subtitle')}</p>
          {expired ? <Alert type="warning" showIcon title={t('login.expired')} className="gk-gap" /> : null}
          {wrongPassword ? (
            <Alert type="error" showIcon role="alert" title={t('login.failed')} className="gk-gap" />
          ) : codeProblem ? (
            <Alert type="error" showIcon role="alert" title={t(codeProblem === 'reused' ? 'login.totpReused' : 'login.totpInvalid')} className="gk-gap" />
          ) : error ? (
            <div className="gk-gap">
              <ErrorAlert error={error} />
            </div>
          ) : null}
          {ssoHref ? (
            <div className="gk-sso">
              <Button type="primary" block size="large" href={ssoHref} icon={<SafetyCertificateOutlined aria-hidden />} data-testid="sso-login">
                {sso?.displayName ? t('login.ssoNamed', { name: sso.displayName }) : t('login.sso')}
              </Button>
              {passwordLogin !== 'none' ? <div className="gk-sso-or">{t('login.or')}</div> : null}
            </div>
          ) : null}
          {passwordLogin === 'admin' ? <Alert type="info" showIcon title={t('login.adminOnly')} className="gk-gap" /> : null}
          {passwordLogin === 'none' ? null : (
          <Form<LoginForm> name="login" layout="vertical" onFinish={onFinish} requiredMark={false} disabled={busy}>
            <Form.Item label={t('login.username')} name="username" rules={[{ required: true, whitespace: true, message: t('login.required.username') }]}>
              <Input name="username" autoComplete="username" autoFocus size="large" />
            </Form.Item>
            <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.required.password') }]}>
              <Input.Password name="password" autoComplete="current-password" size="large" />
            </Form.Item>
            {needTotp ? (
              <Form.Item label={t('login.totp')} name="totp" extra={t('login.totpHelp')} rules={[{ required: true, whitespace: true, message: t('login.required.totp') }]}>
                <Input name="totp" autoComplete="one-time-code" autoFocus size="large" data-testid="login-totp" />
              </Form.Item>
            ) : null}
            <Button type={ssoHref ? 'default' : 'primary'} htmlType="submit" block size="large" loading={busy}>
              {t('login.submit')}
            </Button>
          </Form>
          )}
          <p className="gk-login-public">
            <Link to="/catalogue">{t('login.publicLink')}</Link>
          </p>
        </Card>
      </main>
    </div>
  );
}
