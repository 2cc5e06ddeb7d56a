import 'reflect-metadata';
import { ConfigError, loadConfig, type AppConfig } from '../config/configuration.js';
import { createApp } from './bootstrap.js';
import { EmbeddedPostgresError, startEmbeddedPostgres, type EmbeddedDatabase } from './common/database/embedded-postgres.js';
import { createRootLogger } from './common/logging/logger.js';
import { DemoSeeder } from './modules/demo/demo.seeder.js';
import { IdentityService } from './modules/identity/identity.service.js';
import { isDatabaseUnavailable } from './common/database/database-unavailable.js';

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig(process.env, { demoByDefault: process.argv.includes('--demo') });
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const logger = createRootLogger(config);
  guardAgainstLostDatabase(logger);
  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    try {
      embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPgPort, (m) => logger.info(m));
    } catch (e) {
      // A situation the operator must resolve (see embedded-postgres-root.ts): one line, no stack.
      if (!(e instanceof EmbeddedPostgresError)) throw e;
      console.error(e.message);
      process.exit(1);
    }
    databaseUrl = embedded.url;
  }

  const app = await createApp(config, { databaseUrl, logger });
  const banner: string[] = [];
  const admin = await app.get(IdentityService).ensureAdmin();
  if (admin.generatedPassword) banner.push(`  admin / ${admin.generatedPassword}   (administrator; set ADMIN_PASSWORD to choose it)`);
  else if (admin.created) banner.push('  admin / (the ADMIN_PASSWORD you set)');
  if (config.demoData) {
    const logins = await app.get(DemoSeeder).seedIfEmpty();
    if (logins) for (const l of logins) banner.push(`  ${l.username.padEnd(13)} / ${l.password}   (${l.roles})`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 15000);
    try {
      await app.close();
      if (embedded) await embedded.stop();
    } finally {
      clearTimeout(timer);
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const url = `http://localhost:${config.port}/`;
  logger.info({ url }, 'gongkai is listening');
  const lines = [`gongkai is running at ${url}  (API docs: ${url}api/docs)`];
  if (banner.length) lines.push('Logins (shown once; keep them):', ...banner);
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

/**
 * pg-boss 10 completes and fails jobs without awaiting the promise (manager.js, `this.complete(…)`
 * and `this.fail(…)` in `watch`): when the database goes away while a webhook delivery is in
 * flight, that promise rejects with nobody listening and Node 20 ends the process
 * (--unhandled-rejections=throw). The job itself is safe (it expires and is retried), so a lost
 * database connection must not take the service down: it answers 503 on /health/ready and
 * recovers when the database is back. Any other unhandled rejection is a bug: log it and exit as
 * Node would have, so the supervisor restarts a clean process.
 */
function guardAgainstLostDatabase(logger: ReturnType<typeof createRootLogger>): void {
  process.on('unhandledRejection', (reason) => {
    if (isDatabaseUnavailable(reason)) {
      logger.warn({ err: reason }, 'database connection lost in a background task; it will be retried');
      return;
    }
    logger.fatal({ err: reason }, 'unhandled promise rejection');
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 100).unref();
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
