/**
 * Runs the audit chain's sequencer (chain-audit-log.use-case.ts) as a pg-boss job every second.
 * Each instance with the queue's workers on (DELIVERY_WORKER) offers a job every second, throttled
 * by pg-boss to one per second for the whole cluster (`sendThrottled`, one per second and key);
 * whichever worker fetches it links what has become final. The sequencer's advisory lock keeps
 * two runs from overlapping, and a run missed (no worker, a crash) only delays the chain: the
 * next one, or verify, links everything final.
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '../../../config/configuration.js';
import { APP_CONFIG } from '../../common/tokens.js';
import { JobQueue } from '../delivery/job-queue.service.js';
import { ChainAuditLogUseCase } from './chain-audit-log.use-case.js';

export const AUDIT_CHAIN_QUEUE = 'audit-chain';
const JOB = { retryLimit: 0, expireInSeconds: 60 };

@Injectable()
export class AuditChainWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AuditChain');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: JobQueue,
    private readonly chain: ChainAuditLogUseCase,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.ready;
    await this.queue.boss.createQueue(AUDIT_CHAIN_QUEUE, { name: AUDIT_CHAIN_QUEUE, ...JOB });
    if (!this.config.deliveryWorker) return;
    const offer = () => void this.queue.boss.sendThrottled(AUDIT_CHAIN_QUEUE, {}, JOB, 1, 'chain').catch(() => undefined);
    this.timer = setInterval(offer, 1000);
    this.timer.unref();
    offer();
    await this.queue.boss.work(AUDIT_CHAIN_QUEUE, { pollingIntervalSeconds: 0.5 }, async () => {
      const n = await this.chain.all();
      if (n > 0) this.logger.debug(`audit chain: ${n} rows linked`);
    });
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
