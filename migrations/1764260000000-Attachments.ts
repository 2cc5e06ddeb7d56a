import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attachments: the official files of a document, their extracted text, and their bytes in
 * PostgreSQL (the default AttachmentStorage). Also the provenance of catalogue entries imported
 * from a district's historic catalogue (`npm run catalogue:import`).
 */
export class Attachments1764260000000 implements MigrationInterface {
  name = 'Attachments1764260000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE attachments (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        document_id  uuid NOT NULL REFERENCES documents(id),
        file_name    text NOT NULL CONSTRAINT attachments_file_name_length CHECK (char_length(file_name) BETWEEN 1 AND 255),
        media_type   text NOT NULL CONSTRAINT attachments_media_type_allowed CHECK (media_type IN (
                       'application/pdf', 'application/ofd',
                       'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
                       'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
                       'image/png', 'image/jpeg')),
        size_bytes   bigint NOT NULL CONSTRAINT attachments_size_positive CHECK (size_bytes > 0),
        sha256       text NOT NULL CONSTRAINT attachments_sha256_format CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        -- Which AttachmentStorage holds the bytes (the key is the attachment id).
        storage      text NOT NULL DEFAULT 'postgres' CONSTRAINT attachments_storage_name CHECK (storage ~ '^[a-z0-9_-]{1,30}$'),
        -- Extracted text, for search and the assessment scan.
        text         text NOT NULL DEFAULT '' CONSTRAINT attachments_text_size CHECK (octet_length(text) <= 8388608),
        text_status  text NOT NULL CONSTRAINT attachments_text_status_known CHECK (text_status IN
                       ('extracted', 'truncated', 'not_supported', 'failed')),
        created_by   uuid NOT NULL REFERENCES users(id),
        created_at   timestamptz NOT NULL DEFAULT now(),
        -- The same file twice on one document is a mistake, not a second attachment.
        CONSTRAINT attachments_file_once UNIQUE (document_id, sha256)
      )`);
    await q.query(`CREATE INDEX attachments_document_idx ON attachments (document_id, created_at, id)`);

    // The bytes, apart from the metadata so that lists never read them. Files are compressed
    // formats already: EXTERNAL stores them out of line without trying to compress them again.
    await q.query(`
      CREATE TABLE attachment_blobs (
        attachment_id uuid PRIMARY KEY REFERENCES attachments(id) ON DELETE CASCADE,
        bytes         bytea NOT NULL
      )`);
    await q.query(`ALTER TABLE attachment_blobs ALTER COLUMN bytes SET STORAGE EXTERNAL`);

    // Where an imported catalogue entry came from (one row per entry created by the import).
    await q.query(`
      CREATE TABLE catalogue_imports (
        index_no     text PRIMARY KEY REFERENCES catalogue_entries(index_no),
        source_file  text NOT NULL CONSTRAINT catalogue_imports_source_length CHECK (char_length(source_file) BETWEEN 1 AND 500),
        source_row   integer NOT NULL CONSTRAINT catalogue_imports_row_positive CHECK (source_row > 0),
        written_on   date,
        content_hash text NOT NULL CONSTRAINT catalogue_imports_hash_format CHECK (content_hash ~ '^[0-9a-f]{64}$'),
        imported_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS catalogue_imports`);
    await q.query(`DROP TABLE IF EXISTS attachment_blobs`);
    await q.query(`DROP TABLE IF EXISTS attachments`);
  }
}
