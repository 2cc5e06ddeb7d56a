/**
 * The service as a child process, exactly as production starts it (`npm run start:prod`: node with its flags, `dist/src/main.js`, with
 * DATABASE_URL), and its memory read from /proc/<pid>/status while the loads run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './postgres.js';
import { request } from './http.js';

export interface ServiceProcess {
  pid: number;
  port: number;
  child: ChildProcess;
  /** Current and peak resident memory (MB); anonymous (heap) and file-backed parts. */
  memory(): { rssMb: number; hwmMb: number; anonMb: number; fileMb: number };
  stop(): Promise<void>;
  /** The last lines the service wrote to stderr (for error reports). */
  stderrTail(): string;
}

export interface ServiceOptions {
  databaseUrl: string;
  logLevel: string;
  cpuProfDir?: string;
  name: string;
  env?: Record<string, string>;
  nodeOptions?: string;
}

/** The environment the benchmark gives the service: defaults everywhere except these. */
export function serviceEnv(o: ServiceOptions, port: number): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    DATABASE_URL: o.databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: o.logLevel,
    PUBLIC_URL: 'http://gongkai.bench',
    // Tokens outlive a long run (the default 900 s would expire during --entries 1000000).
    ACCESS_TOKEN_TTL: '14400',
    // The benchmark's own PostgreSQL is never the dev one under ./data.
    DATA_DIR: '/nonexistent-bench-data-dir',
    ...(o.nodeOptions ? { NODE_OPTIONS: o.nodeOptions } : {}),
    ...(o.env ?? {}),
  };
}

function readStatus(pid: number): { rssMb: number; hwmMb: number; anonMb: number; fileMb: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024, anonMb: kb('RssAnon') / 1024, fileMb: kb('RssFile') / 1024 };
  } catch {
    return { rssMb: NaN, hwmMb: NaN, anonMb: NaN, fileMb: NaN };
  }
}

/** The node flags of `npm run start:prod` (package.json), so the service runs as production runs it. */
export function productionNodeFlags(): string[] {
  const script = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts['start:prod'] ?? '';
  const m = /^node\s+(.*?)\s*dist\/src\/main\.js/.exec(script);
  return m ? m[1].split(/\s+/).filter(Boolean) : [];
}

export async function startService(o: ServiceOptions): Promise<ServiceProcess> {
  const port = await freePort();
  const nodeArgs: string[] = productionNodeFlags();
  if (o.cpuProfDir) {
    mkdirSync(o.cpuProfDir, { recursive: true });
    nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${o.cpuProfDir}`, `--cpu-prof-name=${o.name}.cpuprofile`);
  }
  const child = spawn(process.execPath, [...nodeArgs, join('dist', 'src', 'main.js')], {
    env: serviceEnv(o, port),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let tail = '';
  child.stderr!.on('data', (d: Buffer) => {
    tail = (tail + d.toString('utf8')).slice(-4000);
  });
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) throw new Error(`the service exited with ${exited} at start:\n${tail}`);
    try {
      const r = await request(port, 'GET', '/health/ready', { timeoutMs: 2000 });
      if (r.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`the service did not become ready in 60 s:\n${tail}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    pid: child.pid!,
    port,
    child,
    memory: () => readStatus(child.pid!),
    stderrTail: () => tail,
    stop: async () => {
      if (exited !== null) return;
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await done;
      clearTimeout(timer);
    },
  };
}

/** Samples RSS of some processes every `ms` until stopped; returns the peak per pid. */
export function sampleMemory(procs: ServiceProcess[], ms = 200): { stop(): { peakRssMb: number; samples: number } } {
  let peak = 0;
  let samples = 0;
  const tick = () => {
    for (const p of procs) {
      const m = p.memory();
      if (Number.isFinite(m.rssMb)) peak = Math.max(peak, m.rssMb);
    }
    samples++;
  };
  tick();
  const timer = setInterval(tick, ms);
  return {
    stop: () => {
      clearInterval(timer);
      tick();
      return { peakRssMb: Number(peak.toFixed(1)), samples };
    },
  };
}
