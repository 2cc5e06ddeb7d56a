/**
 * "Do this once the transaction has committed": a use case marks topics on its transaction with
 * `afterCommit(m, 'catalogue')`; when TypeORM commits that transaction, `commitEvents` emits each
 * topic. In-process caches listen here, so the instance that published never serves the old list.
 */
import { EventEmitter } from 'node:events';
import { EventSubscriber, type EntityManager, type EntitySubscriberInterface, type TransactionCommitEvent } from 'typeorm';

export const commitEvents = new EventEmitter();
commitEvents.setMaxListeners(100);

const KEY = 'gongkai:afterCommit';

export function afterCommit(m: EntityManager, topic: string): void {
  const runner = m.queryRunner;
  if (!runner) {
    // Not inside a transaction: the statement has already committed.
    commitEvents.emit(topic);
    return;
  }
  const topics = (runner.data[KEY] ??= new Set<string>()) as Set<string>;
  topics.add(topic);
}

@EventSubscriber()
export class AfterCommitSubscriber implements EntitySubscriberInterface {
  afterTransactionCommit(event: TransactionCommitEvent): void {
    const topics = event.queryRunner.data?.[KEY] as Set<string> | undefined;
    if (!topics) return;
    delete event.queryRunner.data[KEY];
    for (const t of topics) commitEvents.emit(t);
  }
}
