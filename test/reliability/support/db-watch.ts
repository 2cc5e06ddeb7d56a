/**
 * Watches the service's tables for changes: a fingerprint (row count + md5 of every row) of every
 * table of the public schema, taken after each request. audit_log, its chain (audit_chain, linked
 * by the sequencer after the fact) and the settings row `audit_head` are checked apart: a refused
 * request may append exactly the audit row of its denial (authorization.denied,
 * auth.login_failed), nothing else, and that row must be linked into the chain. pg-boss's own
 * schema is not the service's data and is left out.
 */
import type { Sql } from './invariants.js';

export interface Snapshot {
  tables: Record<string, string>;
  auditMaxId: number;
}

interface AuditRow {
  id: number;
  actor_id: string | null;
  action: string;
}

export class DbWatch {
  private query = '';

  /** `chain` links every final audit row (the service's sequencer), before the head is read. */
  constructor(
    private readonly sql: Sql,
    private readonly chain: () => Promise<unknown> = async () => undefined,
  ) {}

  async init(): Promise<string[]> {
    const tables = (await this.sql<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)).map((r) => r.tablename);
    const parts = tables
      .filter((t) => t !== 'audit_log' && t !== 'audit_chain')
      .map((t) => {
        const where = t === 'settings' ? `WHERE x.key <> 'audit_head'` : '';
        return `SELECT '${t}' AS t, count(*)::text || ':' || md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${t}" x ${where}`;
      });
    parts.push(`SELECT 'audit_log' AS t, coalesce(max(id), 0)::text AS h FROM audit_log`);
    this.query = parts.join('\nUNION ALL\n');
    return tables;
  }

  async snapshot(): Promise<Snapshot> {
    const rows = await this.sql<{ t: string; h: string }>(this.query);
    const tables: Record<string, string> = {};
    let auditMaxId = 0;
    for (const r of rows) {
      if (r.t === 'audit_log') auditMaxId = Number(r.h);
      else tables[r.t] = r.h;
    }
    return { tables, auditMaxId };
  }

  /** Tables whose content differs between two snapshots. */
  static changed(a: Snapshot, b: Snapshot): string[] {
    return Object.keys({ ...a.tables, ...b.tables }).filter((t) => a.tables[t] !== b.tables[t]);
  }

  async auditAfter(id: number): Promise<AuditRow[]> {
    return (await this.sql<{ id: string; actor_id: string | null; action: string }>(`SELECT id::text, actor_id, action FROM audit_log WHERE id > $1 ORDER BY id`, [id])).map((r) => ({
      ...r,
      id: Number(r.id),
    }));
  }

  /**
   * Whether the chain head comes to name audit row `id` (the newest). The sequencer links only
   * final rows — those no transaction still open, here or in the service's background work, could
   * precede — so it runs again until the row is linked or `timeoutMs` has passed, as the
   * sequencer in production runs every second.
   */
  async headReaches(id: number, timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.chain();
      const rows = await this.sql<{ value: string }>(`SELECT value FROM settings WHERE key = 'audit_head'`);
      const head = rows.length === 0 ? null : (JSON.parse(rows[0].value) as { id: string | null }).id;
      if (head !== null && Number(head) === id) return true;
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
