import type { DataSourceOptions } from 'typeorm';
import { migrations } from '../../../migrations/index.js';
import { AfterCommitSubscriber } from './after-commit.js';

/** TypeORM options for the service, the migration CLI and tests. Never synchronize. */
export function dataSourceOptions(url: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [],
    subscribers: [AfterCommitSubscriber],
    migrations,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    logging: ['error'],
    extra: { max: poolSize, connectionTimeoutMillis: 5000, application_name: 'gongkai' },
  };
}
