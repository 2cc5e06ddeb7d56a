/**
 * Notifications and their mails across kill -9 of the real process (`node dist/src/main.js`)
 * against a PostgreSQL of this test's own and a real SMTP server in the test process.
 *
 * Rounds of concurrent workflow steps, each creating notifications (and their mails) in its
 * transaction; the SMTP server holds each answer 150 ms, so mails are in flight. In the middle of
 * every round the SMTP server stops answering, and a moment later the service is killed with
 * SIGKILL: requests are cut while they commit, committed mails wait in the outbox and the queue,
 * and mails sit at the SMTP server unanswered (their connections die, so the server does not take
 * them). Then the service restarts.
 *
 * Afterwards: a step is committed exactly when its notifications are (same transaction: every
 * history row of a notifying step has its notifications, every notification its history row);
 * every acknowledged step is durable; every mail is sent; the SMTP server received exactly one
 * mail per notification with mail (by Message-ID), none missing, none twice.
 *
 * The kill waits until every mail the server accepted is recorded as sent: the one instant no
 * SMTP client can make safe — the server has accepted, the service has not yet recorded it — is
 * left out on purpose (docs/notifications.md, "Never lost, never twice").
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { ensureBuilt } from './support/build.js';
import { call, pool, sleep, until, type Answer } from './support/http.js';
import { OwnPostgres, freePort } from './support/own-postgres.js';
import { ServiceProcess } from './support/service-process.js';
import { TestSmtpServer } from '../support/smtp.js';

const ADMIN_PASSWORD = 'notify-crash-admin-1';
const PASSWORD = 'notify-crash-user-1';
const DOCS = 36;
const ROUNDS = 4;

interface Doc {
  id: string;
  version: number;
  state: string;
}

const NEXT: Record<string, { who: string[]; action: string }> = {
  draft: { who: ['drafter'], action: 'submit' },
  secrecy_review: { who: ['reviewer', 'reviewer2'], action: 'approve' },
  attribute_review: { who: ['officer', 'officer2'], action: 'approve' },
  leader_review: { who: ['leader'], action: 'approve' },
};

describe('notifications and mails across kill -9', () => {
  const pgServer = new OwnPostgres();
  const smtp = new TestSmtpServer();
  let svc: ServiceProcess;
  let testPool: pg.Pool | null = null;
  let sql: <T>(text: string, params?: unknown[]) => Promise<T[]>;
  const tokens: Record<string, string> = {};

  const api = async (method: string, path: string, who: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<Answer | null> => {
    try {
      return await call(svc.base, method, path, { token: who ? tokens[who] : undefined, body, headers, timeoutMs: 20_000 });
    } catch {
      return null;
    }
  };
  const must = async (method: string, path: string, who: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> => {
    const a = await api(method, path, who, body, headers);
    if (!a || a.status >= 300) throw new Error(`${method} ${path} as ${who}: ${a ? `${a.status} ${a.text.slice(0, 300)}` : 'no answer'}`);
    return a;
  };
  const login = async (username: string, password: string) => (await must('POST', '/api/v1/auth/login', null, { username, password })).body.accessToken as string;

  beforeAll(async () => {
    const build = await ensureBuilt();
    if (build.built) console.log(`built dist/ in ${build.ms} ms`);
    await pgServer.init();
    await pgServer.start();
    await pgServer.query('postgres', 'CREATE DATABASE gongkai');
    const dbUrl = pgServer.url('gongkai');
    testPool = new pg.Pool({ connectionString: dbUrl, max: 2 });
    sql = async <T>(text: string, params: unknown[] = []) => (await testPool!.query(text, params)).rows as T[];
    await smtp.start();
    smtp.holdMs = 150;
    svc = new ServiceProcess(await freePort(), {
      DATABASE_URL: dbUrl,
      ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'false',
      PUBLIC_URL: 'http://gongkai.test',
      SMTP_URL: smtp.url(),
      MAIL_FROM: 'noreply@gongkai.test',
      MAIL_RETRY_DELAY_SECONDS: '1',
      MAIL_RETRY_LIMIT: '25',
      WEBHOOK_RETRY_DELAY_SECONDS: '1',
    });
    await svc.start();
  }, 360_000);

  afterAll(async () => {
    await svc?.stop().catch(() => undefined);
    await testPool?.end().catch(() => undefined);
    await smtp.stop();
    await pgServer.destroy();
  }, 60_000);

  it('loses no notification and no mail, and sends none twice, through kill -9 between commit and mail', async () => {
    const started = Date.now();
    tokens.admin = await login('admin', ADMIN_PASSWORD);
    const suffix = randomBytes(2).toString('hex').toUpperCase();
    const unit = (await must('POST', '/api/v1/units', 'admin', { code: `NA${suffix}`, name: '发展和改革委员会' })).body;
    const office = (await must('POST', '/api/v1/units', 'admin', { code: `NO${suffix}`, name: '政府办公室' })).body;
    const people: Record<string, { unitId: string; roles: string[]; leadsUnitIds?: string[] }> = {
      drafter: { unitId: unit.id, roles: ['drafter'] },
      reviewer: { unitId: unit.id, roles: ['secrecy_reviewer'] },
      reviewer2: { unitId: unit.id, roles: ['secrecy_reviewer'] },
      officer: { unitId: office.id, roles: ['disclosure_officer'] },
      officer2: { unitId: office.id, roles: ['disclosure_officer'] },
      leader: { unitId: office.id, roles: ['leader'], leadsUnitIds: [unit.id] },
    };
    for (const [key, p] of Object.entries(people)) {
      await must('POST', '/api/v1/users', 'admin', { username: key, password: PASSWORD, displayName: key, unitId: p.unitId, roles: p.roles, leadsUnitIds: p.leadsUnitIds ?? [], email: `${key}@example.gov.cn` });
      tokens[key] = await login(key, PASSWORD);
    }
    const docs: Doc[] = [];
    await pool(6, Array.from({ length: DOCS }, (_, i) => i), async (i) => {
      const created = await must('POST', '/api/v1/documents', 'drafter', {
        title: `通知崩溃测试文件 ${i}`,
        docType: 'notice',
        body: `第${i}号通知：现将有关事项通知如下。`,
        category: 'rules_and_normative_documents',
        publicAttribute: 'proactive',
      });
      docs.push({ id: created.body.id, version: created.body.version, state: created.body.state });
    });

    const stats = { requests: 0, answered: 0, cut: 0, acked: 0, kills: 0, mailsHeldAtKill: 0 };
    const acked = new Map<string, number>(); // document → the version an acknowledged step produced
    for (let round = 0; round < ROUNDS; round++) {
      const rows = await sql<{ id: string; state: string; version: number }>(`SELECT id, state, version FROM documents WHERE id = ANY($1::uuid[])`, [docs.map((x) => x.id)]);
      for (const r of rows) Object.assign(docs.find((x) => x.id === r.id)!, { state: r.state, version: r.version });
      const batch = docs.filter((x) => NEXT[x.state]);
      let answered = 0;
      let killed = false;
      const kill = (async () => {
        // Once about 40 % of the burst is answered: the SMTP server stops answering, and as soon as
        // every mail it accepted is recorded as sent (none waits between "250" and its record), the
        // service dies.
        await until('40 % of the burst answered', () => answered >= Math.ceil(batch.length * 0.4), 60_000, 5);
        smtp.pause();
        const accepted = smtp.mails.map((m) => /^<notification\.([0-9a-f-]{36})@/.exec(m.messageId)?.[1]).filter((x): x is string => !!x);
        await until(
          'every accepted mail recorded',
          async () => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM notification_mails WHERE notification_id = ANY ($1::uuid[]) AND state <> 'sent'`, [accepted]))[0].n === 0,
          15_000,
          10,
        );
        stats.mailsHeldAtKill += smtp.holding;
        await svc.kill9();
        killed = true;
        stats.kills++;
      })();
      await pool(8, batch, async (doc) => {
        const next = NEXT[doc.state];
        const who = next.who[Math.floor(Math.random() * next.who.length)];
        stats.requests++;
        const a = await api('POST', `/api/v1/documents/${doc.id}/transitions`, who, { action: next.action }, { 'if-match': `"${doc.version}"` });
        if (!a) stats.cut++;
        else {
          stats.answered++;
          if (a.status === 200) {
            stats.acked++;
            acked.set(doc.id, a.body.version);
          } else if (!killed) throw new Error(`round ${round}: ${a.status} ${a.text.slice(0, 300)}`);
        }
        answered++;
      });
      await kill;
      await smtp.resume();
      await svc.start();
      // Every acknowledged step survived the kill.
      const now = await sql<{ id: string; version: number }>(`SELECT id, version FROM documents WHERE id = ANY($1::uuid[])`, [[...acked.keys()]]);
      expect(now.filter((r) => r.version < acked.get(r.id)!)).toEqual([]);
    }
    // Finish the chain without kills, so every kind of step has happened many times.
    for (let k = 0; k < 4; k++) {
      const rows = await sql<{ id: string; state: string; version: number }>(`SELECT id, state, version FROM documents WHERE id = ANY($1::uuid[])`, [docs.map((x) => x.id)]);
      await pool(8, rows.filter((r) => NEXT[r.state]), async (r) => {
        const next = NEXT[r.state];
        await must('POST', `/api/v1/documents/${r.id}/transitions`, next.who[0], { action: next.action }, { 'if-match': `"${r.version}"` });
      });
    }
    const checksFrom = Date.now();

    // Every mail goes out (a job cut by a kill expires after 30 s and runs again).
    const mailWait = await until(
      'every notification mail sent',
      async () => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM notification_mails WHERE state <> 'sent'`))[0].n === 0,
      180_000,
      500,
    );
    await sleep(2000);

    // A step and its notifications commit together: history rows of notifying steps ⇔ notifications (same now()).
    const steps = await sql<{ document_id: string; at: Date; to_state: string }>(
      `SELECT document_id, at, to_state FROM document_history WHERE document_id = ANY($1::uuid[]) AND action IN ('submit','approve')`,
      [docs.map((x) => x.id)],
    );
    const notes = await sql<{ subject_id: string; created_at: Date; user_id: string; kind: string; id: string }>(`SELECT id, subject_id, created_at, user_id, kind FROM notifications`);
    const key = (doc: string, at: Date) => `${doc}@${new Date(at).toISOString()}`;
    const stepKeys = new Set(steps.map((s) => key(s.document_id, s.at)));
    const perStep = new Map<string, number>();
    for (const n of notes) perStep.set(key(n.subject_id, n.created_at), (perStep.get(key(n.subject_id, n.created_at)) ?? 0) + 1);
    const expected: Record<string, number> = { secrecy_review: 2, attribute_review: 2, leader_review: 1, published: 1 };
    expect(steps.filter((s) => perStep.get(key(s.document_id, s.at)) !== expected[s.to_state]).map((s) => `${s.document_id} → ${s.to_state}: ${perStep.get(key(s.document_id, s.at)) ?? 0}`)).toEqual([]);
    expect(notes.filter((n) => !stepKeys.has(key(n.subject_id, n.created_at))).map((n) => n.id)).toEqual([]);
    expect(docs.length).toBe(DOCS);
    expect((await sql<{ n: number }>(`SELECT count(*)::int AS n FROM documents WHERE state = 'published'`))[0].n).toBe(DOCS);

    // One mail per notification: all sent, each received exactly once under its own Message-ID.
    const mails = await sql<{ notification_id: string; state: string }>(`SELECT notification_id, state FROM notification_mails`);
    expect(mails).toHaveLength(notes.length);
    const received = new Map<string, number>();
    for (const m of smtp.mails) received.set(m.messageId, (received.get(m.messageId) ?? 0) + 1);
    const wanted = new Set(notes.map((n) => `<notification.${n.id}@gongkai.test>`));
    const missing = [...wanted].filter((id) => !received.has(id));
    const twice = [...received].filter(([, n]) => n > 1).map(([id]) => id);
    const stray = [...received.keys()].filter((id) => !wanted.has(id));
    // None lost, none twice, none stray. (Second copies seen in an earlier version of this test were
    // the test server's own race: it answered mails held at the kill before it had seen their
    // connections close — as many copies as mails held, none cut. TestSmtpServer.resume now waits.)
    expect({ missing, twice, stray }).toEqual({ missing: [], twice: [], stray: [] });

    console.log(
      `notification crash test: ${stats.kills} kills of the service; ${stats.requests} steps under kill (${stats.answered} answered, ${stats.cut} cut, ${stats.acked} acknowledged, all durable); ` +
        `${notes.length} notifications, each with its step; ${smtp.mails.length} mails received for ${mails.length} notifications (none missing, none twice); ` +
        `${stats.mailsHeldAtKill} mails were at the SMTP server unanswered when the service died (${smtp.cut} cut there, not taken) and went out after the restart; ` +
        `every mail sent ${(mailWait / 1000).toFixed(1)} s after the checks began; test ${((Date.now() - started) / 1000).toFixed(0)} s (checks from ${((checksFrom - started) / 1000).toFixed(0)} s)`,
    );
    expect(svc.unexpectedExits).toEqual([]);
  }, 600_000);
});
