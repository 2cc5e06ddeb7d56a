/**
 * 405 Method Not Allowed with `Allow` (RFC 9110 §15.5.6): a request whose path has routes, but
 * not for its method, is not a 404. Fastify's router answers "no route" either way, so the routes
 * are mirrored, as they are added, into a second router (find-my-way, the one Fastify uses) that
 * is asked only on that path: which methods would match this URL?
 */
import FindMyWay from 'find-my-way';
import type { FastifyInstance } from 'fastify';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export type AllowedMethods = (url: string) => string[];

/** Records every route added from now on; returns the lookup (the methods a URL has, in a fixed order). */
export function trackAllowedMethods(fastify: FastifyInstance): AllowedMethods {
  const router = FindMyWay({ ignoreTrailingSlash: false, ignoreDuplicateSlashes: false, caseSensitive: true });
  fastify.addHook('onRoute', (route) => {
    const methods = (Array.isArray(route.method) ? route.method : [route.method]).filter((m): m is (typeof METHODS)[number] => (METHODS as readonly string[]).includes(m));
    // Wildcards (a plugin's catch-all OPTIONS route, say) would claim every path.
    if (methods.length === 0 || route.url.includes('*')) return;
    // Fastify adds a HEAD route for every GET route (exposeHeadRoutes).
    for (const m of methods.includes('GET') ? [...methods, 'HEAD' as const] : methods) {
      if (!router.hasRoute(m, route.url)) router.on(m, route.url, () => undefined);
    }
  });
  return (url) => {
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    try {
      return METHODS.filter((m) => router.find(m, path) !== null);
    } catch {
      return [];
    }
  };
}
