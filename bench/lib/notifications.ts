/**
 * Notifications under the approval load, and their mails through a local SMTP server.
 *
 * - notifications/s: the leader's approvals (the workflow load) against a service with mail on
 *   (`SMTP_URL` → an smtp-server in this process, every user with an address): each approval writes the drafter's `published` notification, its outbox row and its
 *   mail job in the approval's transaction. Counted in the database over the round.
 *   The service runs with its queue workers off, so the mails wait in the queue.
 * - mails/s: then a service with the mail worker on drains that backlog; the rate is the mails
 *   over the time from the first mail accepted to the last (its start-up left out). The ceiling is
 *   nodemailer alone sending as many mails of the same size to the same server with the same pool
 *   (5 connections), without the database and the queue.
 */
import nodemailer from 'nodemailer';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import type { ServiceProcess } from './service.js';
import { runHttpWorkflow, type DocQueue, type ThroughputResult } from './workflow.js';

export interface NotificationsResult {
  approvals: ThroughputResult;
  /** Documents the phase published (warm-up included), for the invariant checks. */
  published: string[];
  notifications: number;
  notificationsPerSecond: number;
  notificationsPerApproval: number;
  mails: number;
  mailsPerSecond: number;
  drainSeconds: number;
  ceilingMailsPerSecond: number;
  averageMailBytes: number;
}

/** A local SMTP server that accepts everything and counts. */
class LocalSmtp {
  accepted = 0;
  bytes = 0;
  lastAt = 0;
  private server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, _session, cb) => {
      let n = 0;
      stream.on('data', (c: Buffer) => (n += c.length));
      stream.on('end', () => {
        const answer = () => {
          this.accepted++;
          this.bytes += n;
          this.lastAt = performance.now();
          cb(null);
        };
        answer();
      });
    },
  });
  port = 0;

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.server.address() as AddressInfo).port;
  }
  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

const count = async (c: pg.Client, sql: string) => Number((await c.query<{ n: string }>(sql)).rows[0].n);

export async function measureNotifications(o: {
  databaseUrl: string;
  queue: DocQueue;
  tokens: Map<string, string>;
  clients: number;
  seconds: number;
  startService: (env: Record<string, string>) => Promise<ServiceProcess>;
  log: (m: string) => void;
}): Promise<NotificationsResult> {
  const smtp = new LocalSmtp();
  await smtp.start();
  const c = new pg.Client({ connectionString: o.databaseUrl, application_name: 'gongkai-bench-notifications' });
  await c.connect();
  let svc: ServiceProcess | null = null;
  const mailEnv = { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'noreply@gongkai.bench', MAIL_RETRY_DELAY_SECONDS: '1' };
  try {
    await c.query(`UPDATE users SET email = username || '@bench.test' WHERE email IS NULL`);
    // The approvals with mail on; the queue's workers off, so the mails wait in the queue.
    svc = await o.startService({ ...mailEnv, DELIVERY_WORKER: 'false' });
    o.log(`notifications: service with mail on, workers off (pid ${svc.pid}); SMTP server on port ${smtp.port}`);
    const warm = await runHttpWorkflow([svc.port], o.queue, o.tokens, o.clients, 2, 'warm-up (mail on)');
    const before = await count(c, `SELECT count(*) AS n FROM notifications`);
    const approvals = await runHttpWorkflow([svc.port], o.queue, o.tokens, o.clients, o.seconds, 'approvals, mail on', o.databaseUrl, [svc.pid]);
    const notifications = (await count(c, `SELECT count(*) AS n FROM notifications`)) - before;
    await svc.stop();
    svc = null;
    const mails = await count(c, `SELECT count(*) AS n FROM notification_mails WHERE state = 'pending'`);
    o.log(`notifications: ${approvals.perSecond} approvals/s, ${notifications} notifications in ${approvals.seconds} s; ${mails} mails waiting in the queue`);

    // The mail worker alone drains the backlog: from its first mail accepted to its last.
    const accepted0 = smtp.accepted;
    let first = 0;
    const watch = setInterval(() => {
      if (!first && smtp.accepted > accepted0) first = performance.now();
    }, 5);
    svc = await o.startService({ ...mailEnv, DELIVERY_WORKER: 'true' });
    await waitDrained(c, 300_000);
    clearInterval(watch);
    const sent = smtp.accepted - accepted0;
    const drainSeconds = (smtp.lastAt - first) / 1000;
    const averageMailBytes = Math.round(smtp.bytes / Math.max(1, smtp.accepted));
    const ceiling = await mailCeiling(smtp, sent, averageMailBytes);
    o.log(`notifications: ${sent} mails drained in ${drainSeconds.toFixed(2)} s (${(sent / drainSeconds).toFixed(1)}/s); nodemailer alone: ${ceiling.toFixed(1)}/s`);
    return {
      approvals,
      published: [...warm.published, ...approvals.published],
      notifications,
      notificationsPerSecond: Number((notifications / approvals.seconds).toFixed(1)),
      notificationsPerApproval: Number((notifications / Math.max(1, approvals.ok)).toFixed(2)),
      mails: sent,
      mailsPerSecond: Number((sent / drainSeconds).toFixed(1)),
      drainSeconds: Number(drainSeconds.toFixed(2)),
      ceilingMailsPerSecond: Number(ceiling.toFixed(1)),
      averageMailBytes,
    };
  } finally {
    await svc?.stop();
    await c.end();
    await smtp.stop();
  }
}

async function waitDrained(c: pg.Client, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while ((await count(c, `SELECT count(*) AS n FROM notification_mails WHERE state = 'pending'`)) > 0) {
    if (Date.now() > deadline) throw new Error('the notification mails did not drain in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** nodemailer alone: `n` mails of about `bytes` bytes to the same server, with the service's pool settings. */
async function mailCeiling(smtp: LocalSmtp, n: number, bytes: number): Promise<number> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true, pool: true, maxConnections: 5, maxMessages: 500 });
  const text = '通知'.repeat(Math.max(1, Math.floor(bytes / 12)));
  const t0 = performance.now();
  let next = 0;
  // As the worker runs them: up to 20 at a time (its batch).
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < n) {
        const i = next++;
        await transport.sendMail({ from: 'noreply@gongkai.bench', to: `user${i}@bench.test`, subject: '【已公开】已主动公开：《基准测试文件》', text, textEncoding: 'base64' });
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  transport.close();
  return n / seconds;
}
