import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/configuration.js';
import { AppModule } from './app.module.js';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { DomainError } from './common/errors/domain-error.js';
import { trackAllowedMethods } from './common/http/allowed-methods.js';
import { HSTS, clientAddress, registerAnswerDefaults, registerTransport, tlsDetector } from './common/http/http-edge.js';
import { describeService } from './common/http/openapi.js';
import { PUBLIC_ROUTE, ROUTE_POLICY } from './modules/authorization/policy.decorator.js';
import { SECURITY_HEADERS, clientErrorHandler } from './common/http/security-headers.js';
import { AccessLog, PinoNestLogger, createRootLogger } from './common/logging/logger.js';
import { runMigrations } from './common/database/migrate.js';
import { describeTextProblem, firstTextProblem } from './common/text/stored-text.js';
import { serveWebUi } from './web-ui.js';
import { CatalogueCache } from './modules/catalogue/catalogue-cache.js';
import { laneServerFactory, registerLaneCapture, type Lane } from './modules/catalogue/fast-lane.js';
import { CatalogueService } from './modules/catalogue/catalogue.service.js';
import { registerPageLaneCapture, type PageLane } from './modules/catalogue/page-lane.js';

interface CreateAppOptions {
  databaseUrl: string;
  logger?: Logger;
}

/** Builds the whole service on Fastify: used by main.ts and by the tests, so both run the same app. */
export async function createApp(config: AppConfig, opts: CreateAppOptions): Promise<NestFastifyApplication> {
  const logger = opts.logger ?? createRootLogger(config);
  if (config.migrationsRun) {
    const ran = await runMigrations(opts.databaseUrl);
    if (ran.length > 0) logger.info({ migrations: ran }, 'migrations applied');
  }
  let lane: Lane | null = null;
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // The catalogue's fast lane answers polls in front of Fastify (fast-lane.ts).
    serverFactory: laneServerFactory(() => lane),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    logController: new AccessLog(),
    // Answers Fastify and Node write before helmet's hook runs: same shape, same security headers.
    frameworkErrors: (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
      const tooLong = (error as { code?: string }).code === 'FST_ERR_MAX_PARAM_LENGTH';
      const status = tooLong ? 414 : 400;
      void reply
        .code(status)
        .headers(SECURITY_HEADERS)
        .headers(req.protocol === 'https' ? { 'strict-transport-security': HSTS } : {})
        .header('cache-control', 'no-store')
        .header('content-type', 'application/json; charset=utf-8')
        .send({
          statusCode: status,
          message: tooLong ? 'a path parameter is too long' : 'the URL is not valid',
          error: tooLong ? 'URI Too Long' : 'Bad Request',
          code: tooLong ? 'uri_too_long' : 'invalid_input',
        });
    },
    clientErrorHandler,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, opts.databaseUrl), adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
    // JSON in (Fastify's own parser, under bodyLimit); multipart where attachments are uploaded.
    // No urlencoded (Nest's default) and no text/plain (Fastify's): 415, as the OpenAPI document says.
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.removeContentTypeParser('text/plain');
  const allowedMethods = trackAllowedMethods(fastify);
  fastify.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  // Refused at the edge, before any handler, pipe or query sees them: JSON nested so deeply that
  // validation would overflow the stack (a 500 for a 30 kB body), and strings that are not
  // storable text (stored-text.ts: NUL, unpaired surrogates, C0 controls), naming the field.
  fastify.addHook('preValidation', async (req, reply) => {
    if (depthOf(req.body, MAX_DEPTH + 1) > MAX_DEPTH) {
      return reply
        .code(400)
        .header('content-type', 'application/json; charset=utf-8')
        .send({ statusCode: 400, message: `the JSON body is nested more than ${MAX_DEPTH} levels deep`, error: 'Bad Request', code: 'invalid_input' });
    }
    const found =
      firstTextProblem(req.body, MAX_DEPTH + 2) ?? firstTextProblem(req.query, MAX_DEPTH + 2) ?? firstTextProblem(req.params, MAX_DEPTH + 2);
    if (found) {
      return reply
        .code(400)
        .header('content-type', 'application/json; charset=utf-8')
        .send({ statusCode: 400, message: describeTextProblem(found.path || 'the body', found), error: 'Bad Request', code: 'invalid_input' });
    }
  });
  // Before helmet: marks the polled catalogue requests whose answers the fast lane will store.
  const isTls = tlsDetector(config.trustProxy);
  const catalogue = app.get(CatalogueService);
  // The pages after a cursor, computed as the route computes them (page-lane.ts).
  const pages: PageLane = { page: (q) => catalogue.list(q), log: fastify.log, isTls, clientIp: clientAddress(config.trustProxy), headers: null };
  lane = { cache: app.get(CatalogueCache), hostInKey: !config.publicUrl, isTls, pages };
  registerLaneCapture(fastify, lane.cache, lane.hostInKey);
  // Helmet's headers on every answer that goes through Fastify. The middleware is built once:
  // @fastify/helmet builds it again for every request (parsing the policy each time).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        // Intranet deployments often serve plain HTTP: do not force https sub-requests.
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    // Only over TLS (http-edge.ts decides, per request).
    strictTransportSecurity: false,
  });
  fastify.addHook('onRequest', (req, reply, done) => securityHeaders(req.raw, reply.raw, (err?: unknown) => done(err as Error | undefined)));
  registerAnswerDefaults(fastify);
  // After the answer's defaults (cache-control, Vary), before compression: the page lane's headers.
  registerPageLaneCapture(fastify, () => pages);
  app.useGlobalFilters(new AllExceptionsFilter(allowedMethods));
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => {
        const messages = errors.flatMap((e) => flatten(e.property, e));
        // `details.fields`: the paths of the refused fields, for clients (and the OpenAPI-driven test).
        return new DomainError('invalid_input', messages.join('; ') || 'invalid input', { fields: errors.flatMap((e) => fieldsOf(e.property, e)) });
      },
    }),
  );
  await registerTransport(app);
  setupOpenApi(app);
  await serveWebUi(app, config);
  app.enableShutdownHooks([]);
  return app;
}

const MAX_DEPTH = 32;

/** How deeply a parsed JSON value nests (stops counting at `stop`), without recursion. */
function depthOf(value: unknown, stop: number): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    max = Math.max(max, d + 1);
    if (max >= stop) return max;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

type VError = { property: string; constraints?: Record<string, string>; children?: VError[] };
function fieldsOf(path: string, e: VError): string[] {
  return [...(e.constraints && Object.keys(e.constraints).length ? [path] : []), ...(e.children ?? []).flatMap((c) => fieldsOf(`${path}.${c.property}`, c))];
}
function flatten(path: string, e: VError): string[] {
  const own = Object.values(e.constraints ?? {}).map((m) => (m.startsWith(e.property) ? m.replace(e.property, path) : `${path}: ${m}`));
  const kids = (e.children ?? []).flatMap((c) => flatten(`${path}.${c.property}`, c));
  return [...own, ...kids];
}

function buildOpenApiDocument(app: INestApplication) {
  const config = new DocumentBuilder()
    .setTitle('gongkai')
    .setDescription(
      'Document approval and government information disclosure: the signing-and-approval form and its review chain, ' +
        'the public disclosure catalogue and its feeds, disclosure on application, and the annual report.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return describeService(app, SwaggerModule.createDocument(app, config), { publicRoute: PUBLIC_ROUTE, policy: ROUTE_POLICY });
}

function setupOpenApi(app: NestFastifyApplication): void {
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json', customSiteTitle: 'gongkai API' });
}
