import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { TransactionHost, Transactional } from '../../common/database/transaction-host.js';
import { DomainError } from '../../common/errors/domain-error.js';
import type { Actor } from '../identity/user.types.js';
import { StreamTicketsRepository } from './stream-tickets.repository.js';

export const STREAM_TICKET_TTL_SECONDS = 60;

export const ticketHash = (ticket: string) => createHash('sha256').update(ticket, 'utf8').digest();

/**
 * A ticket for the live stream (EventSource cannot send an Authorization header): 256 random bits,
 * usable once within a minute, bound to the caller and their current token version. Only its hash
 * is stored. The stream it opens lasts at most as long as an access token (notification-hub.ts).
 */
@Injectable()
export class IssueStreamTicketUseCase {
  constructor(
    private readonly tx: TransactionHost,
    private readonly tickets: StreamTicketsRepository,
  ) {}

  @Transactional()
  async execute({ actor }: { actor: Actor }): Promise<{ ticket: string; expiresIn: number }> {
    const tokenVersion = await this.tickets.tokenVersion(actor.id);
    if (tokenVersion === null) throw new DomainError('unauthenticated', 'the access token is no longer valid');
    const ticket = randomBytes(32).toString('base64url');
    await this.tickets.insert(ticketHash(ticket), actor.id, tokenVersion, STREAM_TICKET_TTL_SECONDS);
    return { ticket, expiresIn: STREAM_TICKET_TTL_SECONDS };
  }
}
