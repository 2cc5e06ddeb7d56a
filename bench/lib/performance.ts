/**
 * The performance assessment of every unit for a year (GET /api/v1/performance/units?year=), a
 * few times as the disclosure office would open it, the first cold, and the figures the dataset
 * gives it (how many units, how many records each metric counted), so a fast answer over an
 * empty year cannot pass for a fast assessment.
 */
import pg from 'pg';
import { chinaYearBounds } from '../../src/common/china-time.js';
import { percentile, request } from './http.js';

export interface AssessmentResult {
  available: boolean;
  note: string;
  year: number;
  units: number;
  runs: number[];
  p50ms: number;
  maxms: number;
  bytes: number;
  /** The records of the year behind the metrics, counted straight in the database. */
  records: Record<string, number>;
  /** The same request with ?format=xlsx, once. */
  xlsxMs: number | null;
}

export async function measureAssessment(port: number, token: string, year: number, databaseUrl: string, runs = 3): Promise<AssessmentResult> {
  const path = `/api/v1/performance/units?year=${year}`;
  const headers = { authorization: `Bearer ${token}` };
  const none = (note: string): AssessmentResult => ({ available: false, note, year, units: 0, runs: [], p50ms: NaN, maxms: NaN, bytes: 0, records: {}, xlsxMs: null });
  const first = await request(port, 'GET', path, { headers, timeoutMs: 300_000 });
  if (first.status === 404) return none(`the route is not there (404: ${first.body.toString().slice(0, 80)})`);
  if (first.status !== 200) return none(`answered ${first.status}: ${first.body.toString().slice(0, 120)}`);
  const times = [first.ms];
  for (let i = 1; i < runs; i++) {
    const r = await request(port, 'GET', path, { headers, timeoutMs: 300_000 });
    if (r.status !== 200) throw new Error(`assessment: ${r.status}`);
    times.push(r.ms);
  }
  const xlsx = await request(port, 'GET', `${path}&format=xlsx`, { headers, timeoutMs: 300_000 });
  const body = JSON.parse(first.body.toString()) as { units: unknown[] };
  const sorted = [...times].sort((a, b) => a - b);
  return {
    available: true,
    note: 'first run included (cold), then warm; the XLSX once after',
    year,
    units: body.units.length,
    runs: times.map((t) => Number(t.toFixed(0))),
    p50ms: Number(percentile(sorted, 50).toFixed(0)),
    maxms: Number(sorted[sorted.length - 1].toFixed(0)),
    bytes: first.body.length,
    records: await recordsOfYear(databaseUrl, year),
    xlsxMs: xlsx.status === 200 ? Number(xlsx.ms.toFixed(0)) : null,
  };
}

/** How many records of the year each metric reads (the dataset's side of the figure). */
async function recordsOfYear(databaseUrl: string, year: number): Promise<Record<string, number>> {
  const { start, end } = chinaYearBounds(year);
  const c = new pg.Client({ connectionString: databaseUrl, application_name: 'gongkai-bench-assessment' });
  await c.connect();
  try {
    const r = await c.query<Record<string, string>>(
      `SELECT (SELECT count(*) FROM catalogue_entries WHERE revoked_at IS NULL AND published_at >= $1 AND published_at < $2) AS "entriesPublished",
              (SELECT count(*) FROM catalogue_entries WHERE revoked_at IS NULL AND document_id IS NOT NULL AND published_at >= $1 AND published_at < $2) AS "entriesFromTheReviewChain",
              (SELECT count(*) FROM documents WHERE decided_at >= $1 AND decided_at < $2) AS "documentsDecided",
              (SELECT count(*) FROM applications WHERE received_at >= $1 AND received_at < $2) AS "applicationsReceived",
              (SELECT count(*) FROM applications WHERE replied_at >= $1 AND replied_at < $2) AS "applicationsReplied",
              (SELECT count(*) FROM appeals WHERE concluded_at >= $1 AND concluded_at < $2) AS "appealsConcluded",
              (SELECT count(*) FROM complaints WHERE replied_at >= $1 AND replied_at < $2) AS "complaintsReplied",
              (SELECT count(*) FROM document_history WHERE at >= $1 AND at < $2) AS "historyRows"`,
      [new Date(start), new Date(end)],
    );
    return Object.fromEntries(Object.entries(r.rows[0]).map(([k, v]) => [k, Number(v)]));
  } finally {
    await c.end();
  }
}
