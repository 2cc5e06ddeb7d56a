import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import pg from 'pg';
import type { AppConfig } from '../../../config/configuration.js';
import { APP_CONFIG, DATABASE_URL } from '../tokens.js';

/**
 * A pg Pool of its own for the hot public reads that run as named prepared statements
 * (prepared-query.ts): TypeORM's query runner cannot send a named statement, and its driver's pool
 * is private. Connections open on first use and close when idle.
 */
@Injectable()
export class ReadPool implements OnApplicationShutdown {
  readonly pool: pg.Pool;

  constructor(@Inject(DATABASE_URL) url: string, @Inject(APP_CONFIG) config: AppConfig) {
    this.pool = new pg.Pool({ connectionString: url, max: config.dbPoolSize, idleTimeoutMillis: 10_000 });
    // An idle connection that the server closed (a restart): the next query opens a new one.
    this.pool.on('error', () => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
