/**
 * Account security, from the user menu: the second factor (enrol with a QR code, or its state and
 * the recovery codes left) and the caller's own sessions, each of which can be ended (ending this
 * one logs out).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, unwrap } from '../api/client';
import { useSession } from '../auth/session';
import { ErrorAlert, ListState, Loading, PageTitle } from '../components/common';
import { SessionList, type SessionItem } from '../components/SessionList';
import { TotpEnrolment } from '../components/TotpEnrolment';
import { useI18n } from '../i18n/i18n';

export function SecurityPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { logout } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const totp = useQuery({ queryKey: ['me', 'totp'], queryFn: () => unwrap(api.GET('/api/v1/me/totp')) });
  const sessions = useQuery({ queryKey: ['me', 'sessions'], queryFn: async () => (await unwrap(api.GET('/api/v1/me/sessions', { params: { query: { limit: 100 } } }))).items });
  const [busyId, setBusyId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const end = async (s: SessionItem) => {
    setBusyId(s.id);
    setError(null);
    try {
      await unwrap(api.DELETE('/api/v1/me/sessions/{sessionId}', { params: { path: { sessionId: s.id } } }));
      if (s.current) {
        navigate('/login', { replace: true });
        await logout();
        return;
      }
      message.success(t('sessions.ended'));
      await queryClient.invalidateQueries({ queryKey: ['me', 'sessions'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusyId(null);
    }
  };

  return (
    <div data-testid="security-page">
      <PageTitle>{t('nav.security')}</PageTitle>
      <section className="gk-sign-in-section" aria-labelledby="mfa-title">
        <h2 id="mfa-title">{t('mfa.title')}</h2>
        {totp.data?.enabled ? (
          <>
            <Alert type="success" showIcon title={t('mfa.enabled')} className="gk-gap" data-testid="totp-enabled" />
            <p>{t('mfa.recoveryLeft', { n: totp.data.recoveryCodesLeft })}</p>
            <p className="gk-muted">{t('mfa.lost')}</p>
          </>
        ) : totp.data ? (
          <>
            {totp.data.required ? <Alert type="info" showIcon title={t('mfa.requiredIntro')} className="gk-gap" /> : null}
            <p>{t('mfa.intro')}</p>
            <TotpEnrolment onDone={() => void queryClient.invalidateQueries({ queryKey: ['me', 'totp'] })} />
          </>
        ) : totp.isError ? (
          <ErrorAlert error={totp.error} />
        ) : (
          <Loading />
        )}
      </section>
      <section className="gk-sign-in-section" aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t('sessions.title')}</h2>
        <p className="gk-muted">{t('sessions.intro')}</p>
        {error ? (
          <div className="gk-gap">
            <ErrorAlert error={error} />
          </div>
        ) : null}
        <ListState q={sessions} empty={(sessions.data?.length ?? 0) === 0} emptyText={t('sessions.none')}>
          <SessionList items={sessions.data ?? []} onEnd={(s) => void end(s)} busyId={busyId} headingLevel={3} />
        </ListState>
      </section>
    </div>
  );
}
