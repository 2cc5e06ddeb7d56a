/**
 * Where the bytes of attachments live. The metadata and the extracted text are always in the
 * `attachments` table; `attachments.storage` names the storage that holds each file's bytes,
 * keyed by the attachment id.
 *
 * The default, PostgresAttachmentStorage, keeps the bytes in `attachment_blobs` inside the same
 * transaction as the metadata: an upload or a delete is all-or-nothing, and a backup of the
 * database is a backup of the files.
 *
 * Adding another storage (a file system, an S3-compatible object store):
 * 1. implement this interface with a new `name` (lower-case, as stored in attachments.storage);
 * 2. `put` writes the object before the transaction commits, under the attachment id, and must
 *    be idempotent (a retried upload may write the same key twice); if the transaction then rolls
 *    back, the object is an orphan: sweep objects with no attachments row now and then;
 * 3. `delete` cannot be undone by a rollback: defer the removal to after the commit (or leave it
 *    to the sweep) and keep the bytes readable until then;
 * 4. bind it to ATTACHMENT_STORAGE in attachments.module.ts. Files stored earlier stay where they
 *    are: keep the old storage registered under its name (see storageFor in the service) until
 *    they are copied over.
 */
export interface AttachmentStorage {
  /** The value of attachments.storage for files this storage holds. */
  readonly name: string;
  put(attachmentId: string, bytes: Buffer): Promise<void>;
  /** The bytes, or null when they are missing. */
  get(attachmentId: string): Promise<Buffer | null>;
  delete(attachmentId: string): Promise<void>;
}

export const ATTACHMENT_STORAGE = Symbol('ATTACHMENT_STORAGE');
