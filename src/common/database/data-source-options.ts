import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../../../migrations/index.js';
import { AfterCommitSubscriber } from './after-commit.js';
import { ListeningClient, PreparingClient } from './preparing-client.js';

/**
 * TypeORM options for the service, the migration CLI and tests. Never synchronize.
 * `prepared`: a transaction's statements go as named prepared statements (preparing-client.ts).
 */
export function dataSourceOptions(url: string, poolSize = 20, prepared = true): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [],
    subscribers: [AfterCommitSubscriber],
    migrations,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    // Not TypeORM's console logger: it prints every failed query with its parameters (names, id
    // and phone numbers, password hashes) to stdout, around the redaction of the service's log.
    // A failed query reaches the exception filter, which logs a 500 through pino, redacted.
    logging: false,
    extra: { max: poolSize, connectionTimeoutMillis: 5000, application_name: 'gongkai', Client: prepared ? PreparingClient : ListeningClient },
  };
}
