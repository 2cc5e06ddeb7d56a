/**
 * Transactions belong to use cases. `@Transactional()` on a use case's `execute` runs it in one
 * database transaction, or joins the one already open in the same async context (the
 * Idempotency-Key interceptor opens one around the handler, so the stored answer commits with the
 * effect). Repositories read `TransactionHost.manager`: the open transaction's EntityManager inside
 * one, the pool's outside. Nothing else passes a manager around.
 *
 * Hand-rolled on `node:async_hooks` rather than taken from `@nestjs-cls/transactional`: that
 * package and `nestjs-cls` are CommonJS files that `require()` Nest 12's ESM-only packages, which
 * Node 20 allows but Jest on Node 20 refuses ("Must use import to load ES Module"), so the test
 * suite could not load the service. The shape is the same (a host with the current manager,
 * `@Transactional()`, "required" propagation), so moving to it later is a change of imports.
 *
 * One host per DataSource (one per application instance), each with its own async-local store:
 * two instances of the service in one process (as the tests run them) never share a transaction.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { EventEmitter } from 'node:events';
import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError, type DataSource, type EntityManager } from 'typeorm';

@Injectable()
export class TransactionHost {
  private readonly store = new AsyncLocalStorage<EntityManager>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The manager to query with: the open transaction's, or the pool's when none is open. */
  get manager(): EntityManager {
    return this.store.getStore() ?? this.db.manager;
  }

  get inTransaction(): boolean {
    return this.store.getStore() !== undefined;
  }

  /**
   * Runs `work` inside a transaction that the caller drives itself through a QueryRunner (the
   * catalogue import, with a savepoint per row): repositories then read `m`.
   */
  within<T>(m: EntityManager, work: () => Promise<T>): Promise<T> {
    return this.store.run(m, work);
  }

  /** Runs `work` in a transaction: the one already open in this context, or a new one (transaction()). */
  run<T>(work: () => Promise<T>): Promise<T> {
    if (this.store.getStore()) return work();
    return transaction(this.db, (m) => this.store.run(m, work));
  }
}

/**
 * `db.transaction(work)`, failing with the connection's own error when the connection dies inside
 * the transaction. When it dies between two statements (the database killed or restarted, the
 * session terminated), `pg` reports it as the client's `error` event and TypeORM releases the
 * transaction's query runner at once; the next statement or the COMMIT then fails with TypeORM's
 * "Query runner already released" or "Database connection provided by a query runner was already
 * released", which say nothing about the database and would be answered 500. The connection's
 * error is kept and thrown instead: a database that cannot be reached (isDatabaseUnavailable),
 * answered 503 with Retry-After. A runner released without a lost connection stays the
 * programming error it is.
 */
export function transaction<T>(db: DataSource, work: (m: EntityManager) => Promise<T>): Promise<T> {
  let connection: EventEmitter | undefined;
  let lost: unknown;
  const onError = (e: unknown) => (lost ??= e);
  return db
    .transaction(async (m) => {
      // Connected already: the transaction has begun on it.
      connection = (await m.queryRunner?.connect()) as EventEmitter | undefined;
      connection?.on('error', onError);
      return work(m);
    })
    .catch((e: unknown) => {
      throw lost !== undefined && (e instanceof QueryRunnerAlreadyReleasedError || e instanceof QueryRunnerProviderAlreadyReleasedError) ? lost : e;
    })
    .finally(() => connection?.removeListener('error', onError));
}

const hostKeys = new WeakMap<object, string | symbol>();

/** The TransactionHost the instance was given (its constructor injects one). */
function hostOf(instance: object): TransactionHost {
  const proto = Object.getPrototypeOf(instance) as object;
  let key = hostKeys.get(proto);
  if (key === undefined || !((instance as Record<string | symbol, unknown>)[key] instanceof TransactionHost)) {
    key = Reflect.ownKeys(instance).find((k) => (instance as Record<string | symbol, unknown>)[k] instanceof TransactionHost);
    if (key === undefined) throw new Error(`${proto.constructor.name} uses @Transactional() but has no TransactionHost injected`);
    hostKeys.set(proto, key);
  }
  return (instance as Record<string | symbol, TransactionHost>)[key];
}

/** The method runs in one transaction (joining an open one). Its class injects a TransactionHost. */
export function Transactional(): MethodDecorator {
  return (_target, _key, descriptor: PropertyDescriptor) => {
    const original = descriptor.value as (...args: unknown[]) => Promise<unknown>;
    descriptor.value = function transactional(this: object, ...args: unknown[]) {
      return hostOf(this).run(() => original.apply(this, args));
    };
    Object.defineProperty(descriptor.value, 'name', { value: original.name });
    return descriptor;
  };
}
