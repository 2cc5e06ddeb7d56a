/**
 * Reads measured with `wrk`, a native load generator (C, epoll, one thread here): the figure is the
 * server's, not the client's. autocannon (Node) spends about a core at 10,000 requests/s, so on
 * this 2-core machine it measured the service and the bare server alike (its own ceiling); its
 * figures are kept beside wrk's (reads.ts).
 *
 * `wrk` comes from the Debian package of that name: when it is missing and this process may
 * install packages (root, apt-get present), it is installed the way .ci/run installs PostgreSQL 15;
 * otherwise the reads fall back to autocannon alone and say so.
 */
import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ReadSpec } from './reads.js';

const run = promisify(execFile);

function which(cmd: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null;
  } catch {
    return null;
  }
}

/** The wrk binary, installed with apt-get when absent and possible; null (with the reason logged) otherwise. */
export function ensureWrk(log: (m: string) => void): string | null {
  const found = which('wrk');
  if (found) return found;
  if (userInfo().uid !== 0 || !which('apt-get')) {
    log('wrk not found and not installable here (needs root and apt-get): reads measured with autocannon only');
    return null;
  }
  log('wrk not found: apt-get install wrk');
  try {
    execFileSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null'], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    log(`apt-get install wrk failed (${(e as Error).message.split('\n')[0]}): reads measured with autocannon only`);
    return null;
  }
  return which('wrk');
}

export interface WrkResult {
  name: string;
  perSecond: number;
  requests: number;
  seconds: number;
  /** Answers with a status of 400 or more, socket errors and timeouts (wrk counts 1xx–3xx as success). */
  errors: number;
  p50ms: number;
  p99ms: number;
}

const lua = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * The script: the spec's headers, a path per request from its list (deep pages), and a JSON line
 * with the counts at the end.
 */
function script(spec: ReadSpec, dir: string): string {
  const file = join(dir, `wrk-${spec.name.replace(/[^a-z0-9]+/gi, '-')}.lua`);
  const headers = Object.entries(spec.headers ?? {}).map(([k, v]) => `wrk.headers[${lua(k)}] = ${lua(v)}`);
  // One path: wrk builds the request once. Several: one per request, from the list in turn.
  const requests = spec.paths
    ? [`local paths = { ${spec.paths.map(lua).join(', ')} }`, 'local i = 0', 'request = function()', '  i = i + 1', '  return wrk.format("GET", paths[(i % #paths) + 1])', 'end']
    : [`wrk.path = ${lua(spec.path)}`];
  writeFileSync(
    file,
    [
      ...headers,
      ...requests,
      'done = function(summary, latency, requests)',
      '  local e = summary.errors',
      '  io.write(string.format(\'\\n{"requests":%d,"us":%d,"errors":%d,"p50":%d,"p99":%d}\\n\', summary.requests, summary.duration, e.connect + e.read + e.write + e.status + e.timeout, latency:percentile(50), latency:percentile(99)))',
      'end',
      '',
    ].join('\n'),
  );
  return file;
}

/** `connections` connections on one wrk thread for `seconds` against 127.0.0.1:`port`. */
export async function wrkLoad(wrk: string, port: number, spec: ReadSpec, seconds: number, connections: number, dir: string): Promise<WrkResult> {
  const { stdout } = await run(wrk, ['-t1', `-c${connections}`, `-d${Math.max(1, Math.round(seconds))}s`, '--timeout', '30s', '-s', script(spec, dir), `http://127.0.0.1:${port}`], {
    maxBuffer: 4 * 1024 * 1024,
  });
  const line = stdout.trim().split('\n').reverse().find((l) => l.startsWith('{"requests"'));
  if (!line) throw new Error(`wrk printed no summary:\n${stdout}`);
  const r = JSON.parse(line) as { requests: number; us: number; errors: number; p50: number; p99: number };
  const secs = r.us / 1e6;
  const good = Math.max(0, r.requests - r.errors);
  return { name: spec.name, perSecond: Math.round(good / secs), requests: r.requests, seconds: Number(secs.toFixed(2)), errors: r.errors, p50ms: r.p50 / 1000, p99ms: r.p99 / 1000 };
}
