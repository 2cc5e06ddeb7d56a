import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { AttachmentStorage } from './attachment-storage.js';

/** Bytes in PostgreSQL (`attachment_blobs.bytes`, bytea), written in the caller's transaction. */
@Injectable()
export class PostgresAttachmentStorage implements AttachmentStorage {
  readonly name = 'postgres';

  async put(m: EntityManager, attachmentId: string, bytes: Buffer): Promise<void> {
    await m.query(`INSERT INTO attachment_blobs (attachment_id, bytes) VALUES ($1, $2)`, [attachmentId, bytes]);
  }

  async get(m: EntityManager | DataSource, attachmentId: string): Promise<Buffer | null> {
    const rows = (await m.query(`SELECT bytes FROM attachment_blobs WHERE attachment_id = $1`, [attachmentId])) as { bytes: Buffer }[];
    return rows[0]?.bytes ?? null;
  }

  async delete(m: EntityManager, attachmentId: string): Promise<void> {
    await m.query(`DELETE FROM attachment_blobs WHERE attachment_id = $1`, [attachmentId]);
  }
}
