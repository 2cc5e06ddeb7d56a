/**
 * Catalogue and feed reads with autocannon: the service against a bare Node `http` server that
 * answers the same bytes (captured from the service just before), run back to back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from './http.js';

const require = createRequire(import.meta.url);

interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
  latency: { p50: number; p97_5: number; p99: number; average: number };
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = require('autocannon') as Autocannon;

export interface ReadResult {
  name: string;
  target: 'service' | 'bare';
  perSecond: number;
  p50ms: number;
  p97_5ms: number;
  p99ms: number;
  expected: number;
  unexpected: number;
  statuses: Record<string, number>;
  bytes: number;
}

export interface ReadSpec {
  name: string;
  path: string;
  headers?: Record<string, string>;
  expectStatus: number;
  /** Paths to pick from at random for each request (deep pages); `path` is then what the bare server answers. */
  paths?: string[];
}

export async function load(port: number, spec: ReadSpec, seconds: number, connections: number): Promise<Omit<ReadResult, 'target' | 'bytes'>> {
  const opts: Record<string, unknown> = {
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    headers: spec.headers ?? {},
    timeout: 30,
  };
  if (spec.paths) {
    const paths = spec.paths;
    let i = 0;
    opts.requests = [
      {
        method: 'GET',
        setupRequest: (req: { path: string }) => {
          req.path = paths[i++ % paths.length];
          return req;
        },
      },
    ];
  } else {
    opts.requests = [{ method: 'GET', path: spec.path }];
  }
  const r = await autocannon(opts);
  const statuses: Record<string, number> = {};
  let total = 0;
  for (const [k, v] of Object.entries(r.statusCodeStats ?? {})) {
    statuses[k] = Number(v.count);
    total += Number(v.count);
  }
  const expected = statuses[String(spec.expectStatus)] ?? 0;
  return {
    name: spec.name,
    perSecond: Number((expected / r.duration).toFixed(0)),
    p50ms: r.latency.p50,
    p97_5ms: r.latency.p97_5,
    p99ms: r.latency.p99,
    expected,
    unexpected: total - expected + r.errors,
    statuses,
  };
}

export interface BareServer {
  port: number;
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface CapturedRoute {
  path: string;
  status: number;
  headers: Record<string, string>;
  notModifiedHeaders?: Record<string, string>;
  body: string;
}

/** Headers Node writes by itself, or that belong to one response only: not replayed. */
const PER_RESPONSE = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'x-request-id']);

function replayable(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const keep: Record<string, string> = {};
  for (const [h, v] of Object.entries(headers)) if (typeof v === 'string' && !PER_RESPONSE.has(h)) keep[h] = v;
  return keep;
}

/**
 * Captures what the service answers on `path`: status, every header (helmet's included, so that
 * the bare server writes the same bytes), the body, and the headers of its 304 when it has an ETag.
 */
export async function capture(port: number, path: string, headers: Record<string, string> = {}): Promise<CapturedRoute & { bytes: number }> {
  const r = await request(port, 'GET', path, { headers });
  const keep = replayable(r.headers);
  let notModifiedHeaders: Record<string, string> | undefined;
  if (keep.etag) {
    const nm = await request(port, 'GET', path, { headers: { ...headers, 'if-none-match': keep.etag } });
    if (nm.status === 304) notModifiedHeaders = replayable(nm.headers);
  }
  return { path, status: r.status, headers: keep, notModifiedHeaders, body: r.body.toString('base64'), bytes: r.body.length };
}

export async function startBareServer(routes: CapturedRoute[], dir: string): Promise<BareServer> {
  const file = join(dir, 'bare-routes.json');
  writeFileSync(file, JSON.stringify(routes));
  const child = spawn(process.execPath, [join('dist', 'bench', 'bare-server.js'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /\{"port":(\d+)\}/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
  });
  return {
    port,
    pid: child.pid!,
    child,
    stop: async () => {
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      await done;
    },
  };
}
