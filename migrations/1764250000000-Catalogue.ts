import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Catalogue search, feeds, delivery to portals, attachments, assessment and redaction. */
export class Catalogue1764250000000 implements MigrationInterface {
  name = 'Catalogue1764250000000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
