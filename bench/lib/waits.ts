/**
 * What the database sessions of a load are doing: pg_stat_activity sampled every few
 * milliseconds, summed by (state, wait event, statement). "Lock/transactionid" on the index
 * counter's upsert is the queue for a unit's next index number; "Client/ClientRead" inside a
 * transaction is PostgreSQL waiting for the application's next statement.
 */
import pg from 'pg';

export interface WaitSummary {
  samples: number;
  /** Share of session-samples, largest first. */
  top: { what: string; pct: number }[];
  /** Average number of the load's sessions busy (in a statement or a transaction) per sample. */
  busySessions: number;
}

function shorten(q: string): string {
  const s = q.replace(/\s+/g, ' ').trim();
  if (/^INSERT INTO index_counters|^WITH d AS \(SELECT u\.id AS unit_id/.test(s)) return 'index counter upsert';
  if (/^WITH g AS \(SELECT COALESCE\(interprets_index_no/.test(s)) return 'change row INSERT (and NOTIFY)';
  if (/^INSERT INTO catalogue_entries/.test(s)) return 'catalogue INSERT (to_tsvector)';
  if (/^UPDATE documents SET state/.test(s)) return 'document UPDATE';
  if (/^INSERT INTO audit_log/.test(s)) return 'audit INSERT';
  if (/^(COMMIT|START TRANSACTION|BEGIN|ROLLBACK)/.test(s)) return s.split(' ')[0];
  return s.slice(0, 48);
}

export function sampleWaits(databaseUrl: string, applicationNames: string[], everyMs = 20): { stop(): Promise<WaitSummary> } {
  const c = new pg.Client({ connectionString: databaseUrl, application_name: 'gongkai-bench-waits' });
  const counts = new Map<string, number>();
  let sessions = 0;
  let samples = 0;
  let running = true;
  const loop = (async () => {
    await c.connect();
    while (running) {
      const r = await c.query<{ state: string; wet: string | null; we: string | null; query: string }>(
        `SELECT state, wait_event_type AS wet, wait_event AS we, query FROM pg_stat_activity
          WHERE application_name = ANY($1) AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
        [applicationNames],
      );
      samples++;
      for (const row of r.rows) {
        if (row.state === 'idle') continue;
        sessions++;
        const what =
          row.state === 'idle in transaction'
            ? `waiting for the application (idle in transaction) after: ${shorten(row.query)}`
            : `${row.wet ? `${row.wet}/${row.we}` : 'on CPU'}: ${shorten(row.query)}`;
        counts.set(what, (counts.get(what) ?? 0) + 1);
      }
      await new Promise((res) => setTimeout(res, everyMs));
    }
    await c.end();
  })();
  return {
    stop: async () => {
      running = false;
      await loop.catch(() => undefined);
      const total = [...counts.values()].reduce((s, n) => s + n, 0) || 1;
      return {
        samples,
        top: [...counts.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 8)
          .map(([what, n]) => ({ what, pct: Number(((100 * n) / total).toFixed(1)) })),
        busySessions: Number((sessions / Math.max(1, samples)).toFixed(1)),
      };
    },
  };
}
