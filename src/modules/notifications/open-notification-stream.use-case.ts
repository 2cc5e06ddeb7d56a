import { Injectable } from '@nestjs/common';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { ticketHash } from './issue-stream-ticket.use-case.js';
import { StreamTicketsRepository } from './stream-tickets.repository.js';

/** Redeems a stream ticket (once): whose stream it opens, or 401. */
@Injectable()
export class OpenNotificationStreamUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly tickets: StreamTicketsRepository,
  ) {}

  @Transactional()
  async execute({ ticket }: { ticket: string }): Promise<{ userId: string; tokenVersion: number }> {
    const found = await this.tickets.redeem(ticketHash(ticket));
    if (!found) throw new DomainError('unauthenticated', 'the stream ticket is unknown, used or expired: get a new one (POST /api/v1/notifications/stream-tickets)');
    return found;
  }
}
