import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Disclosure on application: applications, their actions, calendar overrides, appeals. */
export class Applications1764300000000 implements MigrationInterface {
  name = 'Applications1764300000000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
