/**
 * multipart/form-data for the upload route only.
 *
 * @fastify/multipart registers a parser for multipart/form-data on the whole instance (Nest adds
 * every route to the root Fastify instance, so the parser cannot be scoped to one route). It does
 * not read the body itself: the route reads it, with its own size limit, so the global JSON
 * bodyLimit (BODY_LIMIT_BYTES) neither blocks nor is raised by uploads. A hook keeps every other
 * route as before: multipart there is still refused with 415, like any other non-JSON body.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError, invalidInput } from '../../common/errors/domain-error.js';
import { UnsupportedMediaTypeException } from '@nestjs/common';

/** Route config flag (set with @RouteConfig) of routes that accept multipart/form-data. */
export const MULTIPART_ROUTE = 'gongkaiMultipart';
/** The form field that carries the file. */
export const FILE_FIELD = 'file';

const REGISTERED = Symbol.for('gongkai.multipart');

export function registerMultipart(fastify: FastifyInstance): void {
  const flagged = fastify as unknown as Record<symbol, boolean>;
  if (flagged[REGISTERED]) return;
  flagged[REGISTERED] = true;
  void fastify.register(multipart, {
    // Per-request limits are passed where the body is read (readSingleFile).
    limits: { files: 1, fields: 10, parts: 11, fieldSize: 1024, headerPairs: 100 },
    throwFileSizeLimit: true,
  });
  fastify.addHook('preValidation', async (req) => {
    const config = req.routeOptions?.config as unknown as Record<string, unknown> | undefined;
    if (config?.[MULTIPART_ROUTE] === true) return;
    if (typeof req.isMultipart === 'function' && req.isMultipart()) {
      // What Fastify answered before the multipart parser existed.
      throw Object.assign(new Error('unsupported content type; send application/json'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' });
    }
  });
}

export interface Upload {
  /** The file name as the client sent it (cleaned later). */
  fileName: string;
  bytes: Buffer;
}

/**
 * Reads exactly one file from the field `file`, buffered, at most `maxBytes`. Anything else in
 * the form, a second file or a missing file is a 400; a larger file a 413.
 */
export async function readSingleFile(req: FastifyRequest, maxBytes: number): Promise<Upload> {
  if (typeof req.isMultipart !== 'function' || !req.isMultipart()) {
    throw new UnsupportedMediaTypeException(`send the file as multipart/form-data in a field named "${FILE_FIELD}"`);
  }
  let upload: Upload | null = null;
  try {
    for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1 } })) {
      if (part.type === 'file') {
        if (part.fieldname !== FILE_FIELD) {
          await drain(part.file);
          throw invalidInput(`unexpected file field "${part.fieldname}": send the file in the field "${FILE_FIELD}"`);
        }
        const bytes = await part.toBuffer();
        upload = { fileName: part.filename ?? '', bytes };
      } else if (part.fieldname === FILE_FIELD) {
        throw invalidInput(`"${FILE_FIELD}" must be a file (a form part with a filename), not a text field`);
      } else {
        throw invalidInput(`unexpected form field "${part.fieldname}": send only the field "${FILE_FIELD}"`);
      }
    }
  } catch (e) {
    throw mapMultipartError(e, maxBytes);
  }
  if (!upload) throw invalidInput(`no file: send it as multipart/form-data in a field named "${FILE_FIELD}"`);
  return upload;
}

function mapMultipartError(e: unknown, maxBytes: number): unknown {
  const code = (e as { code?: string })?.code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return new DomainError('payload_too_large', `the file is larger than the limit of ${maxBytes} bytes (${formatMb(maxBytes)})`);
    case 'FST_FILES_LIMIT':
      return invalidInput('send one file per request');
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return invalidInput(`too many form fields: send only the field "${FILE_FIELD}"`);
    case 'FST_PROTO_VIOLATION':
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return invalidInput(`send only the field "${FILE_FIELD}"`);
    case 'FST_MP_PREMATURE_CLOSE':
      return invalidInput('the upload was cut off before the end');
  }
  if (e instanceof Error && /multipart|boundary|part terminated|unexpected end/i.test(e.message) && !(e instanceof DomainError)) {
    return invalidInput(`the multipart body is malformed: ${e.message}`);
  }
  return e;
}

async function drain(stream: NodeJS.ReadableStream): Promise<void> {
  for await (const _ of stream) {
    /* discard */
  }
}

function formatMb(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}
