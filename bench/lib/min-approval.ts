/**
 * The workflow's ceiling: the minimal approval transaction, what any implementation of the leader's
 * sign-off must do in the database, issued straight through `pg` by `clients` connections:
 *
 *   BEGIN
 *   UPDATE documents … WHERE id AND version AND state RETURNING its text   -- lock and update the document
 *   INSERT INTO document_history …                                         -- the history row
 *   INSERT INTO index_counters … ON CONFLICT DO UPDATE RETURNING serial    -- the entry's gap-free number
 *   INSERT INTO catalogue_entries (…, search) VALUES (…, <search vector>)  -- the entry, with the vector of its text
 *   INSERT INTO catalogue_changes … RETURNING id                           -- the change the outbox row names
 *   INSERT INTO deliveries …                                               -- the outbox row (one subscriber)
 *   COMMIT
 *
 * The search vector is the service's own (`searchVectorSql`, tokens computed in JavaScript), so the
 * entry is searchable like the service's. Nothing else: no authorization, no assessment, no audit
 * row, no notification, no change-stream NOTIFY, no job row. The "same statements" ceiling
 * (workflow.ts) issues everything the service issues; this one is what the hardware allows an
 * approval to cost.
 */
import pg from 'pg';
import { chinaYearOf } from '../../src/common/china-time.js';
import { sqlParams } from '../../src/common/database/sql-params.js';
import { formatIndexNo } from '../../src/modules/catalogue/index-number.js';
import { searchVectorSql } from '../../src/modules/catalogue/search/search-vector.js';
import { cpuMeter } from './cpu.js';
import { percentile } from './http.js';
import { sampleWaits } from './waits.js';
import type { DocQueue, ThroughputResult } from './workflow.js';

const APPLICATION = 'gongkai-bench-minimal';

async function approveMinimal(c: pg.Client, docId: string, leaderId: string, unitCode: string, year: number, subscriberId: string): Promise<void> {
  await c.query('BEGIN');
  try {
    const doc = await c.query<{ unit_id: string; title: string; summary: string | null; body: string; doc_type: string; category: string | null; document_number: string | null }>(
      `UPDATE documents SET state = 'published', leader_approver_ids = leader_approver_ids || $2::uuid, decided_at = now(), step_entered_at = NULL, step_due_at = NULL,
              version = version + 1, updated_at = now()
        WHERE id = $1 AND version = 4 AND state = 'leader_review'
        RETURNING unit_id, title, summary, body, doc_type, category, document_number`,
      [docId, leaderId],
    );
    if (doc.rowCount !== 1) throw new Error('stale');
    const d = doc.rows[0];
    await c.query(
      `INSERT INTO document_history (document_id, actor_id, action, from_state, to_state, comment, public_attribute, version)
       VALUES ($1, $2, 'approve', 'leader_review', 'published', '同意', 'proactive', 5)`,
      [docId, leaderId],
    );
    const serial = (
      await c.query<{ last_serial: number }>(
        `INSERT INTO index_counters (unit_id, year, last_serial) VALUES ($1, $2, 1)
         ON CONFLICT (unit_id, year) DO UPDATE SET last_serial = index_counters.last_serial + 1 RETURNING last_serial`,
        [d.unit_id, year],
      )
    ).rows[0].last_serial;
    const indexNo = formatIndexNo(unitCode, year, serial);
    const { params, p } = sqlParams([indexNo, docId, d.unit_id, year, serial, d.title, d.summary, d.body, d.doc_type, d.category, d.document_number]);
    const vector = searchVectorSql(p, { title: d.title, summary: d.summary, body: d.body, attachmentsText: '' });
    await c.query(
      `INSERT INTO catalogue_entries (index_no, document_id, unit_id, year, serial, title, summary, body, doc_type, category, document_number, published_at, search)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now(), ${vector})`,
      params,
    );
    const change = await c.query<{ id: string }>(`INSERT INTO catalogue_changes (type, index_no, document_id) VALUES ('published', $1, $2) RETURNING id::text AS id`, [indexNo, docId]);
    await c.query(`INSERT INTO deliveries (subscriber_id, change_id, event_type, payload) VALUES ($1, $2, 'catalogue.published', $3)`, [
      subscriberId,
      change.rows[0].id,
      JSON.stringify({ type: 'catalogue.published', data: { indexNo, documentId: docId, title: d.title } }),
    ]);
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** `clients` connections approving documents back to back for `seconds`, the minimal transaction each. */
export async function runMinimalApprovals(
  databaseUrl: string,
  queue: DocQueue,
  who: { leaderIds: Map<string, string>; unitCodes: Map<string, string> },
  clients: number,
  seconds: number,
  name: string,
): Promise<ThroughputResult> {
  const conns = await Promise.all(
    Array.from({ length: clients }, async () => {
      const c = new pg.Client({ connectionString: databaseUrl, application_name: APPLICATION });
      await c.connect();
      return c;
    }),
  );
  const sub = await conns[0].query<{ id: string }>(`SELECT id FROM subscribers WHERE active ORDER BY created_at LIMIT 1`);
  if (sub.rowCount !== 1) throw new Error('no active subscriber for the outbox row');
  const year = chinaYearOf(Date.now());
  const lat: number[] = [];
  const errorsByKind: Record<string, number> = {};
  const published: string[] = [];
  let exhausted = false;
  const waits = seconds >= 4 && name !== 'parity' ? sampleWaits(databaseUrl, [APPLICATION]) : null;
  const cpu = cpuMeter([]);
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  let last = t0;
  await Promise.all(
    conns.map(async (c) => {
      while (performance.now() < deadline) {
        const d = queue.next();
        if (!d) {
          exhausted = true;
          return;
        }
        const s = performance.now();
        try {
          await approveMinimal(c, d.id, who.leaderIds.get(d.leader)!, who.unitCodes.get(d.unitId)!, year, sub.rows[0].id);
          last = performance.now();
          lat.push(last - s);
          published.push(d.id);
        } catch (e) {
          const k = (e as Error).message.slice(0, 80);
          errorsByKind[k] = (errorsByKind[k] ?? 0) + 1;
        }
      }
    }),
  );
  const used = cpu.stop();
  const w = await waits?.stop();
  await Promise.all(conns.map((c) => c.end()));
  lat.sort((a, b) => a - b);
  const secs = (last - t0) / 1000;
  return {
    name,
    clients,
    ok: lat.length,
    errors: Object.values(errorsByKind).reduce((s, n) => s + n, 0),
    errorsByKind,
    seconds: Number(secs.toFixed(2)),
    perSecond: Number((lat.length / secs).toFixed(1)),
    p50ms: Number(percentile(lat, 50).toFixed(1)),
    p95ms: Number(percentile(lat, 95).toFixed(1)),
    p99ms: Number(percentile(lat, 99).toFixed(1)),
    exhausted,
    published,
    waits: w,
    cpu: used,
  };
}
