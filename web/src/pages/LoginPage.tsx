import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/common';
import { LanguageMenu } from '../components/Layout';
import { useI18n } from '../i18n/i18n';
import { homeOf } from '../lib/home';

interface LoginForm {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t } = useI18n();
  const { login, expired } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const next = params.get('next');
  const safeNext = next && next.startsWith('/') && !next.startsWith('//') ? next : null;

  const onFinish = async (v: LoginForm) => {
    setBusy(true);
    setError(null);
    try {
      const user = await login(v.username.trim(), v.password);
      navigate(safeNext ?? homeOf(user.roles), { replace: true });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const wrongPassword = error instanceof ApiError && error.status === 401;
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
          ) : error ? (
            <div className="gk-gap">
              <ErrorAlert error={error} />
            </div>
          ) : null}
          <Form<LoginForm> name="login" layout="vertical" onFinish={onFinish} requiredMark={false} disabled={busy}>
            <Form.Item label={t('login.username')} name="username" rules={[{ required: true, whitespace: true, message: t('login.required.username') }]}>
              <Input name="username" autoComplete="username" autoFocus size="large" />
            </Form.Item>
            <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.required.password') }]}>
              <Input.Password name="password" autoComplete="current-password" size="large" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={busy}>
              {t('login.submit')}
            </Button>
          </Form>
          <p className="gk-login-public">
            <Link to="/catalogue">{t('login.publicLink')}</Link>
          </p>
        </Card>
      </main>
    </div>
  );
}
