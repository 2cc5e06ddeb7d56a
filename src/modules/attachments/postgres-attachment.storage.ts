import { Injectable } from '@nestjs/common';
import { TransactionHost } from '../../common/database/transaction-host.js';
import type { AttachmentStorage } from './attachment-storage.js';

/** Bytes in PostgreSQL (`attachment_blobs.bytes`, bytea), written in the caller's transaction. */
@Injectable()
export class PostgresAttachmentStorage implements AttachmentStorage {
  readonly name = 'postgres';

  constructor(private readonly tx: TransactionHost) {}

  async put(attachmentId: string, bytes: Buffer): Promise<void> {
    await this.tx.manager.query(`INSERT INTO attachment_blobs (attachment_id, bytes) VALUES ($1, $2)`, [attachmentId, bytes]);
  }

  async get(attachmentId: string): Promise<Buffer | null> {
    const rows = (await this.tx.manager.query(`SELECT bytes FROM attachment_blobs WHERE attachment_id = $1`, [attachmentId])) as { bytes: Buffer }[];
    return rows[0]?.bytes ?? null;
  }

  async delete(attachmentId: string): Promise<void> {
    await this.tx.manager.query(`DELETE FROM attachment_blobs WHERE attachment_id = $1`, [attachmentId]);
  }
}
