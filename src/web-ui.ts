import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../config/configuration.js';

/** Serves the built web UI (web/dist) at `/`; filled in by the web module. */
export async function serveWebUi(_app: NestFastifyApplication, _config: AppConfig): Promise<void> {}
