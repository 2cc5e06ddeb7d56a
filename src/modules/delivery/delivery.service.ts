import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../../../config/configuration.js';
import type { Statement } from '../../common/database/statements.js';
import { notFound } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage, type Page } from '../../common/pagination/pagination.js';
import { APP_CONFIG } from '../../common/tokens.js';
import { ACTIVE_SUBSCRIBERS_JSON, DeliveryRepository, type ActiveSubscriber, type DeliveryRow, type SubscriberRow } from './delivery.repository.js';
import { exchangeEntry, exchangeEventType, exchangePackage, exchangeReport, type ExchangeReportInput } from './exchange-package.js';
import { ExchangeRepository, type ReportDeliveryRow } from './exchange.repository.js';
import { HoldDeliveryUseCase } from './hold-delivery.use-case.js';
import { JobQueue, WEBHOOK_QUEUE } from './job-queue.service.js';
import { RecordDeliveryAttemptUseCase } from './record-delivery-attempt.use-case.js';
import { sign } from './signature.js';

export interface CatalogueEvent {
  changeId: string;
  type: 'published' | 'revoked';
  indexNo: string;
  documentId: string | null;
  title: string | null;
  at: string;
  /** A published interpretation: the entry of the document it interprets. */
  interpretsIndexNo?: string | null;
}

const TIMEOUT_MS = 10_000;
const BATCH = 10;
/** How much of a receiver's answer is read (for its {"url": …}); the rest is not. */
const ANSWER_LIMIT = 64 * 1024;

/** The receiver's own URL of what it published: `url` of a JSON object answered with a 2xx, if it is an http(s) URL. */
export function remoteUrlOf(answer: string | null): string | null {
  if (!answer) return null;
  try {
    const v = JSON.parse(answer) as unknown;
    const url = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as { url?: unknown }).url : undefined;
    if (typeof url !== 'string' || url.length > 2000 || !/^https?:\/\//i.test(url)) return null;
    return URL.canParse(url) ? url : null;
  } catch {
    return null;
  }
}

/** Up to ANSWER_LIMIT bytes of an answer's body as text; null when there is none or it is longer. */
async function readAnswer(res: Response): Promise<string | null> {
  if (!res.body) return null;
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > ANSWER_LIMIT) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Push delivery of catalogue changes to portals as Standard Webhooks, at least once: one
 * delivery per (subscriber, change), created with its job in the publishing transaction, retried
 * with exponential backoff by the queue, every attempt logged; an admin can read and replay.
 */
@Injectable()
export class DeliveryService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Delivery');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: DeliveryRepository,
    private readonly exchange: ExchangeRepository,
    private readonly queue: JobQueue,
    private readonly hold: HoldDeliveryUseCase,
    private readonly record: RecordDeliveryAttemptUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.deliveryWorker) return;
    await this.queue.ready;
    // Up to BATCH deliveries at once: pg-boss waits for the polling interval after every fetch, so
    // one job per fetch would cap delivery at two a second per instance. Each job of the batch
    // succeeds or fails on its own: a failed attempt fails its own job (retried with backoff),
    // and pg-boss then completes the others.
    await this.queue.boss.work<{ deliveryId: string }>(WEBHOOK_QUEUE, { batchSize: BATCH, pollingIntervalSeconds: 0.5, includeMetadata: true }, async (jobs) => {
      await Promise.all(
        jobs.map(async (job) => {
          try {
            await this.attempt(job.data.deliveryId, job.retryCount ?? 0);
          } catch (e) {
            await this.queue.boss.fail(WEBHOOK_QUEUE, job.id, { message: e instanceof Error ? e.message : String(e) }).catch(() => undefined);
          }
        }),
      );
    });
  }

  /** The active subscribers, for `enqueue`: read before a unit's index counter is taken (CatalogueService.publishStandalone). */
  receivers(): Promise<ActiveSubscriber[]> {
    return this.repo.activeSubscribers();
  }

  /**
   * The active subscribers as one scalar SQL expression, for a statement of another module that
   * reads them beside its own write (CatalogueRepository.publishFromDocument); `receiversFrom`
   * reads its value. The same rows, in the same order, as `receivers()`.
   */
  receiversSql(): string {
    return ACTIVE_SUBSCRIBERS_JSON;
  }

  receiversFrom(value: unknown): ActiveSubscriber[] {
    return value as ActiveSubscriber[];
  }

  /**
   * Called in the publishing (or revoking) transaction: one delivery per active subscriber, its
   * body the Standard Webhooks event or, for an exchange subscriber, the exchange package.
   * `subscribers`: `receivers()` read earlier in the same transaction (default: read now).
   */
  async enqueue(e: CatalogueEvent, receivers?: ActiveSubscriber[]): Promise<void> {
    const subscribers = receivers ?? (await this.repo.activeSubscribers());
    let entry: ReturnType<typeof exchangeEntry> | undefined;
    const deliveries: Statement[] = [];
    const ids: string[] = [];
    for (const s of subscribers) {
      const id = randomUUID();
      let payload: { type: string } | ReturnType<typeof exchangePackage>;
      let eventType: string;
      if (s.format === 'exchange') {
        entry ??= await this.exchangeEntry(e.indexNo);
        payload = exchangePackage({ packageId: id, event: e.type === 'published' ? 'publication' : 'revocation', createdAt: e.at, sender: senderOf(s), entry });
        eventType = exchangeEventType(payload.event);
      } else {
        payload = this.standardEvent(e);
        eventType = payload.type;
      }
      deliveries.push(this.repo.insertDeliveryStatement({ id, subscriberId: s.id, changeId: e.changeId, eventType, payload }));
      ids.push(id);
    }
    // Every delivery and its job in one statement.
    await this.queue.queueDeliveries(ids, deliveries);
  }

  private standardEvent(e: CatalogueEvent) {
    return {
      type: `catalogue.${e.type}`,
      timestamp: e.at,
      data: {
        indexNo: e.indexNo,
        documentId: e.documentId,
        title: e.type === 'published' ? e.title : null,
        url: this.url(`/api/v1/catalogue/${e.indexNo}`),
        ...(e.type === 'published' && e.interpretsIndexNo ? { interprets: { indexNo: e.interpretsIndexNo, url: this.url(`/api/v1/catalogue/${e.interpretsIndexNo}`) } } : {}),
      },
    };
  }

  /** The entry's metadata from the catalogue itself: nothing that is not in the public catalogue goes out. */
  private async exchangeEntry(indexNo: string): Promise<ReturnType<typeof exchangeEntry>> {
    const row = await this.exchange.entry(indexNo);
    if (!row) throw new Error(`catalogue entry ${indexNo} not found for its exchange package`);
    return exchangeEntry(row, this.baseUrl());
  }

  /**
   * Called in the submitting transaction (submit-annual-report.use-case.ts): one delivery of the
   * report's package to each active exchange subscriber that has none yet, and the ones that
   * failed for good sent again. Returns the ids queued now.
   */
  async enqueueAnnualReport(r: ExchangeReportInput): Promise<string[]> {
    const report = exchangeReport(r, this.baseUrl());
    const queued: string[] = [];
    for (const s of await this.exchange.activeExchangeSubscribers()) {
      const id = randomUUID();
      const payload = exchangePackage({ packageId: id, event: 'annual_report', createdAt: new Date(), sender: senderOf(s), report });
      if (await this.exchange.insertReportDelivery({ id, subscriberId: s.id, reportIndexNo: r.indexNo, eventType: exchangeEventType('annual_report'), payload })) queued.push(id);
    }
    queued.push(...(await this.exchange.requeueFailed(r.indexNo)));
    await this.queue.queueDeliveries(queued);
    return queued;
  }

  /** One attempt; throws to let the queue retry. */
  async attempt(deliveryId: string, retryCount: number): Promise<void> {
    const d = await this.repo.delivery(deliveryId);
    if (!d || d.status === 'delivered') return;
    const sub = await this.repo.subscriber(d.subscriberId);
    if (!sub || !sub.active) {
      await this.record.execute({ deliveryId, statusCode: null, error: 'subscriber inactive', durationMs: 0, outcome: 'failed', remoteUrl: null });
      return;
    }
    // Not before the earlier deliveries of its document (and the document's interpretations) to this receiver.
    if (await this.hold.execute({ deliveryId })) return;
    const body = JSON.stringify(d.payload);
    const timestamp = Math.floor(Date.now() / 1000);
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    let remoteUrl: string | null = null;
    try {
      const res = await fetch(sub.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'gongkai-webhooks/1',
          'webhook-id': d.id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': sign(sub.secret, d.id, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      statusCode = res.status;
      const answer = await readAnswer(res).catch(() => null);
      if (res.status < 200 || res.status >= 300) error = `receiver answered ${res.status}`;
      else remoteUrl = remoteUrlOf(answer);
    } catch (e) {
      error = e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 500) : 'request failed';
    }
    const last = retryCount >= this.config.webhookRetryLimit;
    await this.record.execute({ deliveryId, statusCode, error, durationMs: Date.now() - started, outcome: error ? (last ? 'failed' : 'pending') : 'delivered', remoteUrl });
    if (error) throw new Error(error);
  }

  /** Every delivery of a submitted annual report (its catalogue entry's index number), oldest first. */
  reportDeliveries(reportIndexNo: string): Promise<ReportDeliveryRow[]> {
    return this.exchange.reportDeliveries(reportIndexNo);
  }

  listSubscribers(): Promise<SubscriberRow[]> {
    return this.repo.subscribers();
  }

  async deliveries(subscriberId: string, limit: number, cursor?: string): Promise<Page<DeliveryRow & { attemptLog: unknown[] }>> {
    if (!(await this.repo.subscriber(subscriberId))) throw notFound('subscriber');
    const after = decodeCursor(cursor, ['string']);
    const rows = await this.repo.deliveries(subscriberId, limit + 1, (after?.[0] as string) ?? null);
    const attempts = await this.repo.attempts(rows.slice(0, limit).map((r) => r.id));
    return toPage(
      rows,
      limit,
      ({ cursorTs: _c, ...r }) => ({ ...r, attemptLog: attempts.filter((a) => a.deliveryId === r.id).map(({ deliveryId: _d, ...a }) => a) }),
      (r) => [r.cursorTs],
    );
  }

  private url(path: string): string {
    return `${this.baseUrl()}${path}`;
  }

  private baseUrl(): string {
    return this.config.publicUrl ?? `http://localhost:${this.config.port}`;
  }
}

function senderOf(s: ActiveSubscriber): { code: string; name: string } {
  // The database refuses an exchange subscriber without a sender (subscribers_exchange_sender).
  if (!s.sender) throw new Error(`exchange subscriber ${s.id} has no sender`);
  return s.sender;
}
