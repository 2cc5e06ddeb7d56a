/** A webhook receiver on 127.0.0.1 that records every delivery it gets. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Received {
  id: string;
  type: string;
  indexNo: string;
  body: string;
  at: number;
}

export class Receiver {
  private server: Server | null = null;
  readonly received: Received[] = [];
  url = '';
  /** How long the receiver takes to answer (a slow portal keeps deliveries in flight). */
  delayMs = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let type = '';
        let indexNo = '';
        try {
          const p = JSON.parse(body) as { type: string; data: { indexNo: string } };
          type = p.type;
          indexNo = p.data.indexNo;
        } catch {
          /* recorded as is */
        }
        const answer = () => {
          this.received.push({ id: String(req.headers['webhook-id']), type, indexNo, body, at: Date.now() });
          res.writeHead(204).end();
        };
        if (this.delayMs > 0) setTimeout(answer, this.delayMs);
        else answer();
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/hook`;
  }

  has(deliveryId: string): boolean {
    return this.received.some((r) => r.id === deliveryId);
  }

  stop(): Promise<void> {
    if (!this.server) return Promise.resolve();
    const s = this.server;
    s.closeAllConnections();
    return new Promise((r) => s.close(() => r()));
  }
}
