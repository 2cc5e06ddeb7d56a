import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Attachments: the official files of a document, stored in PostgreSQL, with their extracted text. */
export class Attachments1764260000000 implements MigrationInterface {
  name = 'Attachments1764260000000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
