/** A Server-Sent Events client for tests: a real socket to a listening service, frames parsed as they arrive. */
import http from 'node:http';

export interface SseFrame {
  event: string;
  data: string;
}

export interface SseStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  frames: SseFrame[];
  /** Resolves with the first frame (from `from` on) that `match` accepts. */
  next(match: (f: SseFrame) => boolean, timeoutMs?: number, from?: number): Promise<SseFrame>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export function openSse(url: string): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'text/event-stream' } }, (res) => {
      const frames: SseFrame[] = [];
      const waiters: (() => void)[] = [];
      let buffer = '';
      let endedResolve!: () => void;
      const ended = new Promise<void>((r) => (endedResolve = r));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let i: number;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trim());
          }
          if (data.length === 0) continue; // a comment (heartbeat)
          frames.push({ event, data: data.join('\n') });
          for (const w of waiters.splice(0)) w();
        }
      });
      res.on('end', () => endedResolve());
      res.on('close', () => endedResolve());
      const stream: SseStream = {
        status: res.statusCode ?? 0,
        headers: res.headers,
        frames,
        ended,
        close: () => req.destroy(),
        next: (match, timeoutMs = 10_000, from = 0) =>
          new Promise((ok, fail) => {
            const timer = setTimeout(() => fail(new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(frames)}`)), timeoutMs);
            const check = () => {
              const f = frames.slice(from).find(match);
              if (f) {
                clearTimeout(timer);
                ok(f);
              } else waiters.push(check);
            };
            check();
          }),
      };
      if ((res.statusCode ?? 0) !== 200) {
        let body = '';
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve(Object.assign(stream, { body })));
        return;
      }
      resolve(stream);
    });
    req.on('error', reject);
  });
}

/** The unread count of a frame of the notification stream. */
export const unreadOf = (f: SseFrame) => (JSON.parse(f.data) as { unreadCount: number }).unreadCount;
