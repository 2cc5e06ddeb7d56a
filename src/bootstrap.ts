import helmet from '@fastify/helmet';
import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/configuration.js';
import { AppModule } from './app.module.js';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { DomainError } from './common/errors/domain-error.js';
import { PinoNestLogger, createRootLogger } from './common/logging/logger.js';
import { runMigrations } from './common/database/migrate.js';
import { serveWebUi } from './web-ui.js';

export interface CreateAppOptions {
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
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: true,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, opts.databaseUrl), adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  await app.register(helmet as never, {
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
  });
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => {
        const messages = errors.flatMap((e) => flatten(e.property, e));
        return new DomainError('invalid_input', messages.join('; ') || 'invalid input');
      },
    }),
  );
  setupOpenApi(app);
  await serveWebUi(app, config);
  app.enableShutdownHooks([]);
  return app;
}

type VError = { property: string; constraints?: Record<string, string>; children?: VError[] };
function flatten(path: string, e: VError): string[] {
  const own = Object.values(e.constraints ?? {}).map((m) => (m.startsWith(e.property) ? m.replace(e.property, path) : `${path}: ${m}`));
  const kids = (e.children ?? []).flatMap((c) => flatten(`${path}.${c.property}`, c));
  return [...own, ...kids];
}

export function buildOpenApiDocument(app: INestApplication) {
  const config = new DocumentBuilder()
    .setTitle('gongkai')
    .setDescription(
      'Document approval and government information disclosure: the signing-and-approval form and its review chain, ' +
        'the public disclosure catalogue and its feeds, disclosure on application, and the annual report.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  return SwaggerModule.createDocument(app, config);
}

function setupOpenApi(app: NestFastifyApplication): void {
  SwaggerModule.setup('api/docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json', customSiteTitle: 'gongkai API' });
}
