/**
 * Bad input, generated from the service's own OpenAPI document (GET /api/docs-json) with
 * fast-check: every operation gets wrong types, missing required fields, unknown enum values,
 * extra properties, odd strings (NUL, lone surrogates, bidi marks, SQL and JSON fragments), huge
 * strings and query strings, broken JSON and wrong content types, odd path parameters and
 * headers, as admin, officer, drafter, anonymous and with a forged token. For every answer:
 * - never a 5xx, never a stack trace, an internal path or SQL text;
 * - every error has the contract's shape {statusCode, message, error};
 * - a refused request changes nothing in the database; the audit log may only gain the row of
 *   the refusal itself (authorization.denied for a 403, auth.login_failed for a failed login,
 *   auth.oidc_refused for a refused single sign-on);
 * - the document describes the service exactly: every status answered is documented for its
 *   operation; a bearer token is required exactly where the document's security says so; and
 *   each rule the document states about an input (required, nullable, type, enum, format,
 *   pattern, minLength/maxLength, minimum/maximum, maxItems, additionalProperties: false) holds:
 *   a request breaking it is refused (400; 404 for a path parameter), one at its limit is not.
 */
import fc from 'fast-check';
import { FULL_CHAIN, bearer, seedDistrict, startTestApp, walk, type District, type TestApp } from '../support/app.js';
import { DbWatch, type Snapshot } from './support/db-watch.js';
import { ChainAuditLogUseCase } from '../../src/modules/audit/chain-audit-log.use-case.js';
import { call } from './support/http.js';
import { SchemaTool, claimRequests, hugeRequests, operations, requestFor, systematicRequests, validRequest, type Caller, type FuzzRequest, type Known, type Operation } from './support/openapi-fuzz.js';

const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 24);
const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
/** Operations to leave out (a regular expression on "METHOD /path"), when looking into others. */
const SKIP = process.env.FUZZ_SKIP ? new RegExp(process.env.FUZZ_SKIP) : null;

/** Internals that must never reach a client (unless the client sent them itself). */
const LEAKS: [string, RegExp][] = [
  ['internal path', /\/work\/|node_modules|\/usr\/lib\/|file:\/\//],
  ['stack trace', /\n\s+at [^\n]*(\(|:\d+:\d+)|\bat (async )?[A-Za-z_.<>]+ \([^)]*:\d+:\d+\)/],
  ['source file', /\.(ts|js|mjs):\d+/],
  ['ORM or driver error', /QueryFailedError|TypeORMError|EntityNotFound|DatabaseError|pg-pool|ECONNREFUSED/],
  ['SQL text', /\b(SELECT\s+[\w*"., ]+\s+FROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|ON CONFLICT|RETURNING\s+\w)/i],
  ['database message', /syntax error at or near|violates [a-z ]*constraint|duplicate key value|invalid input syntax for|relation "[^"]+"|column "[^"]+"|invalid byte sequence|out of range for type|unterminated|operator does not exist/i],
];

interface Violation {
  op: string;
  kind: string;
  detail: string;
  request: string;
}

describe('bad input generated from the OpenAPI document', () => {
  let t: TestApp;
  let d: District;
  let base: string;
  let ops: Operation[];
  let tool: SchemaTool;
  const known: Known = {};
  let watch: DbWatch;
  let snap: Snapshot;

  beforeAll(async () => {
    // No delivery worker: nothing may write in the background while the database is watched.
    t = await startTestApp({ APPLICATION_INTAKE_LIMIT: '1000000', DELIVERY_WORKER: 'false' });
    d = await seedDistrict(t);
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    // Real records, so that some requests reach them.
    const sub = await t.http.post('/api/v1/subscribers').set(bearer(t.adminToken)).send({ url: 'http://127.0.0.1:9/hook', description: 'fuzz' });
    const draft = await walk(t, d, 'drafterA', []);
    const published = await walk(t, d, 'drafterA', FULL_CHAIN, { title: '模糊测试公开文件' });
    const app = await t.http
      .post('/api/v1/applications')
      .send({ applicantType: 'natural_person', applicantName: '张三', contact: { email: 'zhang@example.com' }, description: '请公开本区预算', format: 'electronic', delivery: 'email' });
    const victim = await t.http
      .post('/api/v1/users')
      .set(bearer(t.adminToken))
      .send({ username: `victim.${Date.now()}`, password: 'victim-password-1', displayName: '测试', unitId: d.unitB.id, roles: ['drafter'], leadsUnitIds: [] });
    const [delivery] = await t.sql<{ id: string }>(`SELECT id FROM deliveries LIMIT 1`);
    known.id = [draft.id, published.id, victim.body.id, app.body.id, sub.body.id, delivery?.id].filter(Boolean) as string[];
    known.indexNo = [published.indexNo!];
    known.trackingCode = app.body.trackingCode ? [app.body.trackingCode] : [];
    known.applicationId = app.body.id ? [app.body.id] : [];
    known.unitId = [d.unitA.id];
    known.year = ['2026'];
    known.date = ['2026-10-01'];
    known.unit = [d.unitA.code];
    const docs = await t.http.get('/api/docs-json');
    expect(docs.status).toBe(200);
    tool = new SchemaTool(docs.body);
    ops = operations(docs.body).filter((op) => !SKIP?.test(op.id));
    // Number every change, so the public change stream has nothing left to write.
    await t.http.get('/api/v1/catalogue/changes?after=0&limit=1000');
    watch = new DbWatch(t.sql, () => t.app.get(ChainAuditLogUseCase).all());
    await watch.init();
    snap = await watch.snapshot();
  }, 60_000);

  afterAll(() => t?.close());

  it('every operation refuses bad input cleanly, with no 5xx, no internals, the contract’s error shape, and no change', async () => {
    const violations: Violation[] = [];
    const statuses: Record<string, Record<number, number>> = {};
    let sent = 0;
    let accepted = 0;
    let lastStatus = 0;
    let lastText = '';
    const tokenOf = (c: Caller): string | undefined =>
      c === 'admin' ? t.adminToken : c === 'officer' ? d.tokens.officer : c === 'drafter' ? d.tokens.drafterA : c === 'bad-token' ? `${d.tokens.officer.slice(0, -6)}AAAAAA` : undefined;
    const idOf = (c: Caller): string | null => (c === 'admin' ? null : c === 'officer' ? d.ids.officer : c === 'drafter' ? d.ids.drafterA : null);
    const [adminRow] = await t.sql<{ id: string }>(`SELECT id FROM users WHERE username = 'admin'`);

    const send = async (op: Operation, r: FuzzRequest): Promise<void> => {
      sent++;
      const described = `${r.caller} ${r.method} ${r.url.slice(0, 300)} ${r.note}`;
      const v = (kind: string, detail: string) => violations.push({ op: op.id, kind, detail: detail.slice(0, 500), request: described });
      let res;
      try {
        res = await call(base, r.method, r.url, { token: tokenOf(r.caller), raw: r.body, headers: r.headers, timeoutMs: 30_000 });
      } catch (e) {
        lastStatus = 0;
        v('no answer', String((e as Error & { cause?: Error }).cause?.message ?? (e as Error).message));
        return;
      }
      (statuses[op.id] ??= {})[res.status] = ((statuses[op.id] ??= {})[res.status] ?? 0) + 1;
      lastStatus = res.status;
      lastText = res.text;
      if (res.status >= 500) v(`${res.status}`, res.text);
      // The document lists every status the operation answers (a URL with a dot segment is
      // resolved by the client to another path: its answer is that path's, not this operation's).
      const elsewhere = /(^|\/)(\.|%2e){1,2}(\/|$)/i.test(r.url.split('?')[0]);
      if (!elsewhere && !op.statuses.has(String(res.status))) v(`undocumented status ${res.status}`, res.text);
      const sentText = `${safeDecode(r.url)} ${typeof r.body === 'string' ? r.body : (r.body?.toString('utf8') ?? '')}`;
      for (const [kind, re] of LEAKS) {
        const m = re.exec(res.text);
        if (m && !sentText.includes(m[0])) v(kind, `${m[0]} in ${res.text}`);
      }
      if (res.status >= 400) {
        const b = res.body as { statusCode?: unknown; message?: unknown; error?: unknown } | undefined;
        const shaped =
          b !== undefined &&
          b.statusCode === res.status &&
          (typeof b.message === 'string' || (Array.isArray(b.message) && b.message.every((x) => typeof x === 'string'))) &&
          typeof b.error === 'string';
        if (!shaped) v('error shape', `${res.status} ${res.headers.get('content-type')} ${res.text}`);
      }
      const after = await watch.snapshot();
      if (res.status < 400) {
        // Accepted (a fuzzed request may be valid): its effects are the new baseline.
        accepted++;
        snap = after;
        return;
      }
      const changed = DbWatch.changed(snap, after);
      if (changed.length) v('database changed', `${res.status}: ${changed.join(', ')}`);
      const audit = await watch.auditAfter(snap.auditMaxId);
      const callerId = r.caller === 'admin' ? adminRow.id : idOf(r.caller);
      const isLogin = op.path === '/api/v1/auth/login';
      const isSingleSignOn = op.path === '/api/v1/auth/oidc/callback';
      const allowed =
        audit.length === 0 ||
        (audit.length === 1 &&
          ((res.status === 403 && audit[0].action === 'authorization.denied' && audit[0].actor_id === callerId && callerId !== null) ||
            (res.status === 401 && isLogin && audit[0].action === 'auth.login_failed') ||
            (isSingleSignOn && audit[0].action === 'auth.oidc_refused')));
      if (!allowed) v('audit log', `${res.status}: ${JSON.stringify(audit)}`);
      if (res.status === 401 && isLogin && audit.length !== 1) v('audit log', `a failed login must be recorded once, got ${audit.length}`);
      if (audit.length > 0 && !(await watch.headReaches(audit[audit.length - 1].id))) v('audit head', 'settings.audit_head does not come to name the newest row');
      snap = after;
    };

    // TypeORM prints every failed query, with its parameters, to the console: count those lines
    // instead of flooding the output (the count is part of the report: it is a log leak of its own).
    const realLog = console.log;
    let failedQueryLogs = 0;
    console.log = (...args: unknown[]) => {
      if (typeof args[0] === 'string' && /^(query failed|error:)/.test(args[0])) failedQueryLogs++;
      else realLog(...args);
    };
    const started = Date.now();
    // Who gets past authentication and authorization with the operation's valid example: most
    // generated requests come from them, so the bad input reaches validation and the database.
    const CALLERS: Caller[] = ['admin', 'officer', 'drafter', 'anonymous', 'bad-token'];
    const authorized = new Map<string, Caller[]>();
    /** The status of each operation's valid example, by caller (a claim is judged against it). */
    const baseline = new Map<string, number>();
    // Operations that can end the callers' own sessions or change their credentials (logging out,
    // revoking one's sessions, a new password or second factor) go through every phase after all
    // the others: among them, they would turn the rest of the run into 401s.
    const ENDS_SESSIONS = /^(POST \/api\/v1\/auth\/logout|PATCH \/api\/v1\/me|DELETE \/api\/v1\/me\/sessions|POST \/api\/v1\/me\/totp)/;
    const groups = [ops.filter((o) => !ENDS_SESSIONS.test(o.id)), ops.filter((o) => ENDS_SESSIONS.test(o.id))];
    let claims = 0;
    const semantic: string[] = [];
    let systematic = 0;
    let huge = 0;
    for (const group of groups) {
      for (const op of group) {
        let ok: Caller[] = [];
        let got400 = false;
        for (const c of CALLERS) {
          await send(op, validRequest(op, tool, known, c));
          if (lastStatus !== 401 && lastStatus !== 403 && lastStatus !== 0) ok.push(c);
          if (lastStatus === 400) got400 = true;
          // The document's security: a bearer token is required exactly where it says so.
          const unauthenticated = c === 'anonymous' || (c === 'bad-token' && op.security === 'bearer');
          if (unauthenticated && op.security === 'bearer' && lastStatus !== 401) violations.push({ op: op.id, kind: 'security: bearer required, but no token passed', detail: `${c} got ${lastStatus}`, request: c });
        }
        // When every property together is refused, the required ones alone may pass validation.
        if (op.bodyType === 'json' && got400) {
          op.example = 'required';
          const ok2: Caller[] = [];
          let still400 = false;
          for (const c of CALLERS) {
            await send(op, validRequest(op, tool, known, c));
            if (lastStatus !== 401 && lastStatus !== 403 && lastStatus !== 0) ok2.push(c);
            if (lastStatus === 400) still400 = true;
          }
          if (still400) op.example = 'full';
          else ok = ok2;
        }
        authorized.set(op.id, ok);
      }
      // What the document claims about each operation's input, one rule at a time: a request it
      // refuses must be refused (400; 404 for a path parameter), one it allows must not be a 400.
      const claimCaller = (op: Operation): Caller => {
        const who = authorized.get(op.id)!;
        return who.includes('anonymous') ? 'anonymous' : (who.find((c) => c !== 'bad-token') ?? 'admin');
      };
      for (const op of group) {
        const caller = claimCaller(op);
        await send(op, validRequest(op, tool, known, caller));
        baseline.set(op.id, lastStatus);
        for (const claim of claimRequests(op, tool, known, caller)) {
          claims++;
          await send(op, claim.request);
          const base = baseline.get(op.id)!;
          const described = `${claim.request.method} ${claim.request.url.slice(0, 200)} ${claim.request.note} (valid example: ${base})`;
          if (claim.expect === 'refused') {
            const refused = lastStatus === 400 || (claim.where === 'path' && lastStatus === 404);
            // When the valid example is itself refused, only an acceptance tells something.
            if (!refused && (base < 400 || lastStatus < 400)) violations.push({ op: op.id, kind: `document refuses, service answers ${lastStatus}: ${claim.rule}`, detail: lastText.slice(0, 300), request: described });
          } else if (base < 400 && lastStatus === 400) {
            // Refused by validation (details.fields names the field): the document is wrong. Refused
            // by a rule about data or other fields (an unknown unit, a year without holidays): noted.
            const fields = (JSON.parse(lastText) as { details?: { fields?: string[] } }).details?.fields ?? [];
            const field = claim.rule.split(':')[0].replace(/^\?|^\{|\}$/g, '');
            if (fields.includes(field)) violations.push({ op: op.id, kind: `document allows, validation refuses: ${claim.rule}`, detail: lastText.slice(0, 300), request: described });
            else semantic.push(`${op.id} ${claim.rule} → ${lastText.slice(0, 160)}`);
          }
        }
      }
      for (const op of group) {
        const who = authorized.get(op.id)!;
        const caller = who.includes('anonymous') ? 'anonymous' : (who[0] ?? 'admin');
        for (const r of systematicRequests(op, tool, known, caller)) {
          systematic++;
          await send(op, r);
        }
      }
      for (const op of group) {
        await fc.assert(
          fc.asyncProperty(requestFor(op, tool, known, authorized.get(op.id)), async (r) => {
            await send(op, r);
            return true;
          }),
          { numRuns: RUNS_PER_OPERATION, seed: SEED + ops.indexOf(op), endOnFailure: true },
        );
      }
      // Several MB where a body is allowed (under and over the 4 MB limit), 12 kB query strings elsewhere.
      for (const op of group) {
        for (const r of hugeRequests(op, tool, known, [3 * 1024 * 1024, 5 * 1024 * 1024])) {
          huge++;
          await send(op, r);
        }
      }
    }
    const elapsed = Date.now() - started;
    console.log = realLog;

    const uncovered = ops.filter((op) => Object.values(statuses[op.id] ?? {}).reduce((a, b) => a + b, 0) < RUNS_PER_OPERATION + CALLERS.length).map((op) => op.id);
    const byStatus: Record<number, number> = {};
    for (const s of Object.values(statuses)) for (const [k, n] of Object.entries(s)) byStatus[Number(k)] = (byStatus[Number(k)] ?? 0) + n;
    const grouped = new Map<string, Violation[]>();
    for (const x of violations) grouped.set(`${x.op} — ${x.kind}`, [...(grouped.get(`${x.op} — ${x.kind}`) ?? []), x]);
    const report = [...grouped.entries()].map(([k, xs]) => `${k} (${xs.length}×), e.g. ${xs[0].request}\n    → ${xs[0].detail}`);
    console.log(
      `bad input (seed ${SEED}): ${ops.length} operations, ${sent} requests in ${Math.round(elapsed / 1000)} s ` +
        `(${ops.length * CALLERS.length} valid examples by each caller, ${claims} testing one rule of the document each, ${systematic} systematic odd strings in every field and parameter, ${ops.length * RUNS_PER_OPERATION} fast-check cases, ${huge} of several MB or 12 kB query strings); ` +
        `answers ${JSON.stringify(byStatus)}; ${accepted} accepted; ${failedQueryLogs} failed queries printed by TypeORM with their parameters; ${violations.length} violations in ${grouped.size} groups` +
        (semantic.length ? `\n  values the document allows, refused by a rule about data or other fields (${semantic.length}):\n    ${semantic.join('\n    ')}` : '') +
        (report.length ? `\n  ${report.join('\n  ')}` : ''),
    );
    expect(uncovered).toEqual([]);
    expect(report).toEqual([]);
    // A limit for a hung run, not a timing assertion: ~150 operations × 24 requests take 2–5 minutes
    // on two cores shared with the rest of the suite.
  }, 900_000);
});

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
