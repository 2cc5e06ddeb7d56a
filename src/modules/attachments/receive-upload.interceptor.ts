/**
 * Receives the uploaded file before the handler (and before an Idempotency-Key is taken, so the
 * key's fingerprint can name the file): refuses early, before reading up to 20 MB, callers who could
 * never change this document's files; then reads, types and extracts the file (no database) and
 * hands it to the handler as `req.upload`. The use case checks everything again in its transaction.
 */
import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { from, switchMap, type Observable } from 'rxjs';
import type { AppConfig } from '../../../config/configuration.js';
import { requireIfMatch } from '../../common/http/etag.js';
import { APP_CONFIG } from '../../common/tokens.js';
import type { AuthenticatedRequest } from '../authorization/policy.decorator.js';
import { AttachmentsService, type PreparedFile } from './attachments.service.js';
import { readSingleFile } from './multipart.js';

export type UploadRequest = FastifyRequest & AuthenticatedRequest & { upload?: PreparedFile };

@Injectable()
export class ReceiveUploadInterceptor implements NestInterceptor {
  constructor(
    private readonly attachments: AttachmentsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<UploadRequest>();
    return from(this.receive(req)).pipe(switchMap(() => next.handle()));
  }

  private async receive(req: UploadRequest): Promise<void> {
    const version = requireIfMatch(req.headers['if-match']);
    const id = (req.params as { id: string }).id;
    // A keyed retry must still reach its stored answer, so then only who may attach is checked.
    await this.attachments.precheck(req.ability!, id, req.headers['idempotency-key'] === undefined ? version : null);
    req.upload = await this.attachments.prepare(await readSingleFile(req, this.config.attachmentMaxBytes));
  }
}
