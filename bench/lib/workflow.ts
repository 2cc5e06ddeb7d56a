/**
 * Workflow throughput: the leader's approval (leader_review → published) over HTTP, against the
 * ceiling of the same SQL statements issued straight through `pg` at the same concurrency.
 *
 * The ceiling does not re-type the statements: it calls the service's own repositories
 * (DocumentsRepository, AssessmentRepository, CatalogueRepository, DeliveryRepository,
 * IdentityRepository, NotificationsRepository), AuditService.appendStatement and JobQueue.queueDeliveries (pg-boss's insert) on a
 * TransactionHost whose manager is an EntityManager stand-in that hands each statement to a pg
 * client (the transaction's body runs in `host.within`, as the use case's runs in
 * `@Transactional()`), in the order TransitionDocumentUseCase and DocumentChanges.record run them:
 * the document with the gate's inputs (one statement), the versioned UPDATE (its row the
 * answer), the history row with the audit row and the drafter's notification (one statement,
 * written with the next), then the index number with the catalogue entry, its change row, the
 * subscribers and the waiting interpretations (one statement), and the outbox rows with their jobs
 * (written with the COMMIT). What it leaves out is everything that is not SQL: HTTP, Nest,
 * validation, JWT, CASL, the assessment scan, JSON. `parity()` checks with pg_stat_statements that both paths issue the same
 * statements per approval.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { loadConfig } from '../../config/configuration.js';
import { TransactionHost } from '../../src/common/database/transaction-host.js';
import { AssessmentRepository } from '../../src/modules/assessment/assessment.repository.js';
import { AssessmentModule } from '../../src/modules/assessment/assessment.module.js';
import { AssessmentService } from '../../src/modules/assessment/assessment.service.js';
import { ATTACHMENT_TEXT, type AttachmentTextSource } from '../../src/modules/assessment/attachment-text.port.js';
import { redact } from '../../src/modules/assessment/domain/index.js';
import { AuditService } from '../../src/modules/audit/audit.service.js';
import { AuditRepository } from '../../src/modules/audit/audit.repository.js';
import { ChainAuditLogUseCase } from '../../src/modules/audit/chain-audit-log.use-case.js';
import { dataSourceOptions } from '../../src/common/database/data-source-options.js';
import { PreparingClient } from '../../src/common/database/preparing-client.js';
import { CatalogueRepository } from '../../src/modules/catalogue/catalogue.repository.js';
import { ACTIVE_SUBSCRIBERS_JSON, DeliveryRepository } from '../../src/modules/delivery/delivery.repository.js';
import { JobQueue } from '../../src/modules/delivery/job-queue.service.js';
import { DocumentsRepository, type StateChange } from '../../src/modules/documents/documents.repository.js';
import { IdentityRepository } from '../../src/modules/identity/identity.repository.js';
import { NotificationsRepository } from '../../src/modules/notifications/notifications.repository.js';
import { GATED_APPROVALS } from '../../src/modules/workflow/transition-document.use-case.js';
import { makeAgent, percentile, request } from './http.js';
import type { PreparedDoc } from './prepare.js';
import { sampleWaits, type WaitSummary } from './waits.js';
import { cpuMeter, type CpuUse } from './cpu.js';

export interface ThroughputResult {
  name: string;
  clients: number;
  ok: number;
  errors: number;
  errorsByKind: Record<string, number>;
  seconds: number;
  perSecond: number;
  p50ms: number;
  p95ms: number;
  p99ms: number;
  exhausted: boolean;
  /** Documents this phase published (for the invariant checks). */
  published: string[];
  /** What the phase's database sessions were doing (pg_stat_activity samples). */
  waits?: WaitSummary;
  /** Where the machine's CPU went during the phase. */
  cpu?: CpuUse;
  /** What PostgreSQL did for it, per approval (pg_stat_statements). */
  statements?: StatementsUnderLoad;
}

export class DocQueue {
  private i = 0;
  constructor(private readonly docs: PreparedDoc[]) {}
  next(): PreparedDoc | null {
    return this.i < this.docs.length ? this.docs[this.i++] : null;
  }
  get remaining(): number {
    return this.docs.length - this.i;
  }
}

const PUBLIC_URL = 'http://gongkai.bench';
/** The guard's read names the token's session; the SQL path has none, so its session comes back null (the same statement). */
const SESSION_ID = randomUUID();

/** What TypeORM's EntityManager.query gives the repositories: rows, or [rows, count] for UPDATE/DELETE. */
function managerOn(c: pg.ClientBase): EntityManager {
  return {
    queryRunner: { data: {} },
    query: async (sql: string, params?: unknown[]) => {
      const r = await c.query(sql, params);
      return r.command === 'UPDATE' || r.command === 'DELETE' ? [r.rows, r.rowCount] : r.rows;
    },
  } as unknown as EntityManager;
}

/**
 * The class the service binds to a provider token in a module (useClass / useExisting), read from
 * the module's metadata, so the ceiling follows the service's wiring (e.g. ATTACHMENT_TEXT).
 */
function boundClass(module: object, token: unknown): new (tx: TransactionHost) => unknown {
  const providers = (Reflect.getMetadata('providers', module) ?? []) as { provide?: unknown; useClass?: unknown; useExisting?: unknown }[];
  const p = providers.find((x) => x && typeof x === 'object' && x.provide === token);
  const cls = (p?.useClass ?? p?.useExisting) as (new (tx: TransactionHost) => unknown) | undefined;
  if (!cls) throw new Error(`no provider for ${String(token)} in ${(module as { name?: string }).name}`);
  return cls;
}

/** The catalogue repository's read pool and unit directory: only its public reads use them, never the approval. */
const NOT_USED = new Proxy(
  {},
  {
    get: (_t, key) => {
      throw new Error(`the approval does not use ${String(key)}`);
    },
  },
) as never;

/**
 * The service's repositories and services that issue the approval's SQL, built without Nest, on one
 * connection: the host's manager is the connection's stand-in outside a transaction (the guard's
 * read), and the transaction's own stand-in inside `host.within` (see `approveViaSql`).
 */
function sqlPath(databaseUrl: string, c: pg.ClientBase) {
  const host = new TransactionHost({ manager: managerOn(c) } as unknown as DataSource);
  const config = loadConfig({ PUBLIC_URL });
  const Attachments = boundClass(AssessmentModule, ATTACHMENT_TEXT);
  const documents = new DocumentsRepository(host);
  const assessment = new AssessmentRepository(host);
  const attachments = new Attachments(host) as AttachmentTextSource;
  return {
    host,
    identity: new IdentityRepository(host),
    documents,
    // The gate's inputs read with the document, as the use case composes them (inputsSql / inputsFrom).
    gate: new AssessmentService(assessment, attachments, documents),
    catalogue: new CatalogueRepository(host, NOT_USED, NOT_USED),
    delivery: new DeliveryRepository(host),
    notifications: new NotificationsRepository(host),
    // Never started: only its send-in-transaction path (pg-boss's INSERT through our manager) is used.
    queue: new JobQueue(config, databaseUrl, host),
    audit: AuditService.on(host),
    config,
  };
}

/** One approval, statement for statement as TransitionDocumentUseCase (via WorkflowController) issues it. */
async function approveViaSql(c: pg.ClientBase, p: ReturnType<typeof sqlPath>, leaderId: string, docId: string): Promise<void> {
  const m = managerOn(c); // a fresh one per transaction (afterCommit marks live on it)
  // AuthGuard: the caller as they are now and the token's session, in one statement (outside the transaction, as the guard runs it).
  const caller = await p.identity.findCaller(leaderId, 0, SESSION_ID);
  if (!caller) throw new Error('leader not found');
  const actor = caller.actor;
  await c.query('START TRANSACTION');
  try {
    // @Transactional() on TransitionDocumentUseCase.execute: every repository reads `m`.
    await p.host.within(m, () => approvalBody(p, actor.id, docId));
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** The use case's transaction, statement for statement, inside `host.within`. */
async function approvalBody(p: ReturnType<typeof sqlPath>, actorId: string, docId: string): Promise<void> {
  // DocumentsService.getReadableWith: the document with the gate's inputs (AssessmentService.inputsSql:
  // the redaction spans and the attachments' texts), in one statement.
  const found = await p.documents.findByIdWith(docId, p.gate.inputsSql(), GATED_APPROVALS);
  if (!found) throw new Error('not found');
  const doc = found.doc;
  if (doc.version !== 4 || doc.state !== 'leader_review') throw new Error('stale');
  // AssessmentService.inputsFrom, for publicationCopy.
  const { spans, attachments } = p.gate.inputsFrom(found.alongside);
  const change: StateChange = {
    state: 'published',
    publicAttribute: doc.publicAttribute,
    nonDisclosureReason: doc.nonDisclosureReason,
    attributeRationale: doc.attributeRationale,
    officeAttribute: doc.officeAttribute,
    officeReason: doc.officeReason,
    proposedAttribute: null,
    proposedReason: null,
    reviewDue: false,
    decided: true,
    addLeaderApprover: actorId,
  };
  // DocumentChanges.record: the versioned write (its row is the answer), the history row with the audit row (no lock: chained after commit)
  // and the notification (Notifier.documentTransitionStatement: `published` for the drafter; mail is off in the measured service), the effects.
  if (!(await p.documents.applyTransition(docId, 4, 'leader_review', change, p.config.reassessmentDays))) throw new Error('stale');
  await p.documents.addHistory(
    {
      documentId: docId,
      actorId,
      action: 'approve',
      fromState: 'leader_review',
      toState: 'published',
      comment: '同意',
      publicAttribute: change.publicAttribute,
      nonDisclosureReason: change.nonDisclosureReason,
      version: 5,
    },
    [
      p.audit.appendStatement({
        actorId,
        action: 'document.approve',
        subjectType: 'Document',
        subjectId: docId,
        data: { from: 'leader_review', to: 'published', publicAttribute: change.publicAttribute, nonDisclosureReason: change.nonDisclosureReason },
      }),
    ],
    p.notifications.insertStatement(
      { eventId: randomUUID(), kind: 'published', subjectType: 'document', subjectId: docId, title: `已主动公开：《${doc.title}》`, recipients: { kind: 'drafter', documentId: docId }, exclude: [actorId] },
      false,
    ),
    // Mail off: nothing reads the answer, which goes with the next statement (Notifier's settle is null).
    true,
  );
  const copy = {
    title: doc.title,
    summary: doc.summary,
    body: spans.length ? redact(doc.body, spans) : doc.body,
    attachmentsText: attachments.map((a) => a.text).join('\n\n'),
  };
  // The effects. CatalogueService.publish: the number, the entry, its change, the subscribers and the
  // interpretations waiting for the document (InterpretationPublication.waitingSql) in one statement;
  // from the serial on, the unit's counter is locked until the commit.
  const ref = await p.catalogue.publishFromDocument(docId, copy, ACTIVE_SUBSCRIBERS_JSON, p.documents.interpretationsOfSql('$1', ['awaiting_main']));
  const { indexNo } = ref;
  const receivers = ref.receivers as { id: string }[];
  // DeliveryService.enqueue: the outbox (a webhook subscriber in the standard format), every delivery and its job in one statement.
  const deliveries = receivers.map((s) => {
    const payload = {
      type: 'catalogue.published',
      timestamp: ref.at,
      data: { indexNo, documentId: docId, title: copy.title, url: `${PUBLIC_URL}/api/v1/catalogue/${indexNo}` },
    };
    return { id: randomUUID(), subscriberId: s.id, changeId: ref.changeId, eventType: payload.type, payload };
  });
  await p.queue.queueDeliveries(
    deliveries.map((d) => d.id),
    deliveries.map((d) => p.delivery.insertDeliveryStatement(d)),
  );
}

/**
 * The audit chain's sequencer (ChainAuditLogUseCase) every second on connections of its own, as a
 * worker instance (DELIVERY_WORKER=true) runs it in production: the measured services run with the
 * workers off, so the benchmark runs it beside them for every write load.
 */
export function chainEverySecond(databaseUrl: string): { stop(): Promise<{ runs: number; linked: number }> } {
  const ds = new DataSource(dataSourceOptions(databaseUrl, 2));
  let running = true;
  let runs = 0;
  let linked = 0;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    await ds.initialize();
    const host = new TransactionHost(ds);
    const chain = new ChainAuditLogUseCase(host, new AuditRepository(host));
    while (running) {
      linked += await chain.all();
      runs++;
      await new Promise<void>((r) => {
        wake = r;
        setTimeout(r, 1000);
      });
    }
    await ds.destroy();
  })();
  return {
    stop: async () => {
      running = false;
      (wake as (() => void) | null)?.();
      await loop;
      return { runs, linked };
    },
  };
}

/** A phase that mostly fails stops early instead of burning the prepared documents. */
function failingFast(ok: number, errorsByKind: Record<string, number>): boolean {
  const errors = Object.values(errorsByKind).reduce((s, n) => s + n, 0);
  return errors >= 100 && errors > ok;
}

function summarise(name: string, clients: number, lat: number[], errorsByKind: Record<string, number>, seconds: number, exhausted: boolean, published: string[]): ThroughputResult {
  lat.sort((a, b) => a - b);
  const errors = Object.values(errorsByKind).reduce((s, n) => s + n, 0);
  return {
    name,
    clients,
    ok: lat.length,
    errors,
    errorsByKind,
    seconds: Number(seconds.toFixed(2)),
    perSecond: Number((lat.length / seconds).toFixed(1)),
    p50ms: Number(percentile(lat, 50).toFixed(1)),
    p95ms: Number(percentile(lat, 95).toFixed(1)),
    p99ms: Number(percentile(lat, 99).toFixed(1)),
    exhausted,
    published,
  };
}

/** The ceiling: `clients` pg connections, each approving documents back to back for `seconds`. */
export async function runSqlCeiling(
  databaseUrl: string,
  queue: DocQueue,
  leaderIds: Map<string, string>,
  clients: number,
  seconds: number,
  name = 'SQL ceiling',
): Promise<ThroughputResult> {
  const conns = await Promise.all(
    Array.from({ length: clients }, async () => {
      // The service's pool's client: the transaction's statements as named prepared statements.
      const c = new PreparingClient({ connectionString: databaseUrl, application_name: 'gongkai-bench-ceiling' });
      await c.connect();
      return c;
    }),
  );
  const lat: number[] = [];
  const errorsByKind: Record<string, number> = {};
  const published: string[] = [];
  let exhausted = false;
  const failing = () => failingFast(lat.length, errorsByKind);
  const waits = seconds >= 4 && name !== 'parity' ? sampleWaits(databaseUrl, ['gongkai-bench-ceiling']) : null;
  const cpu = cpuMeter([]);
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  let last = t0;
  await Promise.all(
    conns.map(async (c) => {
      const p = sqlPath(databaseUrl, c);
      while (performance.now() < deadline && !failing()) {
        const d = queue.next();
        if (!d) {
          exhausted = true;
          return;
        }
        const s = performance.now();
        try {
          await approveViaSql(c, p, leaderIds.get(d.leader)!, d.id);
          last = performance.now();
          lat.push(last - s);
          published.push(d.id);
        } catch (e) {
          const k = (e as Error).message.slice(0, 80);
          errorsByKind[k] = (errorsByKind[k] ?? 0) + 1;
        }
      }
    }),
  );
  const used = cpu.stop();
  const w = await waits?.stop();
  await Promise.all(conns.map((c) => c.end()));
  return { ...summarise(name, clients, lat, errorsByKind, (last - t0) / 1000, exhausted, published), waits: w, cpu: used };
}

/** The service: `clients` concurrent HTTP clients spread over `ports`, each posting approvals back to back. */
export async function runHttpWorkflow(
  ports: number[],
  queue: DocQueue,
  tokens: Map<string, string>,
  clients: number,
  seconds: number,
  name: string,
  dbUrl?: string,
  servicePids: number[] = [],
): Promise<ThroughputResult> {
  const agents = ports.map(() => makeAgent(clients));
  const cpu = cpuMeter(servicePids);
  const waits = seconds >= 4 && dbUrl && name !== 'parity' ? sampleWaits(dbUrl, ['gongkai']) : null;
  const lat: number[] = [];
  const errorsByKind: Record<string, number> = {};
  const published: string[] = [];
  let exhausted = false;
  const failing = () => failingFast(lat.length, errorsByKind);
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  let last = t0;
  await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      const port = ports[i % ports.length];
      const agent = agents[i % ports.length];
      while (performance.now() < deadline && !failing()) {
        const d = queue.next();
        if (!d) {
          exhausted = true;
          return;
        }
        const s = performance.now();
        try {
          const r = await request(port, 'POST', `/api/v1/documents/${d.id}/transitions`, {
            agent,
            headers: { authorization: `Bearer ${tokens.get(d.leader)}`, 'if-match': '"4"' },
            json: { action: 'approve', comment: '同意' },
          });
          last = performance.now();
          const body = r.status === 200 ? (JSON.parse(r.body.toString('utf8')) as { state: string; version: number; indexNo: string | null }) : null;
          if (body && body.state === 'published' && body.version === 5 && body.indexNo) {
            lat.push(last - s);
            published.push(d.id);
          } else {
            const k = `HTTP ${r.status} ${r.body.toString('utf8').slice(0, 60)}`;
            errorsByKind[k] = (errorsByKind[k] ?? 0) + 1;
          }
        } catch (e) {
          const k = (e as Error).message.slice(0, 80);
          errorsByKind[k] = (errorsByKind[k] ?? 0) + 1;
        }
      }
    }),
  );
  const used = cpu.stop();
  for (const a of agents) a.destroy();
  const w = await waits?.stop();
  return { ...summarise(name, clients, lat, errorsByKind, (last - t0) / 1000, exhausted, published), waits: w, cpu: used };
}

// ---------------------------------------------------------------------------------------------

export interface ParityResult {
  checked: boolean;
  note: string;
  /** Statements per approval that differ between the two paths (empty = the same statements). */
  differences: { query: string; service: number; ceiling: number }[];
  statementsPerApproval: { service: number; ceiling: number };
  /** PostgreSQL's execution time per approval (pg_stat_statements, one client at a time), by path. */
  execMsPerApproval?: { service: number; ceiling: number; minimal?: number };
  /** … and its planning time (pg_stat_statements.track_planning, on while parity runs). */
  planMsPerApproval?: { service: number; ceiling: number; minimal?: number };
  /** The service's statements that take most of that time, per approval. */
  costliest?: { query: string; calls: number; ms: number; planMs: number }[];
  /** The service's statements that take most planning time, per approval. */
  costliestPlans?: { query: string; planMs: number }[];
  /** Every statement of the service's approval, with its calls per approval. */
  serviceStatements?: { query: string; calls: number }[];
}

type StatRow = { id: string; query: string; calls: string; ms: number; planMs: number };

/** Same statements? pg_stat_statements over a few approvals by each path, one client at a time. */
export async function parity(
  databaseUrl: string,
  run: { ceiling: (n: number) => Promise<number>; service: (n: number) => Promise<number>; minimal?: (n: number) => Promise<number> },
): Promise<ParityResult> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    try {
      await c.query(`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`);
      await c.query(`SELECT pg_stat_statements_reset()`);
    } catch (e) {
      return { checked: false, note: `pg_stat_statements unavailable (${(e as Error).message}); statement parity not checked`, differences: [], statementsPerApproval: { service: 0, ceiling: 0 } };
    }
    const times = new Map<string, Map<string, number>>();
    const texts = new Map<string, string>();
    // Planning too (off by default: it costs a little on every statement), only while parity runs.
    const plan = new Map<string, number>();
    const planBy = new Map<string, number>();
    const tracking = await c
      .query(`ALTER SYSTEM SET pg_stat_statements.track_planning = on`)
      .then(() => c.query(`SELECT pg_reload_conf()`))
      .then(() => true, () => false);
    const snapshot = async (fn: (n: number) => Promise<number>, path: string) => {
      await c.query(`SELECT pg_stat_statements_reset()`);
      const n = await fn(40);
      const rows = await c.query<StatRow>(
        `SELECT queryid::text AS id, query, calls::text, total_exec_time AS ms, total_plan_time AS "planMs" FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      const per = new Map<string, number>();
      const ms = new Map<string, number>();
      for (const r of rows.rows) {
        const text = r.query.replace(/\s+/g, ' ').trim();
        if (/pg_stat_statements|pg_stat_activity|pgboss\.(version|job_common|archive|queue\b)|pg_advisory|MARK-/.test(text) && !/INSERT INTO pgboss\.job/.test(text)) continue;
        // By the statement's id, not its text: a statement prepared before the reset is recorded
        // with its constants, one parsed after it with them replaced by $n (the same statement).
        const k = r.id;
        texts.set(k, texts.get(k) ?? text);
        per.set(k, (per.get(k) ?? 0) + Number(r.calls) / n);
        ms.set(k, (ms.get(k) ?? 0) + Number(r.ms) / n);
        plan.set(path, (plan.get(path) ?? 0) + Number(r.planMs) / n);
        if (path === 'service') planBy.set(k, (planBy.get(k) ?? 0) + Number(r.planMs) / n);
      }
      times.set(path, ms);
      return per;
    };
    const service = await snapshot(run.service, 'service');
    const ceiling = await snapshot(run.ceiling, 'ceiling');
    if (run.minimal) await snapshot(run.minimal, 'minimal');
    if (tracking) await c.query(`ALTER SYSTEM RESET pg_stat_statements.track_planning`).then(() => c.query(`SELECT pg_reload_conf()`));
    const total = (path: string) => Number([...(times.get(path)?.values() ?? [])].reduce((a, b) => a + b, 0).toFixed(2));
    const planned = (path: string) => Number((plan.get(path) ?? 0).toFixed(2));
    const keys = new Set([...service.keys(), ...ceiling.keys()]);
    const differences: ParityResult['differences'] = [];
    let sTotal = 0;
    let cTotal = 0;
    for (const k of keys) {
      const s = service.get(k) ?? 0;
      const q = ceiling.get(k) ?? 0;
      // Background statements (pg-boss upkeep, the cache's LISTEN) are not per approval: ignore rare ones.
      if (s < 0.5 && q < 0.5) continue;
      sTotal += s;
      cTotal += q;
      if (Math.abs(s - q) > 0.05) differences.push({ query: (texts.get(k) ?? k).slice(0, 160), service: Number(s.toFixed(2)), ceiling: Number(q.toFixed(2)) });
    }
    await c.query(`SELECT pg_stat_statements_reset()`);
    return {
      checked: true,
      note: differences.length === 0 ? 'same statements per approval on both paths' : `${differences.length} statement(s) differ`,
      differences,
      statementsPerApproval: { service: Number(sTotal.toFixed(1)), ceiling: Number(cTotal.toFixed(1)) },
      execMsPerApproval: { service: total('service'), ceiling: total('ceiling'), ...(run.minimal ? { minimal: total('minimal') } : {}) },
      costliestPlans: [...planBy.entries()].sort((x, y) => y[1] - x[1]).slice(0, 8).map(([k, ms]) => ({ query: (texts.get(k) ?? k).slice(0, 90), planMs: Number(ms.toFixed(3)) })),
      ...(tracking ? { planMsPerApproval: { service: planned('service'), ceiling: planned('ceiling'), ...(run.minimal ? { minimal: planned('minimal') } : {}) } } : {}),
      serviceStatements: [...service.entries()].filter(([, n]) => n >= 0.5).map(([k, n]) => ({ query: (texts.get(k) ?? k).slice(0, 200), calls: Number(n.toFixed(2)) })),
      costliest: [...(times.get('service') ?? new Map<string, number>()).entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([k, ms]) => ({ query: (texts.get(k) ?? k).slice(0, 90), calls: Number((service.get(k) ?? 0).toFixed(2)), ms: Number(ms.toFixed(3)), planMs: Number((planBy.get(k) ?? 0).toFixed(3)) })),
    };
  } finally {
    await c.end();
  }
}

/** What PostgreSQL did for one write load (pg_stat_statements between `begin` and `end`), per approval. */
export interface StatementsUnderLoad {
  /** Execution time of every statement per approval (lock waits included: wall time inside PostgreSQL). */
  execMsPerApproval: number;
  /** Shared buffers touched per approval (the work, without the waits). */
  buffersPerApproval: number;
  /** The statements that took most of that time: per approval, their mean, and buffers per call. */
  top: { query: string; msPerApproval: number; meanMs: number; buffersPerCall: number }[];
}

/** pg_stat_statements around a load; null when the extension is unavailable (an external server). */
export async function statementsUnderLoad(databaseUrl: string): Promise<{ end(approvals: number): Promise<StatementsUnderLoad | null> } | null> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query(`SELECT pg_stat_statements_reset()`);
  } catch {
    await c.end();
    return null;
  }
  return {
    async end(approvals) {
      try {
        if (approvals <= 0) return null;
        const { rows } = await c.query<{ query: string; calls: string; ms: number; buffers: string }>(
          `SELECT query, calls::text, total_exec_time AS ms, (shared_blks_hit + shared_blks_read)::text AS buffers FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query !~ 'pg_stat_(statements|activity)'`,
        );
        const per = (x: number) => Number((x / approvals).toFixed(2));
        return {
          execMsPerApproval: per(rows.reduce((a, r) => a + Number(r.ms), 0)),
          buffersPerApproval: Math.round(rows.reduce((a, r) => a + Number(r.buffers), 0) / approvals),
          top: rows
            .sort((a, b) => b.ms - a.ms)
            .slice(0, 3)
            .map((r) => ({
              query: r.query.replace(/\s+/g, ' ').trim().slice(0, 60),
              msPerApproval: per(r.ms),
              meanMs: Number((r.ms / Number(r.calls)).toFixed(2)),
              buffersPerCall: Math.round(Number(r.buffers) / Number(r.calls)),
            })),
        };
      } finally {
        await c.end();
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------

export interface InvariantResult {
  ok: boolean;
  checks: { name: string; ok: boolean; detail: string }[];
}

/**
 * After concurrent approvals: nothing lost, nothing doubled, serials gap-free, the audit chain
 * intact. `minimalIds`: approvals of the minimal-transaction ceiling (min-approval.ts), which
 * writes no audit row by design; every other check covers them too.
 */
export async function checkInvariants(databaseUrl: string, publishedIds: string[], attempted: string[], minimalIds: string[] = []): Promise<InvariantResult> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  const checks: InvariantResult['checks'] = [];
  const add = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });
  try {
    const ids = [...publishedIds, ...minimalIds];
    const st = await c.query<{ n: string; v5: string; hist: string; entries: string }>(
      `SELECT count(*) AS n,
              count(*) FILTER (WHERE d.state = 'published' AND d.version = 5) AS v5,
              (SELECT count(*) FROM document_history h WHERE h.document_id = ANY($1::uuid[]) AND h.version = 5) AS hist,
              (SELECT count(*) FROM catalogue_entries e WHERE e.document_id = ANY($1::uuid[])) AS entries
         FROM documents d WHERE d.id = ANY($1::uuid[])`,
      [ids],
    );
    const r = st.rows[0];
    add('every acknowledged approval is stored (no lost update)', Number(r.v5) === ids.length && Number(r.hist) === ids.length,
      `${ids.length} acknowledged; ${r.v5} published at version 5; ${r.hist} history rows for version 5`);
    add('one catalogue entry per acknowledged approval', Number(r.entries) === ids.length, `${r.entries} entries for ${ids.length} documents`);
    const extra = await c.query<{ n: string }>(
      `SELECT count(*) AS n FROM documents d WHERE d.id = ANY($1::uuid[]) AND NOT (d.id = ANY($2::uuid[])) AND d.state <> 'leader_review'`,
      [attempted, ids],
    );
    add('no unacknowledged approval took effect', Number(extra.rows[0].n) === 0, `${extra.rows[0].n} documents changed without a success answer`);
    const dup = await c.query<{ n: string }>(`SELECT count(*) AS n FROM (SELECT document_id FROM catalogue_entries WHERE document_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1) x`);
    add('no duplicate catalogue entries', Number(dup.rows[0].n) === 0, `${dup.rows[0].n} documents with more than one entry`);
    const orphan = await c.query<{ missing: string; stray: string }>(
      `SELECT (SELECT count(*) FROM documents d WHERE d.state = 'published' AND NOT EXISTS (SELECT 1 FROM catalogue_entries e WHERE e.document_id = d.id AND e.revoked_at IS NULL)) AS missing,
              (SELECT count(*) FROM catalogue_entries e JOIN documents d ON d.id = e.document_id WHERE e.revoked_at IS NULL AND d.state <> 'published') AS stray`,
    );
    add('every published document has its entry, and only those', Number(orphan.rows[0].missing) === 0 && Number(orphan.rows[0].stray) === 0,
      `${orphan.rows[0].missing} published without entry, ${orphan.rows[0].stray} entries of unpublished documents`);
    const gaps = await c.query<{ bad: string; groups: string }>(
      `SELECT count(*) FILTER (WHERE g.n <> g.mx OR g.mn <> 1 OR g.mx <> k.last_serial) AS bad, count(*) AS groups
         FROM (SELECT unit_id, year, count(*) AS n, min(serial) AS mn, max(serial) AS mx FROM catalogue_entries GROUP BY unit_id, year) g
         JOIN index_counters k ON k.unit_id = g.unit_id AND k.year = g.year`,
    );
    add('serials gap-free per unit and year, counters agree', Number(gaps.rows[0].bad) === 0, `${gaps.rows[0].groups} (unit, year) groups, ${gaps.rows[0].bad} with a gap or a counter mismatch`);
    const changes = await c.query<{ n: string }>(
      `SELECT count(*) AS n FROM catalogue_entries e WHERE e.document_id = ANY($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM catalogue_changes ch WHERE ch.index_no = e.index_no AND ch.type = 'published')`,
      [ids],
    );
    add('every publication is in the change stream', Number(changes.rows[0].n) === 0, `${changes.rows[0].n} entries without a change`);
    const audit = await c.query<{ n: string }>(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'document.approve' AND subject_id = ANY($1::text[])`,
      [publishedIds],
    );
    add('one audit row per approval', Number(audit.rows[0].n) === publishedIds.length, `${audit.rows[0].n} audit rows for ${publishedIds.length} approvals`);
  } finally {
    await c.end();
  }
  return { ok: checks.every((x) => x.ok), checks };
}
