import { Global, Module } from '@nestjs/common';
import { ReadPool } from './read-pool.js';
import { ReplicaReads } from './replica-reads.js';
import { TransactionHost } from './transaction-host.js';

/** The transaction host, which every module's repositories read their manager from, the pool for prepared reads, and the public catalogue's reads on replicas. */
@Global()
@Module({ providers: [TransactionHost, ReadPool, ReplicaReads], exports: [TransactionHost, ReadPool, ReplicaReads] })
export class DatabaseModule {}
