import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../database/database-unavailable.js';
import type { AllowedMethods } from '../http/allowed-methods.js';
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

  /** `allowedMethods`: the methods a URL has routes for (allowed-methods.ts), for 405 instead of 404. */
  constructor(private readonly allowedMethods?: AllowedMethods) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    let body = this.toBody(exception, request);
    // No route matched: when the path has routes for other methods, that is a 405 with Allow.
    if (body.statusCode === 404 && request?.is404 && this.allowedMethods) {
      const allow = this.allowedMethods(request.url);
      if (allow.length > 0 && !allow.includes(request.method)) {
        void reply.header('allow', allow.join(', '));
        body = { statusCode: 405, message: `${request.method} is not allowed here; allowed: ${allow.join(', ')}`, error: 'Method Not Allowed', code: 'method_not_allowed' };
      }
    }
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
    // Fastify's own client errors (broken JSON, body too large, unsupported media type) arrive
    // wrapped by Nest's adapter in an HttpException whose cause is the FastifyError.
    const cause = exception instanceof HttpException ? exception.cause : undefined;
    const fastifyError = isClientError(cause) ? cause : isClientError(exception) ? exception : undefined;
    if (fastifyError) {
      const status = fastifyError.statusCode;
      const known = FASTIFY_CLIENT_ERRORS[String(fastifyError.code)];
      const message = known?.message ?? (typeof fastifyError.message === 'string' ? fastifyError.message : 'bad request');
      return { statusCode: status, message, error: httpErrorName(status), code: known?.code ?? codeOfStatus(status) };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const res = exception.getResponse();
      if (typeof res === 'object' && res !== null) {
        const r = res as Record<string, unknown>;
        return {
          statusCode: status,
          message: (r.message as string | string[]) ?? exception.message,
          error: typeof r.error === 'string' ? r.error : httpErrorName(status),
          code: codeOfStatus(status),
        };
      }
      return { statusCode: status, message: String(res), error: httpErrorName(status), code: codeOfStatus(status) };
    }
    const e = exception as { statusCode?: unknown; code?: unknown; message?: unknown; driverError?: { code?: string } };
    const pgCode = e?.driverError?.code ?? (typeof e?.code === 'string' ? e.code : undefined);
    if (pgCode && PG_CLIENT_ERRORS[pgCode]) {
      const m = PG_CLIENT_ERRORS[pgCode];
      return { statusCode: m.status, message: m.message, error: m.error, code: pgCode === '23505' ? 'duplicate' : codeOfStatus(m.status) };
    }
    if (isDatabaseUnavailable(exception)) {
      return { statusCode: 503, message: 'the database is unavailable; retry shortly', error: 'Service Unavailable', code: 'database_unavailable', requestId: request?.id };
    }
    return { statusCode: 500, message: 'Internal server error', error: 'Internal Server Error', code: 'internal', requestId: request?.id };
  }
}

/** Fastify's client errors by code: our message and the `code` of the error body. */
const FASTIFY_CLIENT_ERRORS: Record<string, { code: string; message?: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_json', message: 'the body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_json', message: 'the body is empty but the content type is application/json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: 'request body is larger than the limit' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', message: 'unsupported content type; send application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'invalid_input', message: 'the Content-Length does not match the body' },
};

function isClientError(e: unknown): e is { statusCode: number; code?: unknown; message?: unknown } {
  const s = (e as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof s === 'number' && s >= 400 && s < 500 && typeof (e as { code?: unknown }).code === 'string';
}

/** The `code` of an error the framework raised (a DomainError brings its own). */
function codeOfStatus(status: number): string {
  const codes: Record<number, string> = {
    400: 'invalid_input',
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not_found',
    405: 'method_not_allowed',
    406: 'not_acceptable',
    408: 'request_timeout',
    409: 'invalid_state',
    411: 'length_required',
    412: 'stale_version',
    413: 'payload_too_large',
    414: 'uri_too_long',
    415: 'unsupported_media_type',
    422: 'unprocessable',
    428: 'version_required',
    429: 'rate_limited',
    431: 'headers_too_large',
  };
  return codes[status] ?? (status >= 500 ? 'internal' : 'client_error');
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
    414: 'URI Too Long',
    415: 'Unsupported Media Type',
    422: 'Unprocessable Entity',
    428: 'Precondition Required',
    429: 'Too Many Requests',
  };
  return names[status] ?? 'Error';
}
