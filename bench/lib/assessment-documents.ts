/**
 * `--assessment-documents`: the review chain's volume for the performance assessment. The
 * dataset's catalogue is loaded as a historic catalogue, without documents, so the assessment's
 * statements about documents (working days to publication, decisions, review steps overdue) would
 * read nothing. This gives every catalogue entry of the last full year a document that went
 * through the review chain — its history of create, submit and three approvals, with durations
 * from 3 to 17 days, about one step in six overdue — adds one issued (not public) document for
 * every four, 2,000 complaints and a disclosure guide for every unit. Applied once to a dataset
 * (recorded in bench_dataset), so use it with a --pg-dir of its own: it changes the catalogue's
 * rows the other phases read.
 */
import pg from 'pg';
import { chinaYearBounds, chinaYearOf } from '../../src/common/china-time.js';

const KEY = 'assessment-documents';

export async function ensureAssessmentDocuments(url: string, log: (m: string) => void): Promise<{ year: number; documents: number; historyRows: number; applied: boolean }> {
  const c = new pg.Client({ connectionString: url, application_name: 'gongkai-bench-assessment-documents' });
  await c.connect();
  try {
    const done = await c.query<{ value: { year: number; documents: number; historyRows: number } }>(`SELECT value FROM bench_dataset WHERE key = $1`, [KEY]);
    if (done.rows.length) return { ...done.rows[0].value, applied: false };
    const year = chinaYearOf(Date.now()) - 1;
    const { start, end } = chinaYearBounds(year);
    const [S, E] = [new Date(start), new Date(end)];
    log(`assessment documents: a document through the review chain for every catalogue entry of ${year}`);
    await c.query('BEGIN');
    await c.query(`SET LOCAL synchronous_commit = off`);
    // Four distinct people: the drafter and one approver per step (separation of duties holds).
    const people = (await c.query<{ id: string }>(`SELECT id FROM users WHERE username LIKE 'bench.%' ORDER BY username LIMIT 4`)).rows.map((r) => r.id);
    await c.query(
      `CREATE TEMP TABLE bench_published ON COMMIT DROP AS
       SELECT index_no, unit_id, title, body, CASE WHEN doc_type IN ('normative_document','notice','plan','report','reply','minutes','other') THEN doc_type ELSE 'other' END AS doc_type,
              published_at, row_number() OVER (ORDER BY index_no) AS n, gen_random_uuid() AS doc
         FROM catalogue_entries
        WHERE revoked_at IS NULL AND document_id IS NULL AND doc_type <> 'interpretation' AND published_at >= $1 AND published_at < $2`,
      [S, E],
    );
    await c.query(`CREATE TEMP TABLE bench_issued ON COMMIT DROP AS
      SELECT unit_id, title, body, doc_type, published_at - interval '3 days' AS published_at, n, gen_random_uuid() AS doc FROM bench_published WHERE n % 4 = 0`);
    for (const [table, state, attribute] of [
      ['bench_published', 'published', 'proactive'],
      ['bench_issued', 'issued', 'on_application'],
    ]) {
      await c.query(
        `INSERT INTO documents (id, unit_id, drafter_id, title, doc_type, body, public_attribute, state, version, secrecy_approver_ids, office_approver_ids, leader_approver_ids, created_at, updated_at, decided_at)
         SELECT doc, unit_id, $1, title, doc_type, body, '${attribute}', '${state}', 5, ARRAY[$2::uuid], ARRAY[$3::uuid], ARRAY[$4::uuid],
                published_at - make_interval(days => (n * 7919 % 15)::int + 4), published_at, published_at FROM ${table}`,
        people,
      );
      // create, submit (3 to 17 days before the sign-off), the secrecy and the office approvals at a third and two thirds of the way, the sign-off.
      await c.query(
        `INSERT INTO document_history (document_id, at, actor_id, action, from_state, to_state, version)
         SELECT doc, at, $1, action, from_state, to_state, v FROM ${table}, LATERAL (VALUES
           (published_at - make_interval(days => (n * 7919 % 15)::int + 4), 'create', NULL, 'draft', 1),
           (published_at - make_interval(days => (n * 7919 % 15)::int + 3), 'submit', 'draft', 'secrecy_review', 2),
           (published_at - make_interval(days => ((n * 7919 % 15)::int + 3) * 2 / 3), 'approve', 'secrecy_review', 'attribute_review', 3),
           (published_at - make_interval(days => ((n * 7919 % 15)::int + 3) / 3), 'approve', 'attribute_review', 'leader_review', 4),
           (published_at, 'approve', 'leader_review', '${state}', 5)) h(at, action, from_state, to_state, v)`,
        [people[0]],
      );
    }
    await c.query(`UPDATE catalogue_entries c SET document_id = p.doc FROM bench_published p WHERE c.index_no = p.index_no`);
    await c.query(
      `INSERT INTO complaints (tracking_code, kind, unit_id, description, contact, state, received_at, due_at, assigned_at, replied_at, finding, reply)
       SELECT translate(upper(substr(md5(g::text), 1, 20)), '0189', 'WXYZ'), 'complaint', u.id, '投诉', '{}', 'replied',
              $1::timestamptz + make_interval(days => g % 330), $1::timestamptz + make_interval(days => g % 330 + 21), $1::timestamptz + make_interval(days => g % 330 + 1),
              $1::timestamptz + make_interval(days => g % 330 + 10),
              (ARRAY['substantiated','partly_substantiated','unsubstantiated','unsubstantiated','unsubstantiated','unsubstantiated'])[g % 6 + 1], '已答复'
         FROM generate_series(1, 2000) g JOIN LATERAL (SELECT id FROM units ORDER BY id OFFSET (g * 31) % (SELECT count(*) FROM units) LIMIT 1) u ON true`,
      [S],
    );
    await c.query(
      `INSERT INTO unit_profiles (unit_id, version, functions, address, postcode, office_hours, phone, leaders, accepts_applications, updated_by, updated_at)
       SELECT id, coalesce((SELECT max(version) FROM unit_profiles p WHERE p.unit_id = u.id), 0) + 1, '本单位职能', '地址', '100000', '工作日 9:00–17:00', '010-12345678', '[]', true, $1,
              $2::timestamptz - make_interval(days => (row_number() OVER (ORDER BY id))::int % 700)
         FROM units u`,
      [people[0], E],
    );
    const counts = (await c.query<{ documents: string; history: string }>(`SELECT (SELECT count(*) FROM documents WHERE decided_at >= $1 AND decided_at < $2) AS documents, (SELECT count(*) FROM document_history WHERE at >= $1 AND at < $2) AS history`, [S, E])).rows[0];
    const value = { year, documents: Number(counts.documents), historyRows: Number(counts.history) };
    await c.query(`INSERT INTO bench_dataset (key, value) VALUES ($1, $2)`, [KEY, JSON.stringify(value)]);
    await c.query('COMMIT');
    log('assessment documents: VACUUM ANALYZE');
    await c.query(`VACUUM (ANALYZE) documents, document_history, catalogue_entries, complaints, unit_profiles`);
    return { ...value, applied: true };
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await c.end();
  }
}
