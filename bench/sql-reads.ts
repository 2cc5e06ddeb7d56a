/**
 * The deep page's ceiling: the service's own statement for a page after a cursor, issued through
 * `pg` as the service issues it (a named prepared statement on a pool), by as many connections as
 * the HTTP load has, each with the next cursor of the list — nothing else (no HTTP, no JSON, no
 * framework). Run as a process of its own, placed on the core where the service runs during the
 * reads (lib/affinity.ts), so both sides meet PostgreSQL on the other core alike.
 *
 *   node dist/bench/sql-reads.js job.json   → prints {"pages": N, "seconds": S} on stdout
 *
 * job.json: { "urls": [...], "name", "text", "params": [[...], ...], "seconds", "connections" };
 * with several URLs (a primary and its replicas) the statements go to them in turn.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';

interface Job {
  urls: string[];
  name: string;
  text: string;
  params: unknown[][];
  seconds: number;
  connections: number;
}

const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Job;
const pools = job.urls.map((url) => new pg.Pool({ connectionString: url, max: job.connections }));
let next = 0;
let pages = 0;
let errors = 0;
const round = async (until: number) => {
  await Promise.all(
    Array.from({ length: job.connections }, async () => {
      while (performance.now() < until) {
        const i = next++;
        try {
          const r = await pools[i % pools.length].query({ name: job.name, text: job.text, values: job.params[i % job.params.length] });
          if (r.rows.length > 0) pages++;
        } catch {
          errors++;
        }
      }
    }),
  );
};
// Warm: every connection opened and the statement prepared on each, then measured.
await round(performance.now() + 1000);
pages = 0;
errors = 0;
const t0 = performance.now();
await round(t0 + job.seconds * 1000);
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(`${JSON.stringify({ pages, errors, seconds: Number(seconds.toFixed(3)) })}\n`);
await Promise.all(pools.map((p) => p.end()));
