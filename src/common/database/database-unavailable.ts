/**
 * Whether an error means the database cannot be reached (down, restarting, connections refused,
 * cut or timed out, its host not resolving), however it arrives: from `pg`, from its pool, or
 * wrapped by TypeORM (`driverError`). Used by the HTTP error filter (503) and by the process-level
 * guard in main.ts (a background task that lost its connection is retried, not fatal).
 */
const CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006']);
const MESSAGES = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|the database system is (starting up|shutting down)/i;

export function isDatabaseUnavailable(exception: unknown): boolean {
  const e = exception as { code?: unknown; message?: unknown; driverError?: { code?: unknown; message?: unknown } } | null;
  if (!e || typeof e !== 'object') return false;
  for (const x of [e, e.driverError]) {
    if (!x) continue;
    if (typeof x.code === 'string' && CODES.has(x.code)) return true;
    if (typeof x.message === 'string' && MESSAGES.test(x.message)) return true;
  }
  return false;
}
