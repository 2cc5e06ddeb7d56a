/**
 * What a restricted session sees instead of the app: the one-time code after single sign-on
 * (POST /auth/totp), or the enrolment its role requires (MFA_REQUIRED_ROLES). Nothing else of the
 * service answers such a session.
 */
import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { ErrorAlert } from '../components/common';
import { LanguageMenu } from '../components/Layout';
import { TotpEnrolment } from '../components/TotpEnrolment';
import { useI18n } from '../i18n/i18n';
import { useSession } from './session';

export function SecondFactorGate() {
  const { t } = useI18n();
  const { restriction, secondFactorDone, logout, user } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const verify = async ({ code }: { code: string }) => {
    setBusy(true);
    setError(null);
    try {
      await unwrap(api.POST('/api/v1/auth/totp', { body: { code: code.trim() } }));
      secondFactorDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="gk-login">
      <div className="gk-login-lang">
        <LanguageMenu />
      </div>
      <main id="main" className="gk-login-main">
        <Card className="gk-login-card gk-mfa-card" data-testid="second-factor-gate">
          <h1 className="gk-login-title">{restriction === 'totp' ? t('mfa.codeTitle') : t('mfa.title')}</h1>
          {user ? <p className="gk-login-subtitle">{user.displayName}</p> : null}
          {restriction === 'totp' ? (
            <>
              <p>{t('mfa.codeIntro')}</p>
              {error ? (
                <div className="gk-gap">
                  <ErrorAlert error={error} />
                </div>
              ) : null}
              <Form<{ code: string }> layout="vertical" onFinish={(v) => void verify(v)} disabled={busy} requiredMark={false}>
                <Form.Item label={t('mfa.code')} name="code" rules={[{ required: true, whitespace: true, message: t('login.required.totp') }]}>
                  <Input name="totp" autoComplete="one-time-code" autoFocus size="large" />
                </Form.Item>
                <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="second-factor-verify">
                  {t('mfa.verify')}
                </Button>
              </Form>
            </>
          ) : (
            <>
              <Alert type="info" showIcon title={t('mfa.requiredIntro')} className="gk-gap" />
              <p>{t('mfa.intro')}</p>
              <TotpEnrolment onDone={secondFactorDone} />
            </>
          )}
          <p className="gk-login-public">
            <Button type="link" onClick={() => void logout()}>
              {t('mfa.logout')}
            </Button>
          </p>
        </Card>
      </main>
    </div>
  );
}
