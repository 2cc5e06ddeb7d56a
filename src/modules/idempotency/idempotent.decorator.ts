import { SetMetadata, UseInterceptors, applyDecorators, type NestInterceptor, type Type } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';
import { IDEMPOTENCY_ANSWER, IDEMPOTENCY_FINGERPRINT, type Fingerprint, type IdempotentAnswer } from './idempotency.metadata.js';

export interface IdempotentOptions {
  fingerprint?: Fingerprint;
  /** Interceptors that run before the key is taken (one that receives an uploaded file the fingerprint names). */
  before?: Type<NestInterceptor>[];
  /** What is stored of the answer and how a replay answers (default: the whole answer, replayed as it was). */
  answer?: Type<IdempotentAnswer>;
}

/** The route accepts `Idempotency-Key`: a retry with the same key and request returns the first answer. */
export const Idempotent = (options: IdempotentOptions = {}) =>
  applyDecorators(
    ...(options.fingerprint ? [SetMetadata(IDEMPOTENCY_FINGERPRINT, options.fingerprint)] : []),
    ...(options.answer ? [SetMetadata(IDEMPOTENCY_ANSWER, options.answer)] : []),
    UseInterceptors(...(options.before ?? []), IdempotencyInterceptor),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a retry with the same key and request returns the first answer' }),
    ApiResponse({ status: 422, description: 'Idempotency-Key reused with a different request' }),
  );
