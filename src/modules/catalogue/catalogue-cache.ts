/**
 * An in-process cache of the catalogue's rendered feeds and unit list,
 * never serving a list that a committed publication or revocation has made stale:
 * - this instance: the publishing transaction marks `afterCommit(m, 'catalogue')`, which clears
 *   the cache as soon as it commits, before the client gets its answer;
 * - other instances: the transaction also runs `NOTIFY gongkai_catalogue`, which PostgreSQL
 *   delivers to every instance's LISTEN connection at commit; each clears its cache.
 * A value computed while a change was committing is not stored (generation check). While the
 * LISTEN connection is down, the cache is bypassed entirely and cleared.
 * Besides values, it keeps whole HTTP answers for the fast lane (fast-lane.ts), cleared alike.
 * With streaming replicas, each change it hears of is passed on to ReplicaReads, which then lets a
 * replica serve the catalogue (and so fill this cache) only once it has replayed that change.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import { commitEvents } from '../../common/database/after-commit.js';
import { ReplicaReads } from '../../common/database/replica-reads.js';
import { DATABASE_URL } from '../../common/tokens.js';

const MAX_ENTRIES = 500;

/** A 200 answer as the full pipeline sent it, for the fast lane. */
export interface StoredAnswer {
  etag: string;
  /** For If-Modified-Since; null when the answer's Last-Modified does not validate. */
  lastModified: Date | null;
  /** The headers of the 200 and of the 304 (without its content-type), as writeHead's flat name/value lists (answer-bytes.ts). */
  headers: string[];
  notModifiedHeaders: string[];
  /** Identity-encoded, as the pipeline sent it before compression. */
  body: Buffer;
  compressible: boolean;
  /** The body in br and gzip, made the first time a client asks for each. */
  encoded?: Partial<Record<'br' | 'gzip', Buffer>>;
}

@Injectable()
export class CatalogueCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('CatalogueCache');
  private readonly entries = new Map<string, unknown>();
  private readonly answers = new Map<string, StoredAnswer>();
  /** Values being computed now, with the generation they were started in. */
  private readonly computing = new Map<string, { generation: number; value: Promise<unknown> }>();
  private generation = 0;
  private listening = false;
  private client: pg.Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private readonly onCommit = () => this.invalidate();

  constructor(
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    private readonly replicas: ReplicaReads,
  ) {}

  async onModuleInit(): Promise<void> {
    commitEvents.on('catalogue', this.onCommit);
    await this.listen().catch(() => this.scheduleReconnect());
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    commitEvents.off('catalogue', this.onCommit);
    if (this.retry) clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
    this.answers.clear();
    this.replicas.catalogueChanged();
  }

  /** The generation to hand back to putAnswer, or null while the cache is bypassed. */
  currentGeneration(): number | null {
    return this.listening ? this.generation : null;
  }

  getAnswer(key: string): StoredAnswer | undefined {
    return this.listening ? this.answers.get(key) : undefined;
  }

  /** Stores an answer computed since `generation`, unless a change has committed meanwhile. */
  putAnswer(key: string, generation: number, answer: StoredAnswer): void {
    if (!this.listening || generation !== this.generation) return;
    if (this.answers.size >= MAX_ENTRIES) this.answers.delete(this.answers.keys().next().value as string);
    this.answers.set(key, answer);
  }

  /**
   * The value under `key`, computed once: requests that ask while it is being computed share
   * that computation (after a publication every poller's next request misses at once; a feed
   * costs two queries and its rendering). Only within one generation: a request that arrives
   * after a change committed never waits for a value computed before it.
   */
  async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (!this.listening) return compute();
    if (this.entries.has(key)) return this.entries.get(key) as T;
    const gen = this.generation;
    const running = this.computing.get(key);
    if (running && running.generation === gen) return running.value as Promise<T>;
    const value = compute();
    this.computing.set(key, { generation: gen, value });
    try {
      const v = await value;
      if (this.listening && gen === this.generation) {
        if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
        this.entries.set(key, v);
      }
      return v;
    } finally {
      if (this.computing.get(key)?.value === value) this.computing.delete(key);
    }
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'gongkai-cache' });
    client.on('notification', () => this.invalidate());
    client.on('error', (e) => {
      this.logger.warn(`catalogue cache listener: ${e.message}`);
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    await client.connect();
    await client.query('LISTEN gongkai_catalogue');
    this.client = client;
    this.invalidate();
    this.listening = true;
    this.replicas.setTracking(true);
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    this.listening = false;
    this.replicas.setTracking(false);
    this.invalidate();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.listen().catch(() => this.scheduleReconnect());
    }, 1000);
    this.retry.unref();
  }
}
