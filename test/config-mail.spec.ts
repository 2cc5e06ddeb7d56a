/** The mail variables: both or neither, a valid URL and sender, PUBLIC_URL with them; bad values name the variable. */
import { ConfigError, loadConfig } from '../config/configuration.js';

const base = { PUBLIC_URL: 'https://gongkai.example.gov.cn' };
const fails = (env: Record<string, string>, variable: string) => {
  let err: unknown = null;
  try {
    loadConfig(env);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ConfigError);
  expect((err as ConfigError).variable).toBe(variable);
};

describe('mail configuration', () => {
  it('is off without SMTP_URL', () => {
    expect(loadConfig(base).mail).toBeNull();
  });

  it('reads SMTP_URL, MAIL_FROM, SMTP_CA_FILE and the retry settings', () => {
    const c = loadConfig({ ...base, SMTP_URL: 'smtps://u:p@mail.example.gov.cn:465', MAIL_FROM: '区政务公开平台 <noreply@example.gov.cn>', SMTP_CA_FILE: '/etc/ssl/private-ca.pem', MAIL_RETRY_DELAY_SECONDS: '5', MAIL_RETRY_LIMIT: '3' });
    expect(c.mail).toEqual({ smtpUrl: 'smtps://u:p@mail.example.gov.cn:465', from: '区政务公开平台 <noreply@example.gov.cn>', caFile: '/etc/ssl/private-ca.pem', retryDelaySeconds: 5, retryLimit: 3 });
    expect(loadConfig({ ...base, SMTP_URL: 'smtp://mail:587?requireTLS=true', MAIL_FROM: 'noreply@example.gov.cn' }).mail).toMatchObject({ caFile: null, retryDelaySeconds: 30, retryLimit: 8 });
  });

  it('refuses a half configuration, a bad URL or sender, and mail without PUBLIC_URL', () => {
    fails({ ...base, MAIL_FROM: 'noreply@example.gov.cn' }, 'MAIL_FROM');
    fails({ ...base, SMTP_URL: 'smtp://mail:25' }, 'MAIL_FROM');
    fails({ ...base, SMTP_URL: 'http://mail:25', MAIL_FROM: 'a@b.c' }, 'SMTP_URL');
    fails({ ...base, SMTP_URL: 'not a url', MAIL_FROM: 'a@b.c' }, 'SMTP_URL');
    fails({ ...base, SMTP_URL: 'smtp://mail:25', MAIL_FROM: 'nobody' }, 'MAIL_FROM');
    fails({ SMTP_URL: 'smtp://mail:25', MAIL_FROM: 'a@b.c' }, 'PUBLIC_URL');
    fails({ ...base, SMTP_URL: 'smtp://mail:25', MAIL_FROM: 'a@b.c', MAIL_RETRY_LIMIT: 'many' }, 'MAIL_RETRY_LIMIT');
  });
});
