import { Global, Module } from '@nestjs/common';
import { ReadPool } from './read-pool.js';
import { TransactionHost } from './transaction-host.js';

/** The transaction host, which every module's repositories read their manager from, and the pool for prepared reads. */
@Global()
@Module({ providers: [TransactionHost, ReadPool], exports: [TransactionHost, ReadPool] })
export class DatabaseModule {}
