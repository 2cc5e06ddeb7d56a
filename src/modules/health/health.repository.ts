import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../common/database/transaction-host.js';

@Injectable()
export class HealthRepository {
  constructor(private readonly tx: TransactionHost) {}

  /** Resolves when the database answers a trivial query. */
  async ping(): Promise<void> {
    await this.tx.manager.query('SELECT 1');
  }
}
