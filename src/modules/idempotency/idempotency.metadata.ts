import type { FastifyReply, FastifyRequest } from 'fastify';

export const IDEMPOTENCY_FINGERPRINT = 'gongkai:idempotency-fingerprint';

/** What makes two requests with one key "the same"; by default the If-Match header and the JSON body. */
export type Fingerprint = (req: FastifyRequest) => unknown;

export const IDEMPOTENCY_ANSWER = 'gongkai:idempotency-answer';

/**
 * For answers that must not be kept as they are (personal data): what the key stores of the first
 * answer, and how a replay answers from that (e.g. the record as it is now). A provider of the
 * route's module.
 */
export interface IdempotentAnswer {
  store(answer: unknown): unknown;
  replay(stored: unknown, req: FastifyRequest, reply: FastifyReply): Promise<unknown>;
}
