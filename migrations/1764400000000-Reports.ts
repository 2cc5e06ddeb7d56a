import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The annual report: figures entered for a year, narratives, published reports. */
export class Reports1764400000000 implements MigrationInterface {
  name = 'Reports1764400000000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
