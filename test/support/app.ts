/**
 * Boots the real service (Fastify, real migrations) against a fresh database of its own on the
 * test PostgreSQL (embedded, or the server in DATABASE_URL), and offers helpers that go through
 * the HTTP API like any client would.
 */
import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { get as httpGet, type Server } from 'node:http';
import pg from 'pg';
import { pino } from 'pino';
import request from 'supertest';
import { loadConfig, type AppConfig } from '../../config/configuration.js';
import { createApp } from '../../src/bootstrap.js';

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  server: unknown;
  databaseUrl: string;
  config: AppConfig;
  adminToken: string;
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export const ADMIN_PASSWORD = 'admin-password-for-tests';
export const PASSWORD = 'password-for-tests';

export async function createTestDatabase(): Promise<string> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set: run the tests through npm test');
  const name = `gk_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const databaseUrl = await createTestDatabase();
  const config = loadConfig({ ADMIN_PASSWORD, LOG_LEVEL: 'silent', DB_POOL_SIZE: '10', PUBLIC_URL: 'http://gongkai.test', ...env });
  const app = await createApp(config, { databaseUrl, logger: pino({ level: process.env.TEST_LOG ?? 'silent' }) });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const { IdentityService } = await import('../../src/modules/identity/identity.service.js');
  await app.get(IdentityService).ensureAdmin();
  const server = app.getHttpServer();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  const http = request(server);
  const login = await request(server).post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD });
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${JSON.stringify(login.body)}`);
  return {
    app,
    http,
    server,
    databaseUrl,
    config,
    adminToken: login.body.accessToken,
    sql: async <T>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as T[],
    close: async () => {
      try {
        await app.close();
      } finally {
        await pool.end();
      }
    },
  };
}

let unitSeq = 0;
export function uniqueCode(prefix = 'U'): string {
  unitSeq++;
  return `${prefix}${randomBytes(3).toString('hex').toUpperCase()}${unitSeq}`.slice(0, 20);
}

export interface District {
  unitA: { id: string; code: string };
  unitB: { id: string; code: string };
  office: { id: string; code: string };
  tokens: Record<string, string>;
  ids: Record<string, string>;
}

/**
 * A small district: unit A and unit B, each with a drafter, a secrecy reviewer and a liaison; a
 * disclosure officer (two of them), a leader in charge of A, a leader in charge of B, and an admin.
 */
export async function seedDistrict(t: TestApp): Promise<District> {
  const auth = { Authorization: `Bearer ${t.adminToken}` };
  const mk = async (code: string, name: string) => {
    const res = await t.http.post('/api/v1/units').set(auth).send({ code, name });
    if (res.status !== 201) throw new Error(`unit: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; code: string };
  };
  const unitA = await mk(uniqueCode('A'), '发展和改革委员会');
  const unitB = await mk(uniqueCode('B'), '教育局');
  const office = await mk(uniqueCode('O'), '政府办公室');
  const people: Record<string, { unitId: string | null; roles: string[]; leadsUnitIds?: string[] }> = {
    drafterA: { unitId: unitA.id, roles: ['drafter'] },
    drafterA2: { unitId: unitA.id, roles: ['drafter'] },
    reviewerA: { unitId: unitA.id, roles: ['secrecy_reviewer'] },
    drafterB: { unitId: unitB.id, roles: ['drafter'] },
    reviewerB: { unitId: unitB.id, roles: ['secrecy_reviewer'] },
    officer: { unitId: office.id, roles: ['disclosure_officer'] },
    officer2: { unitId: office.id, roles: ['disclosure_officer'] },
    leaderA: { unitId: office.id, roles: ['leader'], leadsUnitIds: [unitA.id] },
    leaderB: { unitId: office.id, roles: ['leader'], leadsUnitIds: [unitB.id] },
    liaisonA: { unitId: unitA.id, roles: ['unit_liaison'] },
    liaisonB: { unitId: unitB.id, roles: ['unit_liaison'] },
    // Holds every review role for unit A: separation of duties must still stop them.
    allRoundA: { unitId: unitA.id, roles: ['drafter', 'secrecy_reviewer', 'disclosure_officer', 'leader'], leadsUnitIds: [unitA.id] },
  };
  const tokens: Record<string, string> = { admin: t.adminToken };
  const ids: Record<string, string> = {};
  const suffix = randomBytes(3).toString('hex');
  await Promise.all(
    Object.entries(people).map(async ([key, p]) => {
      const username = `${key.toLowerCase()}.${suffix}`;
      const res = await t.http.post('/api/v1/users').set(auth).send({ username, password: PASSWORD, displayName: key, unitId: p.unitId, roles: p.roles, leadsUnitIds: p.leadsUnitIds ?? [] });
      if (res.status !== 201) throw new Error(`user ${key}: ${res.status} ${JSON.stringify(res.body)}`);
      ids[key] = res.body.id;
      const login = await t.http.post('/api/v1/auth/login').send({ username, password: PASSWORD });
      tokens[key] = login.body.accessToken;
    }),
  );
  return { unitA, unitB, office, tokens, ids };
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export function form(overrides: Record<string, unknown> = {}) {
  return {
    title: '关于印发《政府信息公开工作规则》的通知',
    docType: 'normative_document',
    body: '各单位：现将《政府信息公开工作规则》印发给你们。Budget transparency rules apply.',
    summary: '规范政府信息公开工作。',
    category: 'rules_and_normative_documents',
    publicAttribute: 'proactive',
    ...overrides,
  };
}

/** Creates a document as `drafter` and takes it through `steps` ([who, body]); returns the last answer. */
export async function walk(t: TestApp, d: District, drafter: string, steps: [string, Record<string, unknown>][], formOverrides: Record<string, unknown> = {}) {
  const created = await t.http.post('/api/v1/documents').set(bearer(d.tokens[drafter])).send(form(formOverrides));
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  let doc = created.body;
  for (const [who, body] of steps) {
    const res = await t.http
      .post(`/api/v1/documents/${doc.id}/transitions`)
      .set(bearer(d.tokens[who]))
      .set('If-Match', `"${doc.version}"`)
      .send(body);
    if (res.status !== 200) throw new Error(`${who} ${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
    doc = res.body;
  }
  return doc as { id: string; version: number; state: string; indexNo: string | null; [k: string]: unknown };
}

export const FULL_CHAIN: [string, Record<string, unknown>][] = [
  ['drafterA', { action: 'submit' }],
  ['reviewerA', { action: 'approve' }],
  ['officer', { action: 'approve' }],
  ['leaderA', { action: 'approve' }],
];

/** A China-time instant as the API takes it: `cn('2025-03-03')` → 2025-03-03T10:00:00+08:00. */
export const cn = (date: string, time = '10:00') => `${date}T${time}:00+08:00`;

/** The last instant of a China calendar date (a due date's end). */
export const endOf = (date: string) => `${date}T23:59:59.999+08:00`;

/** Supertest parser that collects a binary body (a download: DOCX, XLSX, a file) as a Buffer: `.buffer(true).parse(binary)`. */
export const binary = (res: unknown, cb: (err: Error | null, body: unknown) => void) => {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
};

/**
 * A GET to the app's own listening server (after `t.app.listen`), the body as sent: not
 * decompressed (supertest decompresses on its own).
 */
export function rawGet(t: TestApp, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
    const { port } = (t.app.getHttpServer() as Server).address() as { port: number };
    httpGet({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}
