import type { FastifyReply, FastifyRequest } from 'fastify';
import { contentDisposition } from '../../common/http/content-disposition.js';
import { noneMatch } from '../../common/http/etag.js';
import { ATTACHMENT_KINDS, kindOfMediaType } from './attachment.types.js';
import type { StoredFile } from './attachments.service.js';

/**
 * Sends a stored file: its real type, a download disposition with the UTF-8 name, nosniff, and
 * the SHA-256 as a strong ETag (304 to a matching If-None-Match). Public copies may be cached but
 * must be revalidated, so that a revocation takes effect at once; private ones are not stored.
 */
export async function sendFile(
  req: FastifyRequest,
  reply: FastifyReply,
  file: StoredFile,
  opts: { disposition?: 'attachment' | 'inline'; cache: 'public' | 'private' },
): Promise<void> {
  const kind = kindOfMediaType(file.meta.mediaType);
  const inline = opts.disposition === 'inline' && kind !== null && ATTACHMENT_KINDS[kind].inline;
  const etag = `"${file.meta.sha256}"`;
  void reply
    .header('content-type', file.meta.mediaType)
    .header('content-disposition', contentDisposition(file.meta.fileName, { type: inline ? 'inline' : 'attachment' }))
    .header('x-content-type-options', 'nosniff')
    .header('etag', etag)
    // A document's own attachments are behind a login: no cache in between may keep them.
    .header('cache-control', opts.cache === 'public' ? 'public, no-cache' : 'no-store');
  if (noneMatch(req.headers['if-none-match'], etag)) {
    await reply.status(304).send();
    return;
  }
  await reply.header('content-length', String(file.bytes.length)).status(200).send(file.bytes);
}
