import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Submission to the upper-level platform (docs/exchange.md):
 * - subscribers.format: `standard` (the Standard Webhooks event) or `exchange` (the exchange
 *   package of docs/exchange.schema.json). An exchange subscriber names who the packages come
 *   from (`sender_code`, `sender_name`: the agency as the receiving platform knows it); both or
 *   neither are set, and an exchange subscriber always has them.
 * - deliveries.report_index_no: a delivery is about exactly one thing, a catalogue change
 *   (change_id, as before) or a published annual report (its catalogue entry's index number in
 *   report_publications); one delivery of a report per subscriber.
 */
export class ExchangeFormat1765200000000 implements MigrationInterface {
  name = 'ExchangeFormat1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE subscribers ADD COLUMN format text NOT NULL DEFAULT 'standard' CONSTRAINT subscribers_format_known CHECK (format IN ('standard','exchange'))`);
    await q.query(`ALTER TABLE subscribers ADD COLUMN sender_code text CONSTRAINT subscribers_sender_code_format CHECK (sender_code ~ '^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$')`);
    await q.query(`ALTER TABLE subscribers ADD COLUMN sender_name text CONSTRAINT subscribers_sender_name_length CHECK (char_length(sender_name) BETWEEN 1 AND 200)`);
    await q.query(`ALTER TABLE subscribers ADD CONSTRAINT subscribers_exchange_sender CHECK (
      (sender_code IS NULL) = (sender_name IS NULL) AND (format <> 'exchange' OR sender_code IS NOT NULL))`);

    await q.query(`ALTER TABLE report_publications ADD CONSTRAINT report_publications_index_no_unique UNIQUE (index_no)`);
    await q.query(`ALTER TABLE deliveries ALTER COLUMN change_id DROP NOT NULL`);
    await q.query(`ALTER TABLE deliveries ADD COLUMN report_index_no text REFERENCES report_publications(index_no)`);
    await q.query(`ALTER TABLE deliveries ADD CONSTRAINT deliveries_one_subject CHECK ((change_id IS NULL) <> (report_index_no IS NULL))`);
    await q.query(`ALTER TABLE deliveries ADD CONSTRAINT deliveries_report_once UNIQUE (subscriber_id, report_index_no)`);
    await q.query(`CREATE INDEX deliveries_report_idx ON deliveries (report_index_no, created_at) WHERE report_index_no IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM delivery_attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE report_index_no IS NOT NULL)`);
    await q.query(`DELETE FROM deliveries WHERE report_index_no IS NOT NULL`);
    await q.query(`DROP INDEX deliveries_report_idx`);
    await q.query(`ALTER TABLE deliveries DROP CONSTRAINT deliveries_report_once, DROP CONSTRAINT deliveries_one_subject, DROP COLUMN report_index_no`);
    await q.query(`ALTER TABLE deliveries ALTER COLUMN change_id SET NOT NULL`);
    await q.query(`ALTER TABLE report_publications DROP CONSTRAINT report_publications_index_no_unique`);
    await q.query(`ALTER TABLE subscribers DROP CONSTRAINT subscribers_exchange_sender, DROP COLUMN sender_name, DROP COLUMN sender_code, DROP COLUMN format`);
  }
}
