/**
 * The PostgreSQL-backed job queue (pg-boss 10, the line that supports Node 20). Jobs are created
 * inside the publishing transaction through pg-boss's `db` option, so a publication and its
 * deliveries commit or roll back together (a transactional outbox whose table is pg-boss's own).
 * pg-boss fetches with SKIP LOCKED: with several instances, each job attempt runs on one of them.
 * pg-boss keeps its own schema (`pgboss`), created and migrated by the library at start.
 */
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import type { AppConfig } from '../../../config/configuration.js';
import { deferred } from '../../common/database/preparing-client.js';
import { withWrites, type Statement } from '../../common/database/statements.js';
import { TransactionHost } from '../../common/database/transaction-host.js';
import { APP_CONFIG, DATABASE_URL } from '../../common/tokens.js';

export const WEBHOOK_QUEUE = 'webhook-delivery';

@Injectable()
export class JobQueue implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('JobQueue');
  readonly boss: PgBoss;
  private started = false;
  private resolveReady!: () => void;
  /** Resolves once the queue exists (workers wait for it). */
  readonly ready = new Promise<void>((r) => (this.resolveReady = r));

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE_URL) databaseUrl: string,
    private readonly tx: TransactionHost,
  ) {
    // A job that was running in a process that died stays `active` until it expires and a
    // maintenance run (every maintenanceIntervalSeconds, 120 s by default) fails it into `retry`:
    // keep both short, so a delivery cut by a crash is re-sent within about a minute, not three.
    this.boss = new PgBoss({ connectionString: databaseUrl, schema: 'pgboss', max: 4, application_name: 'gongkai-jobs', maintenanceIntervalSeconds: 15 });
    this.boss.on('error', (e: Error) => this.logger.warn(`job queue: ${e.message}`));
  }

  async onModuleInit(): Promise<void> {
    await this.boss.start();
    await this.boss.createQueue(WEBHOOK_QUEUE, { name: WEBHOOK_QUEUE, ...this.webhookRetries() });
    this.started = true;
    this.resolveReady();
  }

  /**
   * One webhook job per delivery, inside the caller's transaction and in one statement with
   * `also` (the delivery rows the jobs name, statements.ts): a publication's deliveries and their
   * jobs are one round trip, whatever the number of subscribers.
   */
  async queueDeliveries(deliveryIds: readonly string[], also: readonly Statement[] = []): Promise<void> {
    if (deliveryIds.length === 0 && also.length > 0) throw new Error('queueDeliveries: delivery rows without their jobs');
    // The queue's own settings on each job too: also for a queue created by an earlier version with a longer expiry.
    await this.insertInTransaction(
      deliveryIds.map((deliveryId) => ({ name: WEBHOOK_QUEUE, data: { deliveryId }, ...this.webhookRetries() })),
      also,
    );
  }

  /**
   * Inserts several jobs in one statement inside the caller's transaction (a publication's
   * deliveries, the notification mails of one event), with `also` in front of it: they exist
   * exactly when the change that caused them has committed.
   */
  async insertInTransaction(jobs: PgBoss.JobInsert[], also: readonly Statement[] = []): Promise<void> {
    if (jobs.length === 0) return;
    const m = this.tx.manager;
    await this.boss.insert(jobs, {
      db: {
        executeSql: async (text: string, values: unknown[]) => {
          // Nothing reads its answer: written with the transaction's next statement or its COMMIT,
          // whose failure it then is (preparing-client.ts).
          const s = withWrites(also, { sql: text, params: values });
          return { rows: (await m.query(deferred(s.sql), s.params)) as unknown[] };
        },
      },
    });
  }

  private webhookRetries() {
    return {
      retryLimit: this.config.webhookRetryLimit,
      retryDelay: this.config.webhookRetryDelaySeconds,
      retryBackoff: true,
      // One attempt takes at most the 10 s request timeout plus two short queries.
      expireInSeconds: 30,
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.started) await this.boss.stop({ graceful: true, close: true, timeout: 5000, wait: true }).catch(() => undefined);
  }
}
