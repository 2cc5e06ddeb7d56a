/**
 * The OpenAPI document, made to say what the service does, from the same sources the service
 * runs on rather than from a second description that drifts:
 * - request schemas (bodies and query parameters) from the class-validator rules that refuse
 *   input: types (integer, not number), lengths, patterns, enums, formats (uuid, date-time,
 *   email), array limits, which fields are required, which may be null (@IsOptional lets null
 *   through, @Optional does not), and `additionalProperties: false` (unknown properties are
 *   refused: forbidNonWhitelisted);
 * - path parameters from their pipes (ParseUUIDPipe → uuid, ParseIntPipe → integer, a pipe's
 *   `openApiSchema`);
 * - security from the route's policy: @Public routes need nothing (`security: []`), or accept
 *   a bearer token without requiring it when they also declare @ApiBearerAuth; every other route
 *   requires one;
 * - the success status from @HttpCode (POST 201, others 200), and the error statuses every
 *   operation can answer: 400 (validation; also any query string with a control character),
 *   401 and 403 (or 404 for read policies) behind a login, 404 with path parameters, 409 on
 *   writes (a conflicting change, a duplicate, a serialization failure), 412/428 with If-Match,
 *   413 and 415 where a body can be sent, 414 with path parameters, 422 with Idempotency-Key,
 *   429 where a limit applies, 431 for a request line and headers over 16 kB, 503 when the
 *   database is unavailable — each in the contract's error shape.
 * test/openapi.e2e-spec.ts lints the result (Redocly) and checks these rules;
 * test/reliability/bad-input.e2e-spec.ts sends requests generated from it and compares.
 */
import { type INestApplication, ParseIntPipe, ParseUUIDPipe } from '@nestjs/common';
import { GUARDS_METADATA, HTTP_CODE_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { applyRules, describeRequestSchema, isReferencedFrom, rulesOf, schemaName, validatedClasses, type PropertyRules } from './openapi-schemas.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Schema = Record<string, any>;

/** A pipe that knows the schema of what it accepts (a path parameter's, for the document). */
export interface DescribedPipe {
  readonly openApiSchema: Schema;
}

/** Route metadata the document is made from (set by the decorators in authorization). */
export interface RouteMarks {
  publicRoute: string;
  policy: string;
}

interface ArgMeta {
  type: number;
  data: unknown;
  pipes: unknown[];
  metatype: unknown;
}

interface RouteInfo {
  controller: Function;
  handler: Function;
  isPublic: boolean;
  policy: { deniedAsNotFound?: boolean } | undefined;
  httpCode: number | undefined;
  guards: unknown[];
  args: ArgMeta[];
  /** The handler writes its answer itself (@Res() without passthrough). */
  ownsResponse: boolean;
}

const PARAM_TYPES = { RESPONSE: 1, BODY: 3, QUERY: 4, PARAM: 5 } as const;

/** Every route handler by the operationId @nestjs/swagger gives it (`<Controller>_<method>`). */
function routesOf(app: INestApplication, marks: RouteMarks): Map<string, RouteInfo> {
  const routes = new Map<string, RouteInfo>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Function | null;
      if (!controller?.prototype) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name] as unknown;
        if (name === 'constructor' || typeof handler !== 'function' || Reflect.getMetadata('path', handler) === undefined) continue;
        const rawArgs = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<string, { index: number; data: unknown; pipes?: unknown[] }>;
        const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, name) ?? []) as unknown[];
        const args = Object.entries(rawArgs).map(([key, a]) => ({ type: Number(key.split(':')[0]), data: a.data, pipes: a.pipes ?? [], metatype: types[a.index] }));
        const res = args.find((a) => a.type === PARAM_TYPES.RESPONSE);
        routes.set(`${controller.name}_${name}`, {
          controller,
          handler,
          isPublic: Reflect.getMetadata(marks.publicRoute, handler) === true || Reflect.getMetadata(marks.publicRoute, controller) === true,
          policy: Reflect.getMetadata(marks.policy, handler) ?? Reflect.getMetadata(marks.policy, controller),
          httpCode: Reflect.getMetadata(HTTP_CODE_METADATA, handler),
          guards: [...((Reflect.getMetadata(GUARDS_METADATA, controller) ?? []) as unknown[]), ...((Reflect.getMetadata(GUARDS_METADATA, handler) ?? []) as unknown[])],
          args,
          ownsResponse: !!res && !(res.data as { passthrough?: boolean } | undefined)?.passthrough,
        });
      }
    }
  }
  return routes;
}

// ------------------------------------------------------------------ answers

const ERROR_SCHEMA: Schema = {
  type: 'object',
  description: 'The contract’s error shape: `message` names the field or rule; `code` says which kind of refusal it is.',
  required: ['statusCode', 'message', 'error'],
  properties: {
    statusCode: { type: 'integer', example: 400 },
    message: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }], example: 'title must be shorter than or equal to 300 characters' },
    error: { type: 'string', example: 'Bad Request' },
    code: { type: 'string', example: 'invalid_input' },
    details: { type: 'object', additionalProperties: true },
    requestId: { type: 'string', description: 'on 5xx: quote it when reporting the problem' },
  },
};

const RETRY_AFTER = { 'Retry-After': { description: 'seconds to wait before retrying', schema: { type: 'integer' } } };

/** The error answers, as reusable components: [status, name, description]. */
const ERRORS: [number, string, string][] = [
  [400, 'BadRequest', 'invalid input: a field, a parameter or the JSON itself (message names it)'],
  [401, 'Unauthorized', 'no valid bearer token'],
  [403, 'Forbidden', 'authenticated but not allowed'],
  [404, 'NotFound', 'not found, or not visible to the caller'],
  [409, 'Conflict', 'not valid in the resource’s current state, a duplicate, or a concurrent change (retry)'],
  [412, 'PreconditionFailed', 'If-Match does not match the current version'],
  [413, 'PayloadTooLarge', 'the body is larger than allowed'],
  [414, 'UriTooLong', 'a path parameter is too long'],
  [415, 'UnsupportedMediaType', 'the body is not of a type this operation takes'],
  [422, 'UnprocessableEntity', 'Idempotency-Key reused with a different request'],
  [428, 'PreconditionRequired', 'If-Match is required'],
  [429, 'TooManyRequests', 'too many requests from this address or for this account; see Retry-After'],
  [431, 'HeadersTooLarge', 'the request line and headers are larger than allowed (16 kB; a long URL counts)'],
  [503, 'ServiceUnavailable', 'the database is unavailable; see Retry-After'],
];

function errorResponse(status: number, description: string): Schema {
  return {
    description,
    ...(status === 429 || status === 503 ? { headers: RETRY_AFTER } : {}),
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } },
  };
}

function hasIntakeLimit(route: RouteInfo): boolean {
  return route.guards.some((g) => (typeof g === 'function' ? g.name : (g as object)?.constructor?.name) === 'IntakeThrottleGuard');
}

// ------------------------------------------------------------------ the document

export function describeService(app: INestApplication, doc: OpenAPIObject, marks: RouteMarks): OpenAPIObject {
  const routes = routesOf(app, marks);
  const classes = validatedClasses();
  const schemas = (doc.components!.schemas ??= {}) as Record<string, Schema>;
  /** Request body schemas by component name, with the class validating them. */
  const requestSchemas = new Map<string, Function>();

  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item as Record<string, Schema>)) {
      if (!['get', 'put', 'post', 'patch', 'delete', 'head', 'options'].includes(method)) continue;
      const route = routes.get(op.operationId);
      if (!route) throw new Error(`OpenAPI: no route handler for ${method.toUpperCase()} ${path} (${op.operationId})`);
      const write = ['post', 'put', 'patch', 'delete'].includes(method);

      // Parameters.
      const query = route.args.find((a) => a.type === PARAM_TYPES.QUERY && a.data === undefined && typeof a.metatype === 'function');
      const queryRules = query ? rulesOf(query.metatype as Function) : new Map<string, PropertyRules>();
      for (const p of (op.parameters ?? []) as Schema[]) {
        if (p.in === 'query') {
          const r = queryRules.get(p.name);
          if (r) {
            p.schema = applyRules(p.schema ?? {}, { ...r, nullable: false });
            p.required = !r.optional;
          }
        } else if (p.in === 'path') {
          const arg = route.args.find((a) => a.type === PARAM_TYPES.PARAM && a.data === p.name);
          for (const pipe of arg?.pipes ?? []) {
            if (pipe instanceof ParseUUIDPipe || pipe === ParseUUIDPipe) p.schema = { ...(p.schema ?? {}), type: 'string', format: 'uuid' };
            else if (pipe instanceof ParseIntPipe || pipe === ParseIntPipe) p.schema = { ...(p.schema ?? {}), type: 'integer' };
            const described = (pipe as Partial<DescribedPipe>)?.openApiSchema;
            if (described) p.schema = { ...(p.schema ?? {}), ...described };
          }
          p.required = true;
        }
      }
      const headers = ((op.parameters ?? []) as Schema[]).filter((p) => p.in === 'header').map((p) => String(p.name).toLowerCase());

      // The body.
      const body = route.args.find((a) => a.type === PARAM_TYPES.BODY && a.data === undefined && typeof a.metatype === 'function');
      if (body) {
        const name = schemaName(op.requestBody);
        if (name && schemas[name]) requestSchemas.set(name, body.metatype as Function);
        if (op.requestBody) op.requestBody.required = true;
      }

      // Security.
      const declaresBearer = Array.isArray(op.security) && op.security.some((s: Schema) => 'bearer' in s);
      op.security = route.isPublic ? (declaresBearer ? [{}, { bearer: [] }] : []) : [{ bearer: [] }];

      // Answers.
      const responses = (op.responses ??= {}) as Record<string, Schema>;
      if (!route.ownsResponse) {
        const success = String(route.httpCode ?? (method === 'post' ? 201 : 200));
        const documented = Object.keys(responses).filter((s) => /^2\d\d$/.test(s));
        if (!documented.includes(success) && documented.length === 1) {
          responses[success] = responses[documented[0]];
          delete responses[documented[0]];
        }
      }
      const pathParams = ((op.parameters ?? []) as Schema[]).some((p) => p.in === 'path');
      const statuses = new Set<number>([400, 431, 503]);
      if (!route.isPublic) {
        statuses.add(401);
        statuses.add(route.policy?.deniedAsNotFound ? 404 : 403);
      }
      if (pathParams) {
        statuses.add(404);
        statuses.add(414);
      }
      if (write) {
        statuses.add(409);
        statuses.add(413);
        statuses.add(415);
      }
      if (headers.includes('if-match')) {
        statuses.add(412);
        const ifMatch = ((op.parameters ?? []) as Schema[]).find((p) => p.in === 'header' && String(p.name).toLowerCase() === 'if-match');
        if (ifMatch?.required) statuses.add(428);
      }
      if (headers.includes('idempotency-key')) {
        statuses.add(409);
        statuses.add(422);
      }
      if (hasIntakeLimit(route)) statuses.add(429);
      if (path === '/health') statuses.delete(503);
      for (const status of [...statuses].sort((a, b) => a - b)) {
        const known = ERRORS.find(([s]) => s === status)!;
        const existing = responses[String(status)];
        responses[String(status)] = existing?.content ? existing : errorResponse(status, existing?.description ?? known[2]);
      }
      for (const [status, r] of Object.entries(responses)) {
        // Errors declared by hand (with a description only) get the error shape too.
        if (/^[45]\d\d$/.test(status) && !r.content && !r.$ref) responses[status] = errorResponse(Number(status), r.description ?? 'error');
      }
    }
  }

  for (const [name, cls] of requestSchemas) describeRequestSchema(schemas[name], cls);
  // Nested request DTOs (a contact inside an application, an override inside a calendar change).
  for (const [name, cls] of classes) {
    if (requestSchemas.has(name) || !schemas[name] || !isReferencedFrom(schemas, [...requestSchemas.keys()], name)) continue;
    if (cls === null) throw new Error(`OpenAPI: two validated classes are named ${name}; the schema nested in a request body cannot be told`);
    describeRequestSchema(schemas[name], cls);
  }
  schemas.ErrorResponse = ERROR_SCHEMA;
  doc.servers = [{ url: '/', description: 'this service' }];
  doc.info.license = { name: 'MIT', url: 'https://opensource.org/license/mit' };
  return doc;
}
