/** A small keep-alive HTTP client on node:http for the loads that need per-request control. */
import http from 'node:http';

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  ms: number;
}

export function makeAgent(maxSockets: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
}

const defaultAgent = makeAgent(64);

export function request(
  port: number,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; json?: unknown; agent?: http.Agent; timeoutMs?: number } = {},
): Promise<HttpResult> {
  const body = opts.json === undefined ? undefined : Buffer.from(JSON.stringify(opts.json));
  const headers: Record<string, string | number> = { ...(opts.headers ?? {}) };
  if (body) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = body.length;
  }
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent: opts.agent ?? defaultAgent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - t0 }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(opts.timeoutMs ?? 60_000, () => req.destroy(new Error(`timeout ${method} ${path}`)));
    if (body) req.write(body);
    req.end();
  });
}

export async function login(port: number, username: string, password: string): Promise<string> {
  const r = await request(port, 'POST', '/api/v1/auth/login', { json: { username, password } });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.body.toString('utf8').slice(0, 200)}`);
  return (JSON.parse(r.body.toString('utf8')) as { accessToken: string }).accessToken;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
