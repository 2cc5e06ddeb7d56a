import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { AppConfig } from '../config/configuration.js';

/** Paths that belong to the service itself: never answered with the web UI. */
const SERVICE_PREFIXES = ['/api', '/feeds', '/health'];

function isServicePath(url: string): boolean {
  const path = url.split('?', 1)[0];
  return SERVICE_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
}

/** The path of an existing file of the build for a URL, relative to root; null if none or outside. */
function fileUnder(root: string, url: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(url.split('?', 1)[0]);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const full = resolve(root, `.${path}`);
  if (!full.startsWith(root + sep)) return null;
  try {
    return statSync(full).isFile() ? relative(root, full) : null;
  } catch {
    return null;
  }
}

function acceptsHtml(req: FastifyRequest): boolean {
  const accept = req.headers.accept;
  return typeof accept === 'string' && accept.toLowerCase().includes('text/html');
}

/**
 * Serves the built web UI (web/dist, `config.webDir`) at `/` when it has been built:
 * - every file of the build is served as it is; hashed assets under /assets are cached for a year,
 *   index.html is revalidated on every load;
 * - single-page-app fallback: a GET or HEAD that matches no route, is not under /api, /feeds or
 *   /health, and accepts text/html answers index.html, so the UI's own paths (/tasks,
 *   /documents/…) survive a reload or a bookmark. Everything else (API 404s in particular) keeps
 *   the service's JSON answer.
 * The CSP set in bootstrap.ts applies: the build has no inline script (see web/vite.config.ts).
 */
export async function serveWebUi(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const root = resolve(config.webDir);
  const index = join(root, 'index.html');
  if (!existsSync(index) || !statSync(index).isFile()) return;

  await app.register(fastifyStatic as never, {
    root,
    prefix: '/',
    // One route per file found at start (the build does not change under a running service), so
    // no catch-all route competes with the API's own routes or its JSON 404s.
    wildcard: false,
    index: ['index.html'],
    decorateReply: true,
    etag: true,
    lastModified: true,
    cacheControl: false,
    setHeaders(reply: FastifyReply, path: string) {
      const immutable = path.startsWith(join(root, 'assets') + sep);
      void reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });

  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.is404) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') return;
    if (isServicePath(req.url)) return;
    // A file added by a rebuild after the service started (the per-file routes are fixed at start).
    const file = fileUnder(root, req.url);
    if (file) return reply.sendFile(file, root);
    // A missing hashed asset is a real 404, not a page of the app.
    if (!acceptsHtml(req) || req.url.startsWith('/assets/')) return;
    void reply.header('cache-control', 'no-cache');
    return reply.type('text/html; charset=utf-8').sendFile('index.html', root);
  });
}
