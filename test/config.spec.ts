import { ConfigError, loadConfig } from '../config/configuration.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, databaseUrl: null, demoData: false, migrationsRun: true, accessTokenTtlSeconds: 900 });
    expect(loadConfig({}, { demoByDefault: true }).demoData).toBe(true);
    expect(loadConfig({ DEMO_DATA: 'false' }, { demoByDefault: true }).demoData).toBe(false);
  });

  it('DATABASE_REPLICA_URLS: none by default, else each replica in order', () => {
    expect(loadConfig({}).databaseReplicaUrls).toEqual([]);
    expect(loadConfig({ DATABASE_REPLICA_URLS: ' postgres://a@r1:5432/gk , postgresql://a@r2/gk ' }).databaseReplicaUrls).toEqual(['postgres://a@r1:5432/gk', 'postgresql://a@r2/gk']);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x@y/z'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_REPLICA_URLS', 'mysql://x@y/z'],
    ['DATABASE_REPLICA_URLS', 'postgres://r1:5432/db,,postgres://r2:5432/db'],
    ['DEMO_DATA', 'maybe'],
    ['MIGRATIONS_RUN', 'sometimes'],
    ['ADMIN_PASSWORD', 'short'],
    ['JWT_SECRET', 'too-short'],
    ['LOG_LEVEL', 'loud'],
    ['ACCESS_TOKEN_TTL', '5'],
    ['SESSION_IDLE_TIMEOUT', '10'],
    ['SESSION_MAX_AGE', 'a day'],
    ['ADMIN_PASSWORD_LOGIN', 'perhaps'],
    ['OIDC_ISSUER', 'http://idp.example.gov.cn'],
    ['OIDC_ISSUER', 'not a url'],
    ['OIDC_CLIENT_ID', 'gongkai'],
    ['PASSWORD_LOGIN', 'false'],
    ['MFA_REQUIRED_ROLES', 'admin,boss'],
    ['TOTP_SECRET_KEY', 'too-short'],
  ])('a bad %s=%s stops the start with a message naming it', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });

  it('sessions and sign-in: the variables that belong together name the one that is missing or wrong', () => {
    const oidc = { OIDC_ISSUER: 'https://idp.example.gov.cn/realms/district', OIDC_CLIENT_ID: 'gongkai', OIDC_CLIENT_SECRET: 'secret' };
    expect(loadConfig(oidc).oidc).toEqual({ ...{ issuer: oidc.OIDC_ISSUER, clientId: 'gongkai', clientSecret: 'secret' }, usernameClaim: 'preferred_username', scopes: 'openid profile', displayName: null });
    expect(() => loadConfig({ ...oidc, OIDC_CLIENT_ID: '' })).toThrow(/OIDC_CLIENT_ID/);
    expect(() => loadConfig({ ...oidc, OIDC_CLIENT_SECRET: '' })).toThrow(/OIDC_CLIENT_SECRET/);
    expect(() => loadConfig({ ...oidc, OIDC_SCOPES: 'profile email' })).toThrow(/OIDC_SCOPES/);
    expect(loadConfig({ ...oidc, OIDC_ISSUER: 'http://127.0.0.1:4000' }).oidc?.issuer).toBe('http://127.0.0.1:4000');
    expect(loadConfig({ ...oidc, PASSWORD_LOGIN: 'false' })).toMatchObject({ passwordLogin: false, adminPasswordLogin: true });
    expect(() => loadConfig({ SESSION_IDLE_TIMEOUT: '7200', SESSION_MAX_AGE: '3600' })).toThrow(/SESSION_MAX_AGE/);
    expect(loadConfig({})).toMatchObject({ sessionIdleSeconds: 28800, sessionMaxSeconds: 86400, oidc: null, passwordLogin: true, mfaRequiredRoles: [], totpIssuer: 'gongkai' });
    expect(loadConfig({ MFA_REQUIRED_ROLES: 'admin, leader,admin' }).mfaRequiredRoles).toEqual(['admin', 'leader']);
  });
});
