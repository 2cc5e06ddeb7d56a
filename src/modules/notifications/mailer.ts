/**
 * Sends notification mails from the job queue, after commit, never inside a request: one job per
 * mail (written with the notification, notifier.ts), retried with exponential backoff by pg-boss
 * (MAIL_RETRY_DELAY_SECONDS, MAIL_RETRY_LIMIT); a job cut by a crash expires and runs again.
 *
 * One mail per notification: the worker claims the outbox row (two attempts never overlap, on
 * one instance or several), sends, and marks it sent at once; a job whose mail is already sent
 * does nothing. What no SMTP client can rule out is a crash in the instant between the server's
 * "250 accepted" and our record of it (RFC 1047): that mail goes out again with the same
 * Message-ID (mail-message.ts), which mailboxes recognise as the same message.
 *
 * nodemailer over SMTP_URL: smtp:// upgrades with STARTTLS when the server offers it
 * (`?requireTLS=true` refuses a server that does not), smtps:// is TLS from the first byte;
 * SMTP_CA_FILE adds a private CA to the trusted ones.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import nodemailer, { type Transporter } from 'nodemailer';
import type { AppConfig, MailConfig } from '../../../config/configuration.js';
import { APP_CONFIG } from '../../common/tokens.js';
import { JobQueue } from '../delivery/job-queue.service.js';
import { MailOutboxRepository } from './mail-outbox.repository.js';
import { mailMessage } from './mail-message.js';
import { MAIL_JOB_EXPIRY_SECONDS, MAIL_QUEUE } from './notifier.js';

/** A claim outlasts one attempt (the timeouts below) and the job's expiry. */
const CLAIM_SECONDS = MAIL_JOB_EXPIRY_SECONDS + 10;
const ATTEMPT_TIMEOUT_MS = 25_000;
/** Mails fetched and sent at once (over the transport's pool of 5 connections). */
const BATCH = 20;

@Injectable()
export class Mailer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Mailer');
  private transport: Transporter | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: JobQueue,
    private readonly outbox: MailOutboxRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const mail = this.config.mail;
    if (!mail) return;
    await this.queue.ready;
    await this.queue.boss.createQueue(MAIL_QUEUE, {
      name: MAIL_QUEUE,
      retryLimit: mail.retryLimit,
      retryDelay: mail.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: MAIL_JOB_EXPIRY_SECONDS,
    });
    if (!this.config.deliveryWorker) return;
    this.transport = createTransport(mail);
    // pg-boss waits out the polling interval after each fetch; after a full batch the worker is
    // woken at once instead, so a backlog drains at the pace of the mail server, not of the polling.
    let workerId = '';
    workerId = await this.queue.boss.work<{ notificationId: string }>(MAIL_QUEUE, { batchSize: BATCH, pollingIntervalSeconds: 0.5, includeMetadata: true }, async (jobs) => {
      if (jobs.length === BATCH) setImmediate(() => this.queue.boss.notifyWorker(workerId));
      await Promise.all(
        jobs.map(async (job) => {
          try {
            await this.attempt(job.data.notificationId, job.retryCount ?? 0);
          } catch (e) {
            await this.queue.boss.fail(MAIL_QUEUE, job.id, { message: e instanceof Error ? e.message : String(e) }).catch(() => undefined);
          }
        }),
      );
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.transport?.close();
  }

  /** One attempt at one mail; throws to let the queue retry. */
  async attempt(notificationId: string, retryCount: number): Promise<void> {
    const mail = this.config.mail!;
    const claim = await this.outbox.claim(notificationId, CLAIM_SECONDS);
    if (claim.status === 'done') return;
    if (claim.status === 'busy') throw new Error('another attempt of this mail is running');
    const m = claim.mail;
    if (!m.active || !m.email || !m.emailNotifications) {
      await this.outbox.markSkipped(notificationId, !m.active ? 'recipient inactive' : !m.email ? 'recipient has no e-mail address' : 'recipient turned e-mail off');
      return;
    }
    const message = mailMessage(m, this.config.publicUrl!);
    try {
      await withTimeout(
        this.transport!.sendMail({
          from: mail.from,
          to: m.email,
          subject: message.subject,
          text: message.text,
          messageId: message.messageId,
          textEncoding: 'base64',
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
        }),
        ATTEMPT_TIMEOUT_MS,
      );
    } catch (e) {
      const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      await this.outbox.markFailed(notificationId, error, retryCount >= mail.retryLimit);
      throw new Error(error);
    }
    await this.recordSent(notificationId);
  }

  /** Right after the server accepted: retried a few times, since a lost record means a second mail. */
  private async recordSent(notificationId: string): Promise<void> {
    for (let i = 0; ; i++) {
      try {
        return await this.outbox.markSent(notificationId);
      } catch (e) {
        if (i >= 4) throw e;
        this.logger.warn(`recording a sent mail failed (${(e as Error).message}); retrying`);
        await new Promise((r) => setTimeout(r, 500 * (i + 1)));
      }
    }
  }
}

function createTransport(mail: MailConfig): Transporter {
  return nodemailer.createTransport({
    url: mail.smtpUrl,
    pool: true,
    maxConnections: 5,
    maxMessages: 500,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 15_000,
    // `ca` replaces Node's trusted roots: keep them and add the private CA.
    ...(mail.caFile ? { tls: { ca: [...rootCertificates, readFileSync(mail.caFile, 'utf8')] } } : {}),
  } as Parameters<typeof nodemailer.createTransport>[0]);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer from the mail server within ${ms} ms`)), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}
