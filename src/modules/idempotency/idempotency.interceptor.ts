/**
 * `Idempotency-Key` for requests that create something (documents, transitions, applications).
 *
 * With a key, the interceptor opens the transaction around the handler: it takes the key (a row
 * in idempotency_keys), runs the handler, whose use case joins that transaction, and stores the
 * answer before the commit, so the effect and its stored answer commit together or not at all.
 * A retry that arrives while the first request is still running blocks on the key's unique index
 * until that transaction ends; it then either finds the stored answer (and replays it) or, if the
 * first failed and rolled back, takes the key itself. A 4xx rolls back, so a corrected retry with
 * the same key is still allowed. The same key with a different request is refused with 422.
 * Without a key the handler runs as it is (its use case owns the transaction).
 */
import { HttpStatus, Injectable, RequestMethod, type CallHandler, type ExecutionContext, type NestInterceptor, type Type } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants.js';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { canonicalJson } from '../../common/canonical-json.js';
import { TransactionHost } from '../../common/database/transaction-host.js';
import { DomainError, invalidInput } from '../../common/errors/domain-error.js';
import type { AuthenticatedRequest } from '../authorization/policy.decorator.js';
import { IdempotencyRepository } from './idempotency.repository.js';
import { IDEMPOTENCY_ANSWER, IDEMPOTENCY_FINGERPRINT, type Fingerprint, type IdempotentAnswer } from './idempotency.metadata.js';

/** The answer headers a replay repeats. */
const REPLAYED_HEADERS = ['etag', 'location'];

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly repo: IdempotencyRepository,
    private readonly tx: TransactionHost,
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = ctx.switchToHttp();
    const req = http.getRequest<FastifyRequest & AuthenticatedRequest>();
    const header = req.headers['idempotency-key'];
    const raw = Array.isArray(header) ? header[0] : header;
    if (raw === undefined) return next.handle();
    const key = raw.trim();
    if (key.length === 0 || key.length > 200) throw invalidInput('Idempotency-Key must be 1–200 characters');
    const path = req.url.split('?')[0];
    // Whose key space: the caller (or, for the public intake, the address) and the route.
    const scope = `${req.actor ? req.actor.id : `ip:${req.ip}`}:${req.method} ${path}`;
    const fingerprint = this.reflector.get<Fingerprint | undefined>(IDEMPOTENCY_FINGERPRINT, ctx.getHandler());
    const hash = createHash('sha256')
      .update(canonicalJson({ ifMatch: req.headers['if-match'] ?? null, request: fingerprint ? fingerprint(req) : (req.body ?? null) }))
      .digest('hex');
    const reply = http.getResponse<FastifyReply>();
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, ctx.getHandler()) ?? (req.method === RequestMethod[RequestMethod.POST] ? HttpStatus.CREATED : HttpStatus.OK);
    const answerType = this.reflector.get<Type<IdempotentAnswer> | undefined>(IDEMPOTENCY_ANSWER, ctx.getHandler());
    const answers = answerType ? this.moduleRef.get(answerType, { strict: false }) : null;
    return from(this.once({ scope, key, hash, req, reply, status, answers }, next));
  }

  private async once(
    o: { scope: string; key: string; hash: string; req: FastifyRequest; reply: FastifyReply; status: number; answers: IdempotentAnswer | null },
    next: CallHandler,
  ): Promise<unknown> {
    const { scope, key, hash, reply, status, answers } = o;
    for (let attempt = 0; attempt < 3; attempt++) {
      const answer = await this.tx.run(async (): Promise<{ body: unknown } | null> => {
        if (!(await this.repo.claim(scope, key, hash))) {
          const stored = await this.repo.find(scope, key);
          if (!stored) return null; // the other request rolled back meanwhile: try again
          if (stored.requestHash !== hash) throw new DomainError('idempotency_mismatch', 'this Idempotency-Key was used with a different request');
          void reply.headers(stored.headers);
          return { body: answers ? await answers.replay(stored.body, o.req, reply) : stored.body };
        }
        const body = await lastValueFrom(next.handle(), { defaultValue: undefined });
        const headers: Record<string, string> = {};
        for (const name of REPLAYED_HEADERS) {
          const v = reply.getHeader(name);
          if (v !== undefined) headers[name] = String(v);
        }
        await this.repo.store(scope, key, { status, body: answers ? answers.store(body) : body, headers });
        return { body };
      });
      if (answer) return answer.body;
    }
    throw new DomainError('invalid_state', 'a concurrent request with this Idempotency-Key did not settle; retry');
  }
}
