/**
 * CPU accounting for a phase, from /proc: how busy the whole machine was, how many cores the
 * service processes and this load generator used. The rest is PostgreSQL and anything else
 * running on the machine (other engineers' test suites included).
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS = 100; // USER_HZ on Linux

function machine(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = line[3] + (line[4] ?? 0);
  const total = line.reduce((s, x) => s + x, 0);
  return { busy: total - idle, total };
}

function processTicks(pid: number): number {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]); // utime + stime
  } catch {
    return NaN;
  }
}

/** The PostgreSQL server's processes: the postmaster and its children. */
function postgresTicks(postmasterPid: number | null): Map<number, number> {
  const out = new Map<number, number>();
  if (!postmasterPid) return out;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      const pid = Number(d);
      if (pid === postmasterPid || Number(f[1]) === postmasterPid) out.set(pid, Number(f[11]) + Number(f[12]));
    } catch {
      /* gone */
    }
  }
  return out;
}

let postmaster: number | null = null;
/** Tells the meter which PostgreSQL to count (the embedded one's postmaster pid). */
export function setPostmasterPid(pid: number | null): void {
  postmaster = pid;
}

export interface CpuUse {
  /** Share of all cores busy, 0–100. */
  machineBusyPct: number;
  /** Cores used by the service processes together. */
  serviceCores: number;
  /** Cores used by this process and its children (the load generator — autocannon, wrk —, or the SQL ceiling's client). */
  generatorCores: number;
  /** Cores used by the benchmark's PostgreSQL (null when it is not a local embedded one). */
  postgresCores: number | null;
  /** Cores used by everything else on the machine (other engineers' work included). */
  otherCores: number;
}

/** CPU of this process's children that have ended (wrk runs, the SQL ceiling's processes), in ticks. */
function childrenTicks(): number {
  const s = readFileSync('/proc/self/stat', 'utf8');
  const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
  return Number(f[13]) + Number(f[14]); // cutime + cstime
}

export function cpuMeter(servicePids: number[]): { stop(): CpuUse } {
  const m0 = machine();
  const s0 = servicePids.map(processTicks);
  const g0 = process.cpuUsage();
  const c0 = childrenTicks();
  const p0 = postgresTicks(postmaster);
  const t0 = performance.now();
  return {
    stop: () => {
      const m1 = machine();
      const seconds = (performance.now() - t0) / 1000;
      const cores = (m1.total - m0.total) / TICKS / seconds;
      const busyCores = (m1.busy - m0.busy) / TICKS / seconds;
      const service = servicePids.map(processTicks).reduce((s, x, i) => s + (x - s0[i]), 0) / TICKS / seconds;
      const g = process.cpuUsage(g0);
      // This process and its children that ended meanwhile (wrk is a child process).
      const generator = (g.user + g.system) / 1e6 / seconds + (childrenTicks() - c0) / TICKS / seconds;
      let pgTicks = 0;
      for (const [pid, t] of postgresTicks(postmaster)) pgTicks += t - (p0.get(pid) ?? 0);
      const pgCores = postmaster ? pgTicks / TICKS / seconds : null;
      const svc = Number.isFinite(service) ? service : 0;
      const r = (x: number) => Number(x.toFixed(2));
      return {
        machineBusyPct: Math.round((100 * busyCores) / Math.max(1e-9, cores)),
        serviceCores: r(svc),
        generatorCores: r(generator),
        postgresCores: pgCores === null ? null : r(pgCores),
        otherCores: r(Math.max(0, busyCores - svc - generator - (pgCores ?? 0))),
      };
    },
  };
}
