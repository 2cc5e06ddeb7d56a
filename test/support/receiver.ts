/**
 * A webhook receiver for the tests: a real HTTP server that records what it takes (in order),
 * can refuse the next requests (503) or a share of them at random, and can answer with the URL
 * where it published the entry (`{"url": …}`), as a portal or a WeChat bridge would.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  id: string;
  body: string;
  headers: Record<string, string>;
  /** The parsed body. */
  event: { type: string; data: { indexNo: string; interprets?: { indexNo: string } } };
}

export class Receiver {
  server!: Server;
  received: Received[] = [];
  /** Refuse this many requests next (503). */
  failuresLeft = 0;
  /** Refuse each request with this probability (0–1), from `random`. */
  failureRate = 0;
  random: () => number = Math.random;
  /** What to answer with a 200: a URL for the entry, or nothing (204). */
  answerUrl: ((indexNo: string) => string | null) | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (this.failuresLeft > 0 || (this.failureRate > 0 && this.random() < this.failureRate)) {
          if (this.failuresLeft > 0) this.failuresLeft--;
          res.writeHead(503).end('down');
          return;
        }
        const body = Buffer.concat(chunks).toString('utf8');
        const event = JSON.parse(body) as Received['event'];
        this.received.push({ id: String(req.headers['webhook-id']), body, headers: req.headers as Record<string, string>, event });
        const url = this.answerUrl?.(event.data.indexNo) ?? null;
        if (url) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url, ok: true }));
        else res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  stop(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

export async function until(check: () => boolean | Promise<boolean>, ms = 30_000, what = 'a condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
