/**
 * The database-level invariants every reliability test checks after its load: the catalogue is
 * exactly the properly signed-off proactive documents, index numbers are gap-free per unit and
 * year, one decision per version, and every catalogue change has its deliveries. Each check
 * returns the offending rows (empty = holds), so a test can report all of them at once.
 */
export type Sql = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

export async function catalogueViolations(sql: Sql): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  // Nothing in the catalogue that is not published, proactive and approved by three different people, none the drafter.
  out.leaks = await sql(`
    SELECT c.index_no, d.state, d.public_attribute
      FROM catalogue_entries c LEFT JOIN documents d ON d.id = c.document_id
     WHERE c.revoked_at IS NULL AND c.document_id IS NOT NULL AND NOT (
           d.state = 'published' AND d.public_attribute = 'proactive'
       AND cardinality(d.secrecy_approver_ids) > 0 AND cardinality(d.office_approver_ids) > 0 AND cardinality(d.leader_approver_ids) > 0
       AND NOT (d.drafter_id = ANY (d.secrecy_approver_ids || d.office_approver_ids || d.leader_approver_ids))
       AND NOT (d.secrecy_approver_ids && d.office_approver_ids) AND NOT (d.secrecy_approver_ids && d.leader_approver_ids)
       AND NOT (d.office_approver_ids && d.leader_approver_ids))`);
  // Every published document is in the catalogue exactly once (none missing, none twice).
  out.missingOrTwice = await sql(`
    SELECT d.id, (SELECT count(*) FROM catalogue_entries c WHERE c.document_id = d.id AND c.revoked_at IS NULL)::int AS live
      FROM documents d
     WHERE d.state = 'published' AND (SELECT count(*) FROM catalogue_entries c WHERE c.document_id = d.id AND c.revoked_at IS NULL) <> 1`);
  // A document reaches the catalogue once in its life: one entry per document, revoked or not.
  out.entriesPerDocument = await sql(`
    SELECT document_id, count(*)::int AS n FROM catalogue_entries WHERE document_id IS NOT NULL GROUP BY document_id HAVING count(*) > 1`);
  // A revoked document's entry is revoked; an entry's document is published or revoked.
  out.entryOfWrongState = await sql(`
    SELECT c.index_no, d.state, c.revoked_at FROM catalogue_entries c JOIN documents d ON d.id = c.document_id
     WHERE (d.state = 'revoked' AND c.revoked_at IS NULL) OR d.state NOT IN ('published', 'revoked')`);
  // Three approvals by three different people, none the drafter, in the history of every published document.
  out.history = await sql(`
    SELECT d.id FROM documents d
     WHERE d.state IN ('published', 'revoked') AND (
       SELECT count(DISTINCT h.actor_id) FROM document_history h
        WHERE h.document_id = d.id AND h.action = 'approve' AND h.actor_id <> d.drafter_id
          AND h.from_state IN ('secrecy_review', 'attribute_review', 'leader_review')) < 3`);
  // One decision per version: never two history rows for one (document, version).
  out.twoDecisions = await sql(`
    SELECT document_id, version, count(*)::int AS n FROM document_history GROUP BY document_id, version HAVING count(*) > 1`);
  // The leader's decision is taken once per round of review.
  out.leaderTwice = await sql(`
    SELECT h.document_id, count(*)::int AS n FROM document_history h
     WHERE h.from_state = 'leader_review' AND h.action = 'approve' GROUP BY h.document_id HAVING count(*) > 1`);
  return out;
}

export async function serialGaps(sql: Sql): Promise<unknown[]> {
  // Serials 1..n per unit and year, and the counter at n.
  return sql(`
    WITH s AS (SELECT unit_id, year, count(*)::int AS n, min(serial) AS lo, max(serial) AS hi, count(DISTINCT serial)::int AS d
                 FROM catalogue_entries WHERE document_id IS NOT NULL GROUP BY unit_id, year)
    SELECT s.*, ic.last_serial FROM s LEFT JOIN index_counters ic ON ic.unit_id = s.unit_id AND ic.year = s.year
     WHERE s.lo <> 1 OR s.hi <> s.n OR s.d <> s.n OR ic.last_serial IS DISTINCT FROM s.n`);
}

/** Each change has exactly one delivery per subscriber that was active; none for another change. */
export async function deliveryViolations(sql: Sql, subscriberId: string): Promise<unknown[]> {
  return sql(
    `SELECT c.id, c.type, c.index_no, (SELECT count(*) FROM deliveries d WHERE d.change_id = c.id AND d.subscriber_id = $1)::int AS n
       FROM catalogue_changes c
      WHERE (SELECT count(*) FROM deliveries d WHERE d.change_id = c.id AND d.subscriber_id = $1) <> 1`,
    [subscriberId],
  );
}

export function allEmpty(v: Record<string, unknown[]>): boolean {
  return Object.values(v).every((x) => x.length === 0);
}
