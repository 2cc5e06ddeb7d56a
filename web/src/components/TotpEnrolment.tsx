/**
 * Enrolling the second factor (TOTP): start (POST /me/totp), the otpauth URL as a QR code drawn
 * here (no image service: the secret never leaves the browser and the server), the key for
 * typing by hand, a code to confirm (POST /me/totp/confirm), then the recovery codes, shown once.
 */
import { Alert, Button, Form, Input, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { ErrorAlert } from './common';
import './sign-in.css';

export function TotpEnrolment({ onDone }: { onDone(): void }) {
  const { t } = useI18n();
  const [otpauthUrl, setOtpauthUrl] = useState<string | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!otpauthUrl) return;
    let live = true;
    void QRCode.toDataURL(otpauthUrl, { margin: 1, width: 220, errorCorrectionLevel: 'M' }).then((data) => live && setQr(data));
    return () => {
      live = false;
    };
  }, [otpauthUrl]);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      setOtpauthUrl((await unwrap(api.POST('/api/v1/me/totp'))).otpauthUrl);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const confirm = async ({ code }: { code: string }) => {
    setBusy(true);
    setError(null);
    try {
      setRecoveryCodes((await unwrap(api.POST('/api/v1/me/totp/confirm', { body: { code: code.trim() } }))).recoveryCodes);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (recoveryCodes) {
    return (
      <div data-testid="totp-recovery">
        <Typography.Title level={3}>{t('mfa.recoveryTitle')}</Typography.Title>
        <Alert type="warning" showIcon title={t('mfa.recoveryIntro')} className="gk-gap" />
        <ol className="gk-recovery-codes">
          {recoveryCodes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ol>
        <Button type="primary" onClick={onDone} data-testid="totp-recovery-saved">
          {t('mfa.recoverySaved')}
        </Button>
      </div>
    );
  }

  if (!otpauthUrl) {
    return (
      <div>
        {error ? (
          <div className="gk-gap">
            <ErrorAlert error={error} />
          </div>
        ) : null}
        <Button type="primary" onClick={() => void start()} loading={busy} data-testid="totp-start">
          {t('mfa.start')}
        </Button>
      </div>
    );
  }

  const secret = new URL(otpauthUrl).searchParams.get('secret') ?? '';
  return (
    <div data-testid="totp-enrol">
      <p>{t('mfa.scan')}</p>
      {qr ? <img src={qr} width={220} height={220} alt={t('mfa.qrAlt')} data-testid="totp-qr" /> : null}
      <p>
        {t('mfa.secret')} <code data-testid="totp-secret">{secret.replace(/(.{4})/g, '$1 ').trim()}</code>
      </p>
      {error ? (
        <div className="gk-gap">
          <ErrorAlert error={error} />
        </div>
      ) : null}
      <Form<{ code: string }> layout="vertical" onFinish={(v) => void confirm(v)} disabled={busy} requiredMark={false}>
        <Form.Item label={t('mfa.code')} name="code" rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('mfa.codeRequired') }]}>
          <Input name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} size="large" className="gk-otp-input" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="totp-confirm">
          {t('mfa.confirm')}
        </Button>
      </Form>
    </div>
  );
}
