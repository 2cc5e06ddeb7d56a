/**
 * The OpenAPI document the running service serves (GET /api/docs-json), checked as an outside
 * integrator's tools check it:
 * - Redocly CLI's linter, with the rules kept in redocly.yaml (recommended-strict and more),
 *   run offline on every `npm test`: zero errors, zero warnings;
 * - the rules that linter cannot check: no two paths match one URL (given the parameters'
 *   formats and patterns), every operation answers a 2xx or a 3xx, states its security, lists
 *   its errors in the contract's shape, ids are UUIDs, request bodies refuse unknown properties,
 *   page sizes are bounded integers.
 * Whether the document is also true is checked by sending requests made from it:
 * test/reliability/bad-input.e2e-spec.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, type TestApp } from './support/app.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;

const ROOT = resolve(process.cwd());
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: Schema;
  const ops: { method: string; path: string; op: Schema }[] = [];
  const ref = (s: Schema | undefined): Schema => {
    let cur = s ?? {};
    for (let i = 0; i < 10 && (cur.$ref || (cur.allOf?.length === 1 && !cur.properties)); i++) {
      cur = cur.$ref ? doc.components.schemas[String(cur.$ref).split('/').pop()!] : cur.allOf[0];
    }
    return cur;
  };

  beforeAll(async () => {
    t = await startTestApp();
    const res = await t.http.get('/api/docs-json');
    expect(res.status).toBe(200);
    doc = res.body;
    for (const [path, item] of Object.entries(doc.paths as Record<string, Schema>)) {
      for (const [method, op] of Object.entries(item)) if (METHODS.includes(method)) ops.push({ method, path, op });
    }
  });
  afterAll(() => t?.close());

  it('passes Redocly’s linter with the rules in redocly.yaml, offline: no errors, no warnings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(doc, null, 2));
      const cli = join(ROOT, 'node_modules/@redocly/cli/bin/cli.js');
      const run = await promisify(execFile)(process.execPath, [cli, 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format=json'], {
        cwd: dir,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_UPDATE_NOTIFIER: '1', CI: 'true' },
        maxBuffer: 64 * 1024 * 1024,
        timeout: 120_000,
      }).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '' }));
      const report = JSON.parse(run.stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string; location: { pointer: string }[] }[] };
      const problems = report.problems.map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
      expect(problems).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('no two paths match one URL, given their parameters’ formats and patterns', () => {
    const segments = (path: string) => path.split('/').filter(Boolean);
    const paramSchema = (path: string, name: string): Schema => {
      for (const method of METHODS) {
        const p = (doc.paths[path][method]?.parameters ?? []).find((x: Schema) => x.in === 'path' && x.name === name);
        if (p) return p.schema ?? {};
      }
      return {};
    };
    const admits = (path: string, name: string, literal: string): boolean => {
      const s = paramSchema(path, name);
      if (s.format === 'uuid') return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(literal);
      if (s.type === 'integer') return /^-?\d+$/.test(literal);
      if (s.pattern) return new RegExp(s.pattern).test(literal);
      return true;
    };
    const ambiguous: string[] = [];
    const paths = Object.keys(doc.paths);
    for (const [i, a] of paths.entries()) {
      for (const b of paths.slice(i + 1)) {
        const sa = segments(a);
        const sb = segments(b);
        if (sa.length !== sb.length) continue;
        const clash = sa.every((x, k) => {
          const y = sb[k];
          const px = /^\{(.+)\}$/.exec(x)?.[1];
          const py = /^\{(.+)\}$/.exec(y)?.[1];
          if (px && py) return true;
          if (px) return admits(a, px, y);
          if (py) return admits(b, py, x);
          return x === y;
        });
        // Paths that differ only by a literal standing where the other has a parameter are the
        // router's business (static segments win), unless the parameter admits that literal.
        if (clash) ambiguous.push(`${a} and ${b}`);
      }
    }
    expect(ambiguous).toEqual([]);
  });

  it('every operation answers a 2xx or a 3xx, states its security and lists its errors in the contract’s shape', () => {
    const wrong: string[] = [];
    for (const { method, path, op } of ops) {
      const id = `${method.toUpperCase()} ${path}`;
      const codes = Object.keys(op.responses ?? {});
      if (!codes.some((c) => /^[23]\d\d$/.test(c))) wrong.push(`${id}: no 2xx or 3xx answer`);
      if (!Array.isArray(op.security)) wrong.push(`${id}: no security stated`);
      if (!codes.includes('400')) wrong.push(`${id}: no 400`);
      const bearer = Array.isArray(op.security) && op.security.length > 0 && op.security.every((s: Schema) => 'bearer' in s);
      if (bearer && !codes.includes('401')) wrong.push(`${id}: requires a token but no 401`);
      if ((op.parameters ?? []).some((p: Schema) => p.in === 'path') && !codes.includes('404')) wrong.push(`${id}: path parameters but no 404`);
      if ((op.parameters ?? []).some((p: Schema) => p.in === 'header' && /^if-match$/i.test(p.name)) && !codes.includes('412')) wrong.push(`${id}: If-Match but no 412`);
      if (op.requestBody && !['413', '415'].every((c) => codes.includes(c))) wrong.push(`${id}: a body but no 413/415`);
      for (const c of codes.filter((x) => /^[45]\d\d$/.test(x))) {
        const schema = op.responses[c].content?.['application/json']?.schema;
        if (schema?.$ref !== '#/components/schemas/ErrorResponse') wrong.push(`${id}: ${c} is not in the error shape`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('public routes need no token; the application intake takes one optionally; everything else requires one', () => {
    const security = (method: string, path: string) => doc.paths[path][method].security;
    expect(security('get', '/api/v1/catalogue')).toEqual([]);
    expect(security('get', '/feeds/catalogue.atom')).toEqual([]);
    expect(security('get', '/api/v1/applications/track/{trackingCode}')).toEqual([]);
    expect(security('post', '/api/v1/auth/login')).toEqual([]);
    expect(security('post', '/api/v1/applications')).toEqual([{}, { bearer: [] }]);
    expect(security('get', '/api/v1/me')).toEqual([{ bearer: [] }]);
    expect(security('post', '/api/v1/documents')).toEqual([{ bearer: [] }]);
  });

  it('says what the service answers: 202 from a delivery replay, 429 where a limit applies', () => {
    expect(Object.keys(doc.paths['/api/v1/deliveries/{id}/replay'].post.responses)).toContain('202');
    expect(Object.keys(doc.paths['/api/v1/deliveries/{id}/replay'].post.responses)).not.toContain('200');
    expect(Object.keys(doc.paths['/api/v1/applications'].post.responses)).toContain('429');
    expect(Object.keys(doc.paths['/api/v1/auth/login'].post.responses)).toContain('429');
  });

  it('ids are UUIDs: path parameters, properties named id or …Id, and lists of …Ids', () => {
    // Not record ids: a finding is named by its detector and span, an audit row by its sequence number.
    const NOT_UUIDS = new Set(['findingId', 'requestId', 'trackingCode', 'firstBrokenId', 'FindingResponse.id']);
    const wrong: string[] = [];
    for (const { method, path, op } of ops) {
      for (const p of op.parameters ?? []) {
        if ((p.in === 'path' || p.in === 'query') && /(^id$|Id$)/.test(p.name) && !NOT_UUIDS.has(p.name) && p.schema?.format !== 'uuid') wrong.push(`${method.toUpperCase()} ${path}: ${p.in} ${p.name}`);
      }
    }
    for (const [name, schema] of Object.entries(doc.components.schemas as Record<string, Schema>)) {
      for (const [prop, s0] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
        if (NOT_UUIDS.has(prop) || NOT_UUIDS.has(`${name}.${prop}`)) continue;
        const s = s0.allOf?.length === 1 ? s0.allOf[0] : s0;
        if (/(^id$|Id$)/.test(prop) && s.type === 'string' && s.format !== 'uuid') wrong.push(`${name}.${prop}`);
        if (/Ids$/.test(prop) && s.type === 'array' && s.items?.format !== 'uuid') wrong.push(`${name}.${prop}[]`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('request bodies refuse unknown properties (additionalProperties: false), nested objects too', () => {
    const wrong: string[] = [];
    const visit = (s0: Schema, where: string, seen: Set<Schema>) => {
      const s = ref(s0);
      if (seen.has(s)) return;
      seen.add(s);
      if (s.type === 'object' || s.properties) {
        if (s.additionalProperties !== false) wrong.push(where);
        for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) visit(v, `${where}.${k}`, seen);
      }
      if (s.type === 'array' && s.items) visit(s.items, `${where}[]`, seen);
    };
    for (const { method, path, op } of ops) {
      const schema = op.requestBody?.content?.['application/json']?.schema;
      if (schema) visit(schema, `${method.toUpperCase()} ${path}`, new Set());
    }
    expect(wrong).toEqual([]);
  });

  it('page sizes, years and counts in parameters are bounded integers', () => {
    const wrong: string[] = [];
    for (const { method, path, op } of ops) {
      for (const p of op.parameters ?? []) {
        if (!['limit', 'year', 'after'].includes(p.name)) continue;
        const s = p.schema ?? {};
        if (s.type !== 'integer' || s.minimum === undefined || (p.name !== 'after' && s.maximum === undefined)) wrong.push(`${method.toUpperCase()} ${path}: ${p.in} ${p.name} ${JSON.stringify(s)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
