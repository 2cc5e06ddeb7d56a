/**
 * Cores for the read measurements. On a machine this small the service (or the bare server),
 * PostgreSQL and the load generator share two cores; Linux then wakes the PostgreSQL backend a
 * query wakes on the core of the process that sent it, and the service loses about a quarter of
 * its core to that (measured: 0.89 of a core used, 0.58 → 0.53 ms of CPU per deep page when
 * pinned). In production the database has a host of its own. So, when `taskset` (util-linux)
 * is there and the machine has two cores or more, the HTTP server under test — the service, then
 * the bare server, in turn — gets core 0 to itself, and PostgreSQL and the load generator share
 * the others. `--no-pin` measures without it.
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';

export interface CoreLayout {
  /** For the log: which process runs where. */
  description: string;
  /** Puts a server under test (and all its threads) on its core. */
  server(pid: number): void;
  /** Gives every process its cores back. */
  restore(): void;
}

function taskset(cores: string, pid: number): boolean {
  try {
    execFileSync('taskset', ['-a', '-cp', cores, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The postmaster and its children (backends, background workers). */
function postgresPids(postmasterPid: number): number[] {
  const out = [postmasterPid];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const s = readFileSync(`/proc/${d}/stat`, 'utf8');
      if (Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]) === postmasterPid) out.push(Number(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

/** Null when pinning is not possible here (one core, no taskset); the caller measures unpinned. */
export function pinForReads(postmasterPid: number | null): CoreLayout | null {
  const cores = availableParallelism();
  if (cores < 2) return null;
  const all = `0-${cores - 1}`;
  const rest = cores === 2 ? '1' : `1-${cores - 1}`;
  if (!taskset(rest, process.pid)) return null;
  const pinned = [process.pid];
  // New backends inherit the postmaster's cores; the existing ones are moved one by one.
  if (postmasterPid) for (const pid of postgresPids(postmasterPid)) if (taskset(rest, pid)) pinned.push(pid);
  return {
    description: `the server under test on core 0; ${postmasterPid ? 'PostgreSQL and ' : ''}the load generator on core${rest.includes('-') ? 's' : ''} ${rest}`,
    server: (pid) => {
      if (taskset('0', pid)) pinned.push(pid);
    },
    restore: () => {
      for (const pid of pinned) taskset(all, pid);
      if (postmasterPid) for (const pid of postgresPids(postmasterPid)) taskset(all, pid);
    },
  };
}
