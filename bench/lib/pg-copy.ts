/**
 * `COPY … FROM STDIN` with plain `pg` (pg-copy-streams is not a dependency).
 *
 * `pg` accepts any object with a `submit(connection)` method as a query (its "Submittable"
 * interface, which pg-cursor and pg-query-stream use) and its Connection has `sendCopyFromChunk`
 * and `endCopyFrom`. This module is such a submittable: it sends the COPY statement, waits for the
 * server's CopyInResponse, streams the chunks of an (async) iterable with backpressure on the
 * socket, ends the copy, and resolves with the row count once the server is ready again.
 */
import type pg from 'pg';

interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(msg: string): void;
  stream: NodeJS.WritableStream & { writableNeedDrain?: boolean; once(ev: 'drain', cb: () => void): unknown };
}

type Chunk = string | Buffer;

class CopyFromStdin {
  rowCount = 0;
  private connection!: PgConnection;
  private error: Error | null = null;
  private started = false;
  private settled = false;
  readonly done: Promise<number>;
  private resolve!: (n: number) => void;
  private reject!: (e: Error) => void;
  private startCopy!: () => void;
  private readonly copyIn = new Promise<void>((r) => (this.startCopy = r));

  constructor(
    readonly text: string,
    private readonly source: AsyncIterable<Chunk> | Iterable<Chunk>,
  ) {
    this.done = new Promise<number>((res, rej) => {
      this.resolve = res;
      this.reject = rej;
    });
  }

  submit(connection: PgConnection): void {
    this.connection = connection;
    connection.query(this.text);
  }

  handleCopyInResponse(): void {
    this.started = true;
    this.startCopy();
    void this.pump();
  }

  private async pump(): Promise<void> {
    const c = this.connection;
    try {
      let pending: Buffer[] = [];
      let size = 0;
      const flush = async () => {
        if (size === 0) return;
        c.sendCopyFromChunk(pending.length === 1 ? pending[0] : Buffer.concat(pending, size));
        pending = [];
        size = 0;
        if (c.stream.writableNeedDrain) await new Promise<void>((r) => c.stream.once('drain', r));
      };
      for await (const chunk of this.source as AsyncIterable<Chunk>) {
        if (this.error) return;
        const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        pending.push(b);
        size += b.length;
        if (size >= 256 * 1024) await flush();
      }
      await flush();
      if (!this.error) c.endCopyFrom();
    } catch (e) {
      this.error = e as Error;
      c.sendCopyFail(String((e as Error).message ?? e).slice(0, 200));
    }
  }

  handleCommandComplete(msg: { text?: string; command?: string; rowCount?: number }): void {
    const m = /COPY (\d+)/.exec(msg.text ?? '');
    this.rowCount = m ? Number(m[1]) : (msg.rowCount ?? 0);
  }

  handleError(e: Error): void {
    this.error ??= e;
  }

  handleReadyForQuery(): void {
    if (this.settled) return;
    this.settled = true;
    if (this.error) this.reject(this.error);
    else this.resolve(this.rowCount);
  }

  // Messages a COPY FROM never gets; present because pg calls them on any active query.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handlePortalSuspended(): void {}
  handleEmptyQuery(): void {}
  handleCopyData(): void {}
  callback(): void {}
}

/** Runs `COPY <table> (<cols>) FROM STDIN` fed by `source`; resolves with the number of rows. */
export function copyFrom(client: pg.ClientBase, sql: string, source: AsyncIterable<Chunk> | Iterable<Chunk>): Promise<number> {
  const q = new CopyFromStdin(sql, source);
  (client as unknown as { query(q: unknown): void }).query(q);
  return q.done;
}

/** One value in COPY's text format: \N for null, backslash escapes for \\ \t \n \r. */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

export function copyRow(values: unknown[]): string {
  let s = '';
  for (let i = 0; i < values.length; i++) s += (i ? '\t' : '') + copyValue(values[i]);
  return s + '\n';
}
