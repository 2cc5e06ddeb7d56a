/**
 * Typed configuration, read from the environment and validated once at boot.
 * A bad variable stops the start with a message naming it (ConfigError).
 */
import { resolve } from 'node:path';
import { ROLES, type Role } from '../src/modules/identity/user.types.js';

export interface AppConfig {
  port: number;
  host: string;
  /** postgres://… of an external server; null means the embedded PostgreSQL under dataDir. */
  databaseUrl: string | null;
  /** Streaming replicas of that server for the public catalogue's reads (DATABASE_REPLICA_URLS); empty: none. */
  databaseReplicaUrls: string[];
  dataDir: string;
  embeddedPgPort: number;
  adminPassword: string | null;
  demoData: boolean;
  migrationsRun: boolean;
  /** HMAC secret for access tokens; null means: generate once and keep it in the database. */
  jwtSecret: string | null;
  accessTokenTtlSeconds: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Largest accepted request body in bytes (answers 413 beyond). */
  bodyLimitBytes: number;
  /** Serve the built web UI from web/dist when present. */
  webDir: string;
  /** Days after which a withheld document is due for re-assessment (Art. 18). */
  reassessmentDays: number;
  dbPoolSize: number;
  /** Send a transaction's statements as named prepared statements (off behind a pooler that cannot keep them). */
  dbPreparedStatements: boolean;
  /** Largest attachment accepted on a document, in bytes (answers 413 beyond). */
  attachmentMaxBytes: number;
  /** The public address of the service (feeds and webhooks link to it); unset = from each request. */
  publicUrl: string | null;
  /** Webhook delivery: first retry delay (doubles each attempt) and the number of retries. */
  webhookRetryDelaySeconds: number;
  webhookRetryLimit: number;
  /** Run the webhook delivery worker in this instance. */
  deliveryWorker: boolean;
  /** Art. 44: distinct applicants a document was disclosed to before it is proposed for proactive publication. */
  applicationProposalThreshold: number;
  /** Public intake of applications: at most this many requests per client address per window (in memory, per instance). */
  applicationIntakeLimit: number;
  applicationIntakeWindowSeconds: number;
  /** Complaints and reports (Art. 51): the reply is due this many working days after receipt. */
  complaintReplyDays: number;
  /**
   * Whose X-Forwarded-For to believe (Fastify trustProxy): the client address behind the login
   * and intake limits and in the audit log. Default `loopback`: a reverse proxy on the same host.
   */
  trustProxy: boolean | string;
  /** A session (refresh token) ends after this many seconds without a refresh… */
  sessionIdleSeconds: number;
  /** …and this many seconds after sign-in, whatever happens. */
  sessionMaxSeconds: number;
  /** Single sign-on with OpenID Connect; null when OIDC_ISSUER is unset. */
  oidc: OidcConfig | null;
  /** PASSWORD_LOGIN=false: only single sign-on (and `admin`, while adminPasswordLogin). */
  passwordLogin: boolean;
  adminPasswordLogin: boolean;
  /** Roles whose users must sign in with a second factor (TOTP). */
  mfaRequiredRoles: Role[];
  /** Key of the TOTP secrets' encryption; null means: generated once and kept in the database. */
  totpSecretKey: string | null;
  /** The name authenticator apps show for the account. */
  totpIssuer: string;
  /** Notifications by e-mail (SMTP_URL and MAIL_FROM); null: none are sent. */
  mail: MailConfig | null;
}

export interface MailConfig {
  /** smtp://user:pass@host:port (STARTTLS when the server offers it; `?requireTLS=true` insists) or smtps://… */
  smtpUrl: string;
  /** The sender, e.g. `政务公开平台 <noreply@example.gov.cn>`. */
  from: string;
  /** A PEM file of certificates to trust besides the system's (a private CA of the mail server). */
  caFile: string | null;
  /** First retry delay of a failed mail (doubles each attempt) and the number of retries. */
  retryDelaySeconds: number;
  retryLimit: number;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The ID token (or userinfo) claim matched against usernames. */
  usernameClaim: string;
  scopes: string;
  /** The provider's name on the login page's button; null: the UI's own words (统一身份认证). */
  displayName: string | null;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be an integer, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function bool(env: Env, name: string, def: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(v)) return true;
  if (['false', '0', 'no'].includes(v)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function oneOf<T extends string>(env: Env, name: string, def: T, values: readonly T[]): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!(values as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${values.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function postgresUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a URL (expected postgres://user:pass@host:port/db)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(name, `must start with postgres://, got "${url.protocol}//"`);
  }
  if (!url.hostname) throw new ConfigError(name, 'has no host');
  return raw;
}

function databaseUrl(env: Env): string | null {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw.trim() === '') return null;
  return postgresUrl('DATABASE_URL', raw);
}

/** DATABASE_REPLICA_URLS: comma-separated postgres:// URLs of streaming replicas (hot standbys). */
function replicaUrls(env: Env): string[] {
  const raw = env.DATABASE_REPLICA_URLS?.trim();
  if (!raw) return [];
  const urls = raw.split(',').map((x) => x.trim());
  if (urls.some((u) => u === '')) throw new ConfigError('DATABASE_REPLICA_URLS', 'has an empty item (expected postgres://…,postgres://…)');
  return urls.map((u) => postgresUrl('DATABASE_REPLICA_URLS', u));
}

function publicUrl(env: Env): string | null {
  const raw = env.PUBLIC_URL?.trim();
  if (!raw) return null;
  try {
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
  } catch {
    throw new ConfigError('PUBLIC_URL', `must be an http(s) URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

const PROXY_ITEM = /^(loopback|linklocal|uniquelocal|[0-9.]+(\/\d{1,2})?|[0-9a-fA-F:]+(\/\d{1,3})?)$/;

/** TRUST_PROXY: `false`, `true` (any client: only behind a proxy that always overwrites the header), or addresses/CIDRs. */
function trustProxy(env: Env): boolean | string {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw) return 'loopback';
  if (raw === 'false') return false;
  if (raw === 'true') return true;
  const items = raw.split(',').map((x) => x.trim());
  if (items.some((x) => !PROXY_ITEM.test(x))) {
    throw new ConfigError('TRUST_PROXY', `must be false, true, or addresses/CIDRs (loopback, 10.0.0.0/8, …), got "${raw}"`);
  }
  return items.join(',');
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** OIDC_ISSUER with its client: all three or none; https, except a provider on this host. */
function oidc(env: Env): OidcConfig | null {
  const issuer = env.OIDC_ISSUER?.trim();
  if (!issuer) {
    for (const name of ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET']) {
      if (env[name]?.trim()) throw new ConfigError(name, 'is set but OIDC_ISSUER is not');
    }
    return null;
  }
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new ConfigError('OIDC_ISSUER', `must be the provider's issuer URL, got "${issuer}"`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new ConfigError('OIDC_ISSUER', `must be an https:// URL (http only for a provider on this host), got "${issuer}"`);
  }
  const clientId = env.OIDC_CLIENT_ID?.trim();
  if (!clientId) throw new ConfigError('OIDC_CLIENT_ID', 'is required when OIDC_ISSUER is set');
  const clientSecret = env.OIDC_CLIENT_SECRET;
  if (!clientSecret) throw new ConfigError('OIDC_CLIENT_SECRET', 'is required when OIDC_ISSUER is set');
  const usernameClaim = env.OIDC_USERNAME_CLAIM?.trim() || 'preferred_username';
  if (!/^[A-Za-z0-9_.:-]{1,100}$/.test(usernameClaim)) throw new ConfigError('OIDC_USERNAME_CLAIM', `must be a claim name, got "${usernameClaim}"`);
  const scopes = env.OIDC_SCOPES?.trim() || 'openid profile';
  if (!scopes.split(/\s+/).includes('openid')) throw new ConfigError('OIDC_SCOPES', `must include openid, got "${scopes}"`);
  const displayName = env.OIDC_DISPLAY_NAME?.trim() || null;
  if (displayName && displayName.length > 50) throw new ConfigError('OIDC_DISPLAY_NAME', 'must be at most 50 characters');
  return { issuer, clientId, clientSecret, usernameClaim, scopes, displayName };
}

/** MFA_REQUIRED_ROLES: comma-separated roles, e.g. `admin,leader`. */
function roles(env: Env, name: string): Role[] {
  const raw = env[name]?.trim();
  if (!raw) return [];
  const items = [...new Set(raw.split(',').map((x) => x.trim()).filter(Boolean))];
  const unknown = items.filter((x) => !(ROLES as readonly string[]).includes(x));
  if (unknown.length > 0) throw new ConfigError(name, `has unknown roles ${unknown.join(', ')} (roles: ${ROLES.join(', ')})`);
  return items as Role[];
}

/** SMTP_URL and MAIL_FROM: both or none; mails link to the item, so PUBLIC_URL is needed too. */
function mail(env: Env, publicUrlValue: string | null): MailConfig | null {
  const url = env.SMTP_URL?.trim();
  const from = env.MAIL_FROM?.trim();
  if (!url) {
    if (from) throw new ConfigError('MAIL_FROM', 'is set but SMTP_URL is not');
    return null;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('SMTP_URL', 'is not a URL (expected smtp://user:pass@host:port or smtps://…)');
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw new ConfigError('SMTP_URL', `must start with smtp:// or smtps://, got "${parsed.protocol}//"`);
  if (!parsed.hostname) throw new ConfigError('SMTP_URL', 'has no host');
  if (!from) throw new ConfigError('MAIL_FROM', 'is required when SMTP_URL is set');
  if (!/^[^<>@\s]+@[^<>@\s]+$|<[^<>@\s]+@[^<>@\s]+>$/.test(from)) throw new ConfigError('MAIL_FROM', `must be an address, or a name and <address>, got "${from}"`);
  if (!publicUrlValue) throw new ConfigError('PUBLIC_URL', 'is required when SMTP_URL is set (each mail links to its item)');
  return {
    smtpUrl: url,
    from,
    caFile: env.SMTP_CA_FILE?.trim() || null,
    retryDelaySeconds: int(env, 'MAIL_RETRY_DELAY_SECONDS', 30, 1, 3600),
    retryLimit: int(env, 'MAIL_RETRY_LIMIT', 8, 0, 50),
  };
}

interface LoadOptions {
  /** `npm start` passes --demo: seed demo data unless DEMO_DATA says otherwise. */
  demoByDefault?: boolean;
}

export function loadConfig(env: Env = process.env, options: LoadOptions = {}): AppConfig {
  const adminPassword = env.ADMIN_PASSWORD && env.ADMIN_PASSWORD.length > 0 ? env.ADMIN_PASSWORD : null;
  if (adminPassword !== null && adminPassword.length < 10) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be at least 10 characters');
  }
  const jwtSecret = env.JWT_SECRET && env.JWT_SECRET.length > 0 ? env.JWT_SECRET : null;
  if (jwtSecret !== null && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET', 'must be at least 32 characters');
  }
  const host = env.HOST && env.HOST.trim() !== '' ? env.HOST.trim() : '0.0.0.0';
  const sessionIdleSeconds = int(env, 'SESSION_IDLE_TIMEOUT', 8 * 3600, 60, 30 * 86400);
  const sessionMaxSeconds = int(env, 'SESSION_MAX_AGE', 86400, 60, 90 * 86400);
  if (sessionMaxSeconds < sessionIdleSeconds) {
    throw new ConfigError('SESSION_MAX_AGE', `must be at least SESSION_IDLE_TIMEOUT (${sessionIdleSeconds}), got ${sessionMaxSeconds}`);
  }
  const oidcConfig = oidc(env);
  const passwordLogin = bool(env, 'PASSWORD_LOGIN', true);
  if (!passwordLogin && !oidcConfig) throw new ConfigError('PASSWORD_LOGIN', 'is false but single sign-on is not configured (OIDC_ISSUER)');
  const totpSecretKey = env.TOTP_SECRET_KEY && env.TOTP_SECRET_KEY.length > 0 ? env.TOTP_SECRET_KEY : null;
  if (totpSecretKey !== null && totpSecretKey.length < 32) throw new ConfigError('TOTP_SECRET_KEY', 'must be at least 32 characters');
  const totpIssuer = env.TOTP_ISSUER?.trim() || 'gongkai';
  if (totpIssuer.length > 50 || totpIssuer.includes(':')) throw new ConfigError('TOTP_ISSUER', 'must be at most 50 characters, without ":"');
  return {
    port: int(env, 'PORT', 3000, 0, 65535),
    host,
    databaseUrl: databaseUrl(env),
    databaseReplicaUrls: replicaUrls(env),
    dataDir: resolve(env.DATA_DIR && env.DATA_DIR.trim() !== '' ? env.DATA_DIR : './data'),
    embeddedPgPort: int(env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535),
    adminPassword,
    demoData: bool(env, 'DEMO_DATA', options.demoByDefault ?? false),
    migrationsRun: bool(env, 'MIGRATIONS_RUN', true),
    jwtSecret,
    accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL', 900, 30, 86400),
    logLevel: oneOf(env, 'LOG_LEVEL', 'info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 4 * 1024 * 1024, 1024, 64 * 1024 * 1024),
    webDir: resolve(env.WEB_DIR && env.WEB_DIR.trim() !== '' ? env.WEB_DIR : './web/dist'),
    reassessmentDays: int(env, 'REASSESSMENT_DAYS', 365, 1, 3650),
    dbPoolSize: int(env, 'DB_POOL_SIZE', 20, 1, 500),
    dbPreparedStatements: bool(env, 'DB_PREPARED_STATEMENTS', true),
    attachmentMaxBytes: int(env, 'ATTACHMENT_MAX_BYTES', 20 * 1024 * 1024, 1024, 200 * 1024 * 1024),
    publicUrl: publicUrl(env),
    webhookRetryDelaySeconds: int(env, 'WEBHOOK_RETRY_DELAY_SECONDS', 10, 1, 3600),
    webhookRetryLimit: int(env, 'WEBHOOK_RETRY_LIMIT', 12, 0, 50),
    deliveryWorker: bool(env, 'DELIVERY_WORKER', true),
    applicationProposalThreshold: int(env, 'APPLICATION_PROPOSAL_THRESHOLD', 3, 1, 1000),
    applicationIntakeLimit: int(env, 'APPLICATION_INTAKE_LIMIT', 30, 1, 1_000_000),
    applicationIntakeWindowSeconds: int(env, 'APPLICATION_INTAKE_WINDOW_SECONDS', 3600, 1, 86400),
    complaintReplyDays: int(env, 'COMPLAINT_REPLY_DAYS', 15, 1, 60),
    trustProxy: trustProxy(env),
    sessionIdleSeconds,
    sessionMaxSeconds,
    oidc: oidcConfig,
    passwordLogin,
    adminPasswordLogin: bool(env, 'ADMIN_PASSWORD_LOGIN', true),
    mfaRequiredRoles: roles(env, 'MFA_REQUIRED_ROLES'),
    totpSecretKey,
    totpIssuer,
    mail: mail(env, publicUrl(env)),
  };
}
