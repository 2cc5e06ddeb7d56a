import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { etagOf } from '../../common/http/etag.js';
import type { IdempotentAnswer } from '../idempotency/idempotency.metadata.js';
import type { ApplicationResponse } from './application.dto.js';
import { ApplicationsService } from './applications.service.js';

/**
 * An application action's Idempotency-Key keeps only the version it wrote, never the answer
 * (the applicant's name, ID number and contact): a replay answers the application as it is now.
 */
@Injectable()
export class ApplicationActionAnswer implements IdempotentAnswer {
  constructor(private readonly applications: ApplicationsService) {}

  store(answer: unknown): unknown {
    return { version: (answer as ApplicationResponse).version };
  }

  async replay(_stored: unknown, req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const a = await this.applications.get((req.params as { id: string }).id);
    void reply.header('etag', etagOf(a.version));
    return a;
  }
}
