/**
 * fast-check arbitraries that turn the service's own OpenAPI document into bad requests: wrong
 * types, missing required fields, unknown enum values, extra properties, odd strings (NUL, lone
 * surrogates, bidi marks, SQL and JSON fragments), huge strings, broken JSON and wrong content
 * types, odd path parameters, query strings and headers, sent by every kind of caller.
 */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Schema = Record<string, any>;

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  method: string;
  path: string;
  id: string;
  params: Param[];
  bodyType: 'json' | 'multipart' | null;
  bodySchema: Schema | null;
  bodyRequired: boolean;
  /** Which example body gets past validation: every property, or the required ones only. */
  example: 'full' | 'required';
  /** The statuses the document gives this operation. */
  statuses: Set<string>;
  /** What the document says about authentication: none, optional (a token may be sent), or a bearer token required. */
  security: 'none' | 'optional' | 'bearer';
}

export type Caller = 'admin' | 'officer' | 'drafter' | 'anonymous' | 'bad-token';

export interface FuzzRequest {
  caller: Caller;
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** What was done to the request, for the report. */
  note: string;
}

/** Real ids and values of the test's data, keyed by parameter name, so some requests reach real records. */
export type Known = Record<string, string[]>;

export function operations(doc: Schema): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Schema>)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = op.requestBody?.content ?? {};
      const bodyType = content['application/json'] ? 'json' : content['multipart/form-data'] ? 'multipart' : null;
      ops.push({
        method: method.toUpperCase(),
        path,
        id: `${method.toUpperCase()} ${path}`,
        params: (op.parameters ?? []).map((p: Schema) => ({ name: p.name, in: p.in, required: !!p.required, schema: p.schema ?? {} })),
        bodyType,
        bodySchema: bodyType ? (content['application/json'] ?? content['multipart/form-data']).schema : null,
        bodyRequired: !!op.requestBody?.required || bodyType !== null,
        example: 'full',
        statuses: new Set(Object.keys(op.responses ?? {})),
        security: securityOf(op.security ?? doc.security),
      });
    }
  }
  return ops;
}

function securityOf(requirements: Schema[] | undefined): Operation['security'] {
  if (!requirements || requirements.length === 0) return 'none';
  return requirements.some((r) => Object.keys(r).length === 0) ? 'optional' : 'bearer';
}

let uniqueSeq = 0;
let addressSeq = 0;
/** A fresh client address (10.200.x.y) for each request that should not share a rate limit. */
function nextAddress(): string {
  addressSeq++;
  return `10.200.${Math.floor(addressSeq / 250) % 250}.${(addressSeq % 250) + 1}`;
}

export class SchemaTool {
  constructor(private readonly doc: Schema) {}

  resolve(s: Schema | undefined): Schema {
    let cur = s ?? {};
    for (let i = 0; i < 10; i++) {
      if (cur.$ref) cur = this.doc.components.schemas[String(cur.$ref).split('/').pop()!];
      else if (Array.isArray(cur.allOf) && cur.allOf.length === 1 && !cur.properties) cur = { ...cur.allOf[0], description: cur.description };
      else break;
    }
    return cur;
  }

  /** The example body of an operation. */
  body(op: Operation, known: Known): unknown {
    return this.example(op.bodySchema!, '', known, 0, op.example === 'required');
  }

  /** A plausible valid value for the schema (examples, first enum value, real ids). */
  example(s0: Schema | undefined, name: string, known: Known, depth = 0, requiredOnly = false): unknown {
    const s = this.resolve(s0);
    // Fields that must be unique get a fresh value, so a request is not refused as a duplicate first.
    if (name === 'username' && s.pattern) return `fz.${Date.now().toString(36)}.${++uniqueSeq}`;
    if (name === 'code' && s.pattern) return `FZ${(Date.now() % 1e6).toString(36).toUpperCase()}${++uniqueSeq}`.slice(0, 20);
    if (known[name]?.length && (s.type === 'string' || s.format === 'uuid')) return known[name][0];
    if (s.example !== undefined) return s.example;
    if (Array.isArray(s.enum)) return s.enum[0];
    if (s.default !== undefined) return s.default;
    switch (s.type) {
      case 'string':
        if (s.format === 'uuid') return randomUUID();
        if (s.format === 'date-time') return new Date().toISOString();
        if (s.format === 'date') return new Date().toISOString().slice(0, 10);
        return 'x'.repeat(Math.max(1, s.minLength ?? 1));
      case 'integer':
      case 'number':
        return s.minimum ?? 1;
      case 'boolean':
        return true;
      case 'array':
        return depth > 3 ? [] : [this.example(s.items, name, known, depth + 1)];
      default: {
        if (!s.properties || depth > 3) return {};
        const out: Record<string, unknown> = {};
        const req = new Set<string>(s.required ?? []);
        for (const [k, v] of Object.entries(s.properties as Record<string, Schema>)) {
          if (!requiredOnly || req.has(k)) out[k] = this.example(v, k, known, depth + 1);
        }
        return out;
      }
    }
  }

  /** Leaf paths of an object schema (two levels deep), with their schemas. */
  leaves(s0: Schema | undefined, prefix: string[] = [], depth = 0): { path: string[]; schema: Schema; required: boolean }[] {
    const s = this.resolve(s0);
    if (!s.properties || depth > 2) return [];
    const req = new Set<string>(s.required ?? []);
    const out: { path: string[]; schema: Schema; required: boolean }[] = [];
    for (const [k, v0] of Object.entries(s.properties as Record<string, Schema>)) {
      const v = this.resolve(v0);
      out.push({ path: [...prefix, k], schema: v, required: req.has(k) });
      if (v.properties) out.push(...this.leaves(v, [...prefix, k], depth + 1));
      if (v.type === 'array' && this.resolve(v.items).properties) out.push(...this.leaves(v.items, [...prefix, k, '0'], depth + 1));
    }
    return out;
  }
}

// ---------------------------------------------------------------- values

const ODD: string[] = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '\u202e\u202dgnp.exe',
  '\u200f\u200e',
  '\ufeff',
  '\u0085\u2028\u2029',
  "' OR '1'='1",
  "'; DROP TABLE documents; --",
  'x\'); SELECT pg_sleep(5); --',
  '$1',
  '"}]}',
  '{"$ne":null}',
  '{"__proto__":{"admin":true}}',
  '\\u0000',
  '%00',
  '..',
  '../../etc/passwd',
  '\\',
  '${7*7}{{7*7}}',
  '<script>alert(1)</script>',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '0x10',
  ' ',
  '',
  '\n',
  '\r\n\r\n',
  '\t',
  'ſİK',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '٠١٢',
  '０１２',
  '关于印发文件的通知',
  'e\u0301\u0301\u0301',
  '\u{1F600}',
  '2026-02-30T25:61:61+99:00',
  '9999-12-31T23:59:59Z',
  '0000-01-01',
  'infinity',
  '-infinity',
  'epoch',
  '2026-11-27',
];

/** The ones a database or a parser is most likely to choke on. */
const NASTY = ['a\u0000b', '\u0000', 'x\ud800y', '\udfff', '\u202e\u200f', "'; DROP TABLE documents; --", '{"$ne":null}', '\ufeff'];

const oddString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 4, arbitrary: fc.constantFrom(...ODD) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...ODD), fc.constantFrom(...ODD)).map(([a, b]) => `${a}x${b}`) },
);

const hugeNumbers = [1e20, -1e20, 9007199254740993, 2 ** 31, 2 ** 63, -1, 0, 1.5, -0.0001, 1e-300, Number.MAX_VALUE];

const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, [], {}, [null], [[]], { a: 1 }, '', ' ', 'true', '1', ['x'], [1, 2, 3], ...hugeNumbers),
  oddString,
  fc.integer(),
  fc.double(),
  fc.array(oddString, { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('a', '__proto__', 'constructor', '$where', 'id'), fc.constantFrom<unknown>(1, 'x', null)),
);

const longString = (min: number, max: number): fc.Arbitrary<string> =>
  fc.tuple(fc.integer({ min, max }), fc.constantFrom('a', '文', '\u0000', 'é', '\u{1F600}', "'", ' ')).map(([n, ch]) => ch.repeat(Math.ceil(n / ch.length)));

/** Cursors shaped like the service's own (base64url JSON arrays) but holding odd values. */
const oddCursor: fc.Arbitrary<string> = fc
  .array(fc.oneof(oddString, fc.integer(), fc.double(), fc.constantFrom('2026-13-45', 'not a date', '99999999999999999999', '-1', '1e400', 'infinity', 'NaN')), { minLength: 1, maxLength: 3 })
  .map((a) => Buffer.from(JSON.stringify(a), 'utf8').toString('base64url'));

function enc(s: string): string {
  // Percent-encode every byte of the UTF-8 form except the unreserved characters.
  return [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

const RAW_SEGMENTS = ['%', '%ZZ', '%FF', '%C0%AF', '%E0%80', '..%2F..%2Fpackage.json', '%2e%2e', '%00', 'a%2Fb', '%25', '%20'];

function pathValue(name: string, known: Known): fc.Arbitrary<string> {
  const real = known[name] ?? [];
  return fc.oneof(
    { weight: real.length ? 5 : 0, arbitrary: real.length ? fc.constantFrom(...real).map(enc) : fc.constant('x') },
    { weight: 2, arbitrary: fc.uuid().map(enc) },
    { weight: 3, arbitrary: oddString.map(enc) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
    { weight: 1, arbitrary: longString(300, 6000).map(enc) },
    { weight: 1, arbitrary: fc.constantFrom('00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF', '{00000000-0000-4000-8000-000000000000}', '0000000000004000800000000000000g', '2026', '-1', '99999999999999999999', '1.5', '0', 'null') },
    { weight: 1, arbitrary: fc.integer().map(String) },
  );
}

function queryValue(p: Param, tool: SchemaTool, known: Known): fc.Arbitrary<string[]> {
  const s = tool.resolve(p.schema);
  const valid = tool.example(s, p.name, known);
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(null).map((): string[] => [String(valid)]) },
    { weight: 3, arbitrary: oddString.map((x) => [x]) },
    { weight: 2, arbitrary: wrongValue.map((x) => [typeof x === 'string' ? x : JSON.stringify(x)]) },
    { weight: 1, arbitrary: fc.constantFrom(...hugeNumbers.map(String), '1e3', '0x10', '', ' 5', '5 ', '+5', '05', '101', '1000000', '-0').map((x) => [x]) },
    { weight: Array.isArray(s.enum) ? 2 : 0, arbitrary: fc.constantFrom('UNKNOWN', String(s.enum?.[0] ?? '').toUpperCase(), `${s.enum?.[0] ?? ''} `, '__proto__', 'toString').map((x) => [x]) },
    { weight: p.name === 'cursor' ? 4 : 0, arbitrary: oddCursor.map((x) => [x]) },
    { weight: 1, arbitrary: fc.array(oddString, { minLength: 2, maxLength: 3 }) },
    { weight: 1, arbitrary: longString(500, 7000).map((x) => [x]) },
  );
}

// ---------------------------------------------------------------- bodies

const BROKEN_JSON = [
  '{',
  '{"a":',
  '{"title": "x",}',
  "{'a': 1}",
  '{"a":1}}',
  '[',
  'nul',
  '"unterminated',
  '{"a": NaN}',
  '{"a": Infinity}',
  '{"a": 1e400}',
  '{"a": 123456789012345678901234567890}',
  '\u0000',
  '\ufeff{}',
  '{"__proto__": {"isAdmin": true}}',
  '{"constructor": {"prototype": {"isAdmin": true}}}',
  '{"a":1,"a":2}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '   ',
  '',
  '[]'.repeat(3),
  '{"a":[' + '['.repeat(5000) + ']'.repeat(5000) + ']}',
  '{"a":' + '{"a":'.repeat(3000) + '1' + '}'.repeat(3001),
];

const WRONG_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=----x',
  'application/xml',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/vnd.api+json',
  'text/json',
  '*/*',
  'application/octet-stream',
  'APPLICATION/JSON',
  ';;;',
];

function setAt(obj: unknown, path: string[], value: unknown): unknown {
  const root = structuredClone(obj ?? {}) as Record<string, unknown>;
  let cur: Record<string, unknown> = root;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i];
    if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = /^\d+$/.test(path[i + 1]) ? [] : {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[path[path.length - 1]] = value;
  return root;
}

function deleteAt(obj: unknown, path: string[]): unknown {
  const root = structuredClone(obj ?? {}) as Record<string, unknown>;
  let cur: Record<string, unknown> | undefined = root;
  for (let i = 0; i < path.length - 1 && cur; i++) cur = cur[path[i]] as Record<string, unknown> | undefined;
  if (cur && typeof cur === 'object') delete cur[path[path.length - 1]];
  return root;
}

interface BodyPlan {
  contentType?: string;
  text?: string | Buffer;
  note: string;
}

function jsonBody(op: Operation, tool: SchemaTool, known: Known): fc.Arbitrary<BodyPlan> {
  const fresh = () => tool.body(op, known);
  const leaves = tool.leaves(op.bodySchema!);
  const required = leaves.filter((l) => l.required && l.path.length === 1);
  const enums = leaves.filter((l) => Array.isArray(l.schema.enum));
  const strings = leaves.filter((l) => l.schema.type === 'string');
  const json = (v: unknown, note: string): BodyPlan => ({ contentType: 'application/json', text: JSON.stringify(v), note });
  const pickLeaf = <T>(xs: T[]) => fc.integer({ min: 0, max: Math.max(0, xs.length - 1) }).map((i) => xs[i]);
  const none = fc.constant(null).map(() => json(fresh(), 'valid example'));
  return fc.oneof(
    { weight: 1, arbitrary: none },
    { weight: required.length ? 2 : 0, arbitrary: required.length ? pickLeaf(required).map((l) => json(deleteAt(fresh(), l.path), `without required ${l.path.join('.')}`)) : none },
    { weight: leaves.length ? 4 : 0, arbitrary: leaves.length ? fc.tuple(pickLeaf(leaves), wrongValue).map(([l, v]) => json(setAt(fresh(), l.path, v), `${l.path.join('.')} = ${JSON.stringify(v)?.slice(0, 60)}`)) : none },
    {
      weight: enums.length ? 2 : 0,
      arbitrary: enums.length
        ? fc.tuple(pickLeaf(enums), fc.constantFrom('UNKNOWN', 'Proactive', ' proactive', 'proactive\u0000', '__proto__', 'toString', '')).map(([l, v]) => json(setAt(fresh(), l.path, v), `${l.path.join('.')} = unknown enum ${JSON.stringify(v)}`))
        : none,
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom('isAdmin', 'id', 'state', 'version', 'roles', 'drafterId', 'unitId', 'indexNo', '__proto__', 'constructor', 'x'), wrongValue)
        .map(([k, v]) => ({ contentType: 'application/json', text: JSON.stringify(fresh()).replace(/^\{/, `{${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'},`).replace(/,\}$/, '}'), note: `extra property ${k}` })),
    },
    { weight: strings.length ? 5 : 0, arbitrary: strings.length ? fc.tuple(pickLeaf(strings), oddString).map(([l, v]) => json(setAt(fresh(), l.path, v), `${l.path.join('.')} = odd ${JSON.stringify(v)}`)) : none },
    { weight: strings.length ? 1 : 0, arbitrary: strings.length ? fc.tuple(pickLeaf(strings), longString(2_000, 200_000)).map(([l, v]) => json(setAt(fresh(), l.path, v), `${l.path.join('.')} = ${v.length} × ${JSON.stringify(v[0])}`)) : none },
    { weight: 1, arbitrary: fc.constantFrom<unknown>([], 'x', 1, null, true, '[valid]', '{nulls}').map((v) => {
      const valid = fresh();
      const body = v === '[valid]' ? [valid] : v === '{nulls}' ? Object.fromEntries(Object.keys((valid as object) ?? {}).map((k) => [k, null])) : v;
      return json(body, `whole body ${JSON.stringify(body).slice(0, 40)}`);
    }) },
    { weight: 2, arbitrary: fc.constantFrom(...BROKEN_JSON).map((text) => ({ contentType: 'application/json', text, note: `broken JSON ${JSON.stringify(text.slice(0, 30))}` })) },
    { weight: 2, arbitrary: fc.constantFrom(...WRONG_TYPES).map((ct) => ({ contentType: ct, text: JSON.stringify(fresh()), note: `content-type ${ct}` })) },
    { weight: 1, arbitrary: fc.constant({ note: 'no body' }) },
  );
}

function multipartBody(): fc.Arbitrary<BodyPlan> {
  const boundary = '----gongkaiFuzz';
  const part = (name: string, filename: string | null, content: string | Buffer, type = 'application/octet-stream') =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename !== null ? `; filename="${filename}"` : ''}\r\nContent-Type: ${type}\r\n\r\n`),
      Buffer.isBuffer(content) ? content : Buffer.from(content),
      Buffer.from('\r\n'),
    ]);
  const end = Buffer.from(`--${boundary}--\r\n`);
  return fc.oneof(
    fc.tuple(oddString, oddString, fc.uint8Array({ maxLength: 300 })).map(([field, filename, bytes]) => ({
      contentType: `multipart/form-data; boundary=${boundary}`,
      text: Buffer.concat([part(field || 'file', filename, Buffer.from(bytes)), end]),
      note: `multipart field ${JSON.stringify(field)} file ${JSON.stringify(filename)}`,
    })),
    fc.tuple(oddString, fc.uint8Array({ maxLength: 300 })).map(([filename, bytes]) => ({
      contentType: `multipart/form-data; boundary=${boundary}`,
      text: Buffer.concat([part('file', filename, Buffer.from(bytes), 'application/pdf'), part('file', 'b.pdf', '%PDF-1.4'), part('extra', null, 'x'), end]),
      note: `multipart two files + extra field (${JSON.stringify(filename)})`,
    })),
    fc.constantFrom(
      { contentType: `multipart/form-data; boundary=${boundary}`, text: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 trunc`), note: 'multipart without its end' },
      { contentType: 'multipart/form-data', text: Buffer.from('garbage'), note: 'multipart without boundary' },
      { contentType: `multipart/form-data; boundary=${boundary}`, text: Buffer.from(''), note: 'empty multipart' },
      { contentType: 'application/json', text: '{"file":"x"}', note: 'JSON instead of multipart' },
      { contentType: `multipart/form-data; boundary=${boundary}`, text: Buffer.concat([part('file', 'a.exe', 'MZ\u0090\u0000'), end]), note: 'multipart executable' },
      { contentType: `multipart/form-data; boundary=${boundary}`, text: Buffer.concat([part('file', 'x.pdf', '%PDF-1.4\n%%EOF'), end]), note: 'multipart tiny pdf' },
    ),
  );
}

// ---------------------------------------------------------------- requests

const IF_MATCH = ['"1"', '"2"', '"abc"', '*', 'W/"1"', '"99999999999999999999"', '"-1"', '"1", "2"', '', ' ', 'x'.repeat(3000), '"1', '1"', '"0"', 'W/', '\t"1"'];
const IDEMPOTENCY = ['', ' ', 'k', 'x'.repeat(201), 'x'.repeat(5000), 'clé-é', 'a\tb', 'key-1', '"quoted"'];

const CALLERS: Caller[] = ['admin', 'officer', 'drafter', 'anonymous', 'bad-token'];

/** `authorized`: the callers that got past authentication and authorization with a valid request. */
export function requestFor(op: Operation, tool: SchemaTool, known: Known, authorized: Caller[] = CALLERS): fc.Arbitrary<FuzzRequest> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  const headerParams = op.params.filter((p) => p.in === 'header');
  const pathArb = fc.tuple(...pathParams.map((p) => pathValue(p.name, known))) as fc.Arbitrary<string[]>;
  const queryArb = fc.tuple(
    ...queryParams.map((p) => fc.option(queryValue(p, tool, known), { nil: undefined, freq: 2 })),
    fc.option(fc.tuple(fc.constantFrom('unknownParam', '__proto__', 'limit[]', 'q[$ne]', 'sort', 'constructor[prototype]'), oddString), { nil: undefined, freq: 5 }),
  ) as fc.Arbitrary<(string[] | [string, string] | undefined)[]>;
  const headerArb = fc.record({
    ifMatch: fc.option(fc.constantFrom(...IF_MATCH), { nil: undefined, freq: 4 }),
    idem: fc.option(fc.constantFrom(...IDEMPOTENCY), { nil: undefined, freq: 2 }),
  });
  const bodyArb: fc.Arbitrary<BodyPlan> = op.bodyType === 'json' ? jsonBody(op, tool, known) : op.bodyType === 'multipart' ? multipartBody() : fc.constant({ note: '' });
  return fc
    .record({
      caller: fc.oneof({ weight: authorized.length ? 3 : 0, arbitrary: fc.constantFrom(...(authorized.length ? authorized : CALLERS)) }, { weight: 1, arbitrary: fc.constantFrom(...CALLERS) }),
      path: pathArb,
      query: queryArb,
      headers: headerArb,
      body: bodyArb,
      ip: fc.tuple(fc.integer({ min: 1, max: 254 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 1, max: 254 })),
    })
    .map(({ caller, path, query, headers, body, ip }) => {
      let i = 0;
      const p = op.path.replace(/\{[^}]+\}/g, () => path[i++] ?? 'x');
      const qs: string[] = [];
      queryParams.forEach((qp, k) => {
        const v = query[k] as string[] | undefined;
        if (v) for (const one of v) qs.push(`${enc(qp.name)}=${enc(one)}`);
      });
      const extra = query[queryParams.length] as [string, string] | undefined;
      if (extra) qs.push(`${enc(extra[0])}=${enc(extra[1])}`);
      const h: Record<string, string> = { 'x-forwarded-for': `10.${ip[0]}.${ip[1]}.${ip[2]}` };
      if (headerParams.some((x) => x.name.toLowerCase() === 'if-match') && headers.ifMatch !== undefined) h['if-match'] = headers.ifMatch;
      if (headerParams.some((x) => x.name.toLowerCase() === 'idempotency-key') && headers.idem !== undefined) h['idempotency-key'] = headers.idem;
      if (body.contentType) h['content-type'] = body.contentType;
      return {
        caller,
        method: op.method,
        url: `${p}${qs.length ? `?${qs.join('&')}` : ''}`,
        headers: h,
        body: body.text,
        note: [body.note, headers.ifMatch !== undefined ? `if-match ${JSON.stringify(headers.ifMatch.slice(0, 20))}` : ''].filter(Boolean).join('; '),
      };
    });
}

/** Valid-looking requests with one string of the body or the query at several MB (or over the limit). */
export function hugeRequests(op: Operation, tool: SchemaTool, known: Known, sizes: number[]): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  const p = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => enc(known[name]?.[0] ?? randomUUID()));
  const headers = { 'if-match': '"1"', 'x-forwarded-for': '10.99.99.99' };
  if (op.bodyType === 'json') {
    const valid = tool.body(op, known);
    const strings = tool.leaves(op.bodySchema!).filter((l) => l.schema.type === 'string');
    for (const size of sizes) {
      const target = strings[0]?.path ?? ['huge'];
      const v = setAt(valid, target, 'a'.repeat(size));
      out.push({ caller: 'admin', method: op.method, url: p, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(v), note: `${target.join('.')} of ${size} bytes` });
      out.push({ caller: 'drafter', method: op.method, url: p, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(v), note: `${target.join('.')} of ${size} bytes (drafter)` });
    }
  } else if (op.bodyType === 'multipart') {
    const size = sizes[sizes.length - 1];
    out.push({ caller: 'drafter', method: op.method, url: p, headers: { ...headers, 'content-type': 'multipart/form-data; boundary=x' }, body: Buffer.alloc(size, 97), note: `multipart of ${size} bytes` });
  } else {
    const q = op.params.find((x) => x.in === 'query');
    out.push({ caller: 'officer', method: op.method, url: `${p}?${enc(q?.name ?? 'x')}=${'a'.repeat(12_000)}`, headers, note: 'query string of 12 kB' });
  }
  return out;
}

/** The valid example of an operation, as `caller` (used to learn who gets past authorization). */
export function validRequest(op: Operation, tool: SchemaTool, known: Known, caller: Caller): FuzzRequest {
  const p = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => enc(known[name]?.[0] ?? randomUUID()));
  const headers: Record<string, string> = { 'x-forwarded-for': nextAddress() };
  if (op.params.some((x) => x.in === 'header' && x.name.toLowerCase() === 'if-match')) headers['if-match'] = '"1"';
  let body: string | undefined;
  if (op.bodyType === 'json') {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(tool.body(op, known));
  }
  return { caller, method: op.method, url: p, headers, body, note: `valid example (${op.example})` };
}

/** Every string field, query parameter and path parameter, in turn, holding each of the nastiest strings. */
export function systematicRequests(op: Operation, tool: SchemaTool, known: Known, caller: Caller): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  const base = validRequest(op, tool, known, caller);
  const values = ['a\u0000b', 'x\ud800y', '\u202egnp.exe', "x'); SELECT pg_sleep(1); --"];
  if (op.bodyType === 'json') {
    for (const leaf of tool.leaves(op.bodySchema!).filter((l) => l.schema.type === 'string')) {
      for (const v of values) {
        const body = JSON.stringify(setAt(tool.body(op, known), leaf.path, v));
        out.push({ ...base, headers: { ...base.headers, 'x-forwarded-for': nextAddress() }, body, note: `${leaf.path.join('.')} = ${JSON.stringify(v)}` });
      }
    }
  }
  if (op.bodyType === 'json') {
    // Nesting: fine for JSON.parse, but a recursive validator may run out of stack.
    for (const depth of [40, 5000]) {
      out.push({ ...base, body: `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`, note: `object nested ${depth} deep` });
      out.push({ ...base, body: `${'['.repeat(depth)}${']'.repeat(depth)}`, note: `array nested ${depth} deep` });
    }
  }
  for (const q of op.params.filter((x) => x.in === 'query')) {
    for (const v of [...values, '1e20', '99999999999999999999', '-1', 'UNKNOWN']) out.push({ ...base, url: `${base.url}?${enc(q.name)}=${enc(v)}`, note: `?${q.name}=${JSON.stringify(v)}` });
    if (q.name === 'cursor') {
      for (const arr of [['not a date', 'x'], ['2026-13-45T99:99:99Z', 'x', 'y'], ['1e400', '2026-01-01', 'x'], [1, 2], ['x'], ['a\u0000', 'b']]) {
        out.push({ ...base, url: `${base.url}?cursor=${Buffer.from(JSON.stringify(arr)).toString('base64url')}`, note: `cursor ${JSON.stringify(arr)}` });
      }
    }
  }
  const pathParams = op.params.filter((x) => x.in === 'path');
  for (const [i] of pathParams.entries()) {
    for (const v of ['%00', enc('x\ud800'), enc('\u202e'), '%FF', enc("1' OR '1'='1"), '99999999999999999999', enc('00000000-0000-0000-0000-000000000000')]) {
      let k = 0;
      const url = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => (k++ === i ? v : enc(known[name]?.[0] ?? randomUUID())));
      out.push({ ...base, url, note: `path ${pathParams[i].name} = ${v}` });
    }
  }
  return out;
}

// ---------------------------------------------------------------- the document's own claims

/** A request built to test one claim of the document, and what the document says the answer must be. */
export interface Claim {
  request: FuzzRequest;
  /** refused: the document does not allow it (400, or 404 for a path parameter); accepted: it does (not 400). */
  expect: 'refused' | 'accepted';
  where: 'body' | 'query' | 'path';
  rule: string;
}

const DELETE = Symbol('delete');

/** A string the pattern does not match (for a claim that it is refused). */
function notMatching(pattern: string): string | null {
  const re = new RegExp(pattern);
  for (const c of ['', ' ', '!', '!!', 'a b', 'lower', 'UPPER-1', '1', '\u6587\u4ef6', '-', '----', 'x'.repeat(300)]) if (!re.test(c)) return c;
  return null;
}

/** A string the pattern matches, of a length within the schema's limits (for a claim that it is accepted). */
function matching(s: Schema, seed: number): string | null {
  const re = new RegExp(s.pattern);
  let samples: string[];
  try {
    samples = fc.sample(fc.stringMatching(re, { size: 'small' }), { numRuns: 30, seed });
  } catch {
    // A construct fast-check cannot generate from (lookahead): no claim for this pattern.
    return null;
  }
  return samples.find((v) => v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity) && re.test(v)) ?? null;
}

/** Values of a leaf schema the document allows and refuses, with the rule each one tests. */
function claimsFor(s: Schema, o: { required: boolean; name: string; where: Claim['where'] }): [unknown, Claim['expect'], string][] {
  const out: [unknown, Claim['expect'], string][] = [];
  if (o.where !== 'path') out.push(o.required ? [DELETE, 'refused', 'required'] : [DELETE, 'accepted', 'optional']);
  if (o.where === 'body') out.push([null, s.nullable ? 'accepted' : 'refused', s.nullable ? 'nullable' : 'not nullable']);
  // Opaque tokens and references to records: their content is checked beyond what a schema says.
  const opaque = o.name === 'cursor';
  if (Array.isArray(s.enum)) {
    out.push(['NOT_IN_THE_ENUM', 'refused', 'enum']);
    return out;
  }
  switch (s.type) {
    case 'string': {
      if (o.where === 'body') out.push([12345, 'refused', 'type string']);
      if (s.format === 'uuid') out.push(['not-a-uuid', 'refused', 'format uuid']);
      else if (s.format === 'date-time') out.push(['yesterday at noon', 'refused', 'format date-time']);
      else if (s.format === 'email') out.push(['not an e-mail address', 'refused', 'format email']);
      else if (s.format === 'uri') out.push(['not a url', 'refused', 'format uri']);
      if (s.pattern) {
        const bad = notMatching(s.pattern);
        if (bad !== null) out.push([bad, 'refused', `pattern ${s.pattern}`]);
        if (!opaque && s.format === undefined && o.where !== 'path' && !['username', 'code'].includes(o.name)) {
          const good = matching(s, o.name.length);
          if (good !== null) out.push([good, 'accepted', `pattern ${s.pattern}`]);
        }
        return out;
      }
      if (s.format !== undefined) return out;
      const min = s.minLength ?? 0;
      if (min > 0) out.push(['x'.repeat(min - 1), 'refused', `minLength ${min}`]);
      if (!opaque) out.push(['x'.repeat(Math.max(min, 1)), 'accepted', `minLength ${min}`]);
      if (s.maxLength !== undefined) {
        if (!opaque) out.push(['x'.repeat(s.maxLength), 'accepted', `maxLength ${s.maxLength}`]);
        out.push(['x'.repeat(s.maxLength + 1), 'refused', `maxLength ${s.maxLength}`]);
      } else if (!opaque) {
        // No limit written: a long value must then be taken.
        out.push(['x'.repeat(5000), 'accepted', 'no maxLength']);
      }
      return out;
    }
    case 'integer':
    case 'number': {
      const asText = o.where !== 'body';
      const v = (n: number) => (asText ? String(n) : n);
      if (s.type === 'integer') out.push([v(1.5), 'refused', 'type integer']);
      if (!asText) out.push(['1', 'refused', `type ${s.type}`]);
      if (asText) out.push(['one', 'refused', `type ${s.type}`]);
      if (s.minimum !== undefined) {
        out.push([v(s.minimum), 'accepted', `minimum ${s.minimum}`]);
        out.push([v(s.minimum - 1), 'refused', `minimum ${s.minimum}`]);
      }
      if (s.maximum !== undefined) {
        out.push([v(s.maximum), 'accepted', `maximum ${s.maximum}`]);
        out.push([v(s.maximum + 1), 'refused', `maximum ${s.maximum}`]);
      } else {
        // No limit written: a large value must then be taken.
        out.push([v(2_000_000_000), 'accepted', 'no maximum']);
      }
      return out;
    }
    case 'boolean':
      if (o.where === 'body') out.push(['true', 'refused', 'type boolean']);
      else out.push(['maybe', 'refused', 'type boolean']);
      return out;
    case 'array':
      if (o.where === 'body') {
        out.push(['not an array', 'refused', 'type array']);
        if (s.maxItems !== undefined) out.push([Array.from({ length: s.maxItems + 1 }, () => randomUUID()), 'refused', `maxItems ${s.maxItems}`]);
      }
      return out;
    default:
      return out;
  }
}

/**
 * Requests that test what the document claims about an operation's input, one rule at a time,
 * starting from its valid example: required and optional fields, null, types, enums, formats,
 * patterns, lengths, ranges, array sizes and `additionalProperties: false`.
 */
export function claimRequests(op: Operation, tool: SchemaTool, known: Known, caller: Caller): Claim[] {
  const out: Claim[] = [];
  const base = validRequest(op, tool, known, caller);
  const fresh = () => ({ ...base, headers: { ...base.headers, 'x-forwarded-for': nextAddress() } });
  if (op.bodyType === 'json' && op.bodySchema) {
    const root = tool.resolve(op.bodySchema);
    if (root.additionalProperties === false) {
      const body = tool.body(op, known) as Record<string, unknown>;
      out.push({ request: { ...fresh(), body: JSON.stringify({ ...body, unknownProperty: 1 }), note: 'unknown property' }, expect: 'refused', where: 'body', rule: 'additionalProperties false' });
    }
    for (const leaf of tool.leaves(op.bodySchema)) {
      if (leaf.path.includes('0')) continue;
      const parent = leaf.path.length > 1 ? tool.resolve(leafParent(tool, op.bodySchema, leaf.path)) : root;
      const required = (parent.required ?? []).includes(leaf.path[leaf.path.length - 1]);
      if (leaf.path.length > 1 && leaf.schema.properties === undefined && !pathPresent(tool.body(op, known), leaf.path.slice(0, -1))) continue;
      if (leaf.schema.properties && leaf.schema.additionalProperties === false) {
        const body = tool.body(op, known);
        if (pathPresent(body, leaf.path)) {
          out.push({ request: { ...fresh(), body: JSON.stringify(setAt(body, [...leaf.path, 'unknownProperty'], 1)), note: `${leaf.path.join('.')}.unknownProperty` }, expect: 'refused', where: 'body', rule: `${leaf.path.join('.')}: additionalProperties false` });
        }
      }
      for (const [value, expect, rule] of claimsFor(leaf.schema, { required, name: leaf.path[leaf.path.length - 1], where: 'body' })) {
        const body = value === DELETE ? deleteAt(tool.body(op, known), leaf.path) : setAt(tool.body(op, known), leaf.path, value);
        out.push({ request: { ...fresh(), body: JSON.stringify(body), note: `${leaf.path.join('.')} ${rule}: ${describe(value)}` }, expect, where: 'body', rule: `${leaf.path.join('.')}: ${rule}` });
      }
    }
  }
  for (const q of op.params.filter((x) => x.in === 'query')) {
    const s = tool.resolve(q.schema);
    for (const [value, expect, rule] of claimsFor(s, { required: q.required, name: q.name, where: 'query' })) {
      if (value === DELETE) continue;
      const sep = base.url.includes('?') ? '&' : '?';
      out.push({ request: { ...fresh(), url: `${base.url}${sep}${enc(q.name)}=${enc(String(value))}`, note: `?${q.name} ${rule}: ${describe(value)}` }, expect, where: 'query', rule: `?${q.name}: ${rule}` });
    }
  }
  const pathParams = op.params.filter((x) => x.in === 'path');
  for (const [i, p] of pathParams.entries()) {
    const s = tool.resolve(p.schema);
    for (const [value, expect, rule] of claimsFor(s, { required: true, name: p.name, where: 'path' })) {
      if (value === DELETE || expect === 'accepted') continue;
      let k = 0;
      const url = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => (k++ === i ? enc(String(value)) : enc(known[name]?.[0] ?? randomUUID())));
      out.push({ request: { ...fresh(), url, note: `path ${p.name} ${rule}: ${describe(value)}` }, expect, where: 'path', rule: `{${p.name}}: ${rule}` });
    }
    // Path parameters with bounds (years): the bounds themselves are taken.
    if (s.type === 'integer') {
      for (const n of [s.minimum, s.maximum].filter((x) => x !== undefined)) {
        let k = 0;
        const url = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => (k++ === i ? String(n) : enc(known[name]?.[0] ?? randomUUID())));
        out.push({ request: { ...fresh(), url, note: `path ${p.name} = ${n}` }, expect: 'accepted', where: 'path', rule: `{${p.name}}: bound ${n}` });
      }
    }
  }
  return out;
}

function describe(v: unknown): string {
  if (v === DELETE) return 'left out';
  const j = JSON.stringify(v) ?? String(v);
  return j.length > 40 ? `${j.slice(0, 20)}… (${typeof v === 'string' ? v.length : j.length})` : j;
}

function pathPresent(obj: unknown, path: string[]): boolean {
  let cur = obj as Record<string, unknown> | undefined;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object' || !(k in cur)) return false;
    cur = cur[k] as Record<string, unknown>;
  }
  return true;
}

function leafParent(tool: SchemaTool, root: Schema, path: string[]): Schema {
  let cur = tool.resolve(root);
  for (const k of path.slice(0, -1)) cur = tool.resolve(/^\d+$/.test(k) ? cur.items : cur.properties?.[k]);
  return cur;
}
