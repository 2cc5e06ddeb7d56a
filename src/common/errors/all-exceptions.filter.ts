import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../database/database-unavailable.js';
import { DomainError, statusOf } from './domain-error.js';

interface ErrorBody {
  statusCode: number;
  message: string | string[];
  error: string;
  code?: string;
  details?: Record<string, unknown>;
  requestId?: string;
}

const PG_CLIENT_ERRORS: Record<string, { status: number; error: string; message: string }> = {
  // These reach the filter only when a database invariant caught what validation missed.
  '23505': { status: 409, error: 'Conflict', message: 'a record with this value already exists' },
  '23514': { status: 400, error: 'Bad Request', message: 'the record breaks a rule of the data model' },
  '23503': { status: 400, error: 'Bad Request', message: 'a referenced record does not exist' },
  '22P02': { status: 400, error: 'Bad Request', message: 'a value has the wrong format' },
  '22001': { status: 400, error: 'Bad Request', message: 'a value is too long' },
  // Values validation let through but PostgreSQL cannot take: a NUL character or an unpaired
  // surrogate, a date or number out of range (e.g. inside a cursor, or a 20-digit parameter).
  '22021': { status: 400, error: 'Bad Request', message: 'a value contains a character that cannot be stored (NUL)' },
  '22P05': { status: 400, error: 'Bad Request', message: 'a value contains a character that cannot be stored (NUL)' },
  '22007': { status: 400, error: 'Bad Request', message: 'a date or time has the wrong format' },
  '22008': { status: 400, error: 'Bad Request', message: 'a date or time is out of range' },
  '22003': { status: 400, error: 'Bad Request', message: 'a number is out of range' },
  '54000': { status: 400, error: 'Bad Request', message: 'a value is too large' },
  '40001': { status: 409, error: 'Conflict', message: 'a concurrent change conflicted; retry' },
  '40P01': { status: 409, error: 'Conflict', message: 'a concurrent change conflicted; retry' },
};

/** Seconds a client is asked to wait before retrying while the database is unavailable. */
const RETRY_AFTER_SECONDS = 5;

/**
 * One place that turns every error into the contract's JSON shape. Client mistakes get their 4xx
 * and a message naming the field or rule; a database that cannot be reached is a 503 with
 * Retry-After; anything unexpected is a 500 without internals, logged with the request id.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const body = this.toBody(exception, request);
    if (body.statusCode >= 500) {
      this.logger.error(
        { requestId: request?.id, method: request?.method, url: request?.url, err: exception },
        exception instanceof Error ? exception.stack : String(exception),
      );
    }
    if (reply.sent) return;
    if (body.statusCode === 503) void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toBody(exception: unknown, request: FastifyRequest | undefined): ErrorBody {
    if (exception instanceof DomainError) {
      const { status, error } = statusOf(exception.code);
      return { statusCode: status, message: exception.message, error, code: exception.code, details: exception.details };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const res = exception.getResponse();
      if (typeof res === 'object' && res !== null) {
        const r = res as Record<string, unknown>;
        return {
          statusCode: status,
          message: (r.message as string | string[]) ?? exception.message,
          error: (r.error as string) ?? exception.name,
        };
      }
      return { statusCode: status, message: String(res), error: exception.name };
    }
    const e = exception as { statusCode?: unknown; code?: unknown; message?: unknown; driverError?: { code?: string } };
    // Fastify's own client errors (broken JSON, body too large, unsupported media type).
    if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
      const status = e.statusCode;
      const message =
        e.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
          ? 'request body is larger than the limit'
          : e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
            ? 'unsupported content type; send application/json'
            : typeof e.message === 'string'
              ? e.message
              : 'bad request';
      return { statusCode: status, message, error: httpErrorName(status) };
    }
    const pgCode = e?.driverError?.code ?? (typeof e?.code === 'string' ? e.code : undefined);
    if (pgCode && PG_CLIENT_ERRORS[pgCode]) {
      const m = PG_CLIENT_ERRORS[pgCode];
      return { statusCode: m.status, message: m.message, error: m.error };
    }
    if (isDatabaseUnavailable(exception)) {
      return { statusCode: 503, message: 'the database is unavailable; retry shortly', error: 'Service Unavailable', requestId: request?.id };
    }
    return { statusCode: 500, message: 'Internal server error', error: 'Internal Server Error', requestId: request?.id };
  }
}

function httpErrorName(status: number): string {
  const names: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    405: 'Method Not Allowed',
    406: 'Not Acceptable',
    409: 'Conflict',
    411: 'Length Required',
    412: 'Precondition Failed',
    413: 'Payload Too Large',
    415: 'Unsupported Media Type',
    422: 'Unprocessable Entity',
    428: 'Precondition Required',
    429: 'Too Many Requests',
  };
  return names[status] ?? 'Error';
}
