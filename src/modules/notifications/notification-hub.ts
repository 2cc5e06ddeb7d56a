/**
 * Live updates of the inbox over Server-Sent Events. Every instance LISTENs on
 * `gongkai_notifications`; the statement that writes notifications (or marks them read) NOTIFYs
 * with the users concerned, delivered by PostgreSQL at commit to every instance, whichever one
 * committed. Each instance then sends its own connected users their new unread count
 * (`event: notifications`, `data: {"unreadCount":n}`); the web UI refetches the list.
 *
 * A stream is worth one access token: it ends after ACCESS_TOKEN_TTL (the client opens a new one
 * with a new ticket), and every heartbeat (20 s) ends the streams of users deactivated or re-keyed
 * since. While the LISTEN connection is down, nothing is missed for long: on reconnecting, every
 * connected user gets their count again.
 */
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pg from 'pg';
import type { AppConfig } from '../../../config/configuration.js';
import { APP_CONFIG, DATABASE_URL } from '../../common/tokens.js';
import { NOTIFY_CHANNEL, NotificationsRepository } from './notifications.repository.js';

interface Listener {
  userId: string;
  tokenVersion: number;
  res: ServerResponse;
  openedAt: number;
}

const HEARTBEAT_MS = 20_000;
/** Notifications committing in a burst are coalesced into one count query. */
const COALESCE_MS = 50;

@Injectable()
export class NotificationHub implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('NotificationHub');
  private readonly byUser = new Map<string, Set<Listener>>();
  private client: pg.Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private pending = new Set<string>();
  private pendingAll = false;
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: NotificationsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.listen().catch(() => this.scheduleReconnect());
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    for (const t of [this.retry, this.flushTimer]) if (t) clearTimeout(t);
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const set of this.byUser.values()) for (const l of set) l.res.end();
    this.byUser.clear();
    await this.client?.end().catch(() => undefined);
  }

  /** How many streams are open on this instance (health, tests). */
  get connections(): number {
    let n = 0;
    for (const s of this.byUser.values()) n += s.size;
    return n;
  }

  /** Takes over the response of GET /api/v1/notifications/stream for this user. */
  attach(user: { userId: string; tokenVersion: number }, req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    res.flushHeaders();
    const l: Listener = { userId: user.userId, tokenVersion: user.tokenVersion, res, openedAt: Date.now() };
    const set = this.byUser.get(user.userId) ?? new Set<Listener>();
    set.add(l);
    this.byUser.set(user.userId, set);
    const drop = () => this.detach(l);
    req.on('close', drop);
    res.on('close', drop);
    res.on('error', drop);
    // The client's first answer: its count now (a reconnecting client may have missed events).
    this.pending.add(user.userId);
    this.scheduleFlush();
  }

  private detach(l: Listener): void {
    const set = this.byUser.get(l.userId);
    if (!set?.delete(l)) return;
    if (set.size === 0) this.byUser.delete(l.userId);
    if (!l.res.writableEnded) l.res.end();
  }

  private onNotify(payload: string | undefined): void {
    if (!payload || payload === '*') this.pendingAll = true;
    else for (const id of payload.split(',')) if (this.byUser.has(id)) this.pending.add(id);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer || this.stopped) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      void this.flush();
    }, COALESCE_MS);
  }

  private async flush(): Promise<void> {
    const ids = this.pendingAll ? [...this.byUser.keys()] : [...this.pending].filter((id) => this.byUser.has(id));
    this.pending.clear();
    this.pendingAll = false;
    if (ids.length === 0) return;
    let counts: Map<string, number>;
    try {
      counts = await this.repo.unreadCounts(ids);
    } catch (e) {
      this.logger.warn(`unread counts: ${(e as Error).message}`);
      for (const id of ids) this.pending.add(id);
      setTimeout(() => this.scheduleFlush(), 1000).unref();
      return;
    }
    for (const id of ids) {
      const frame = `event: notifications\ndata: ${JSON.stringify({ unreadCount: counts.get(id) ?? 0 })}\n\n`;
      for (const l of this.byUser.get(id) ?? []) l.res.write(frame);
    }
  }

  /** Keeps proxies from closing idle streams; ends streams past their lifetime or of users no longer valid. */
  private async beat(): Promise<void> {
    const all = [...this.byUser.values()].flatMap((s) => [...s]);
    if (all.length === 0) return;
    const maxAge = this.config.accessTokenTtlSeconds * 1000;
    for (const l of all) {
      if (Date.now() - l.openedAt > maxAge) this.detach(l);
      else l.res.write(': ping\n\n');
    }
    try {
      const live = all.filter((l) => !l.res.writableEnded);
      const valid = await this.repo.stillValid([...new Map(live.map((l) => [`${l.userId}:${l.tokenVersion}`, { id: l.userId, tokenVersion: l.tokenVersion }])).values()]);
      for (const l of live) if (!valid.has(l.userId)) this.detach(l);
    } catch {
      /* the database is away: the next beat checks again */
    }
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'gongkai-notifications' });
    client.on('notification', (m) => this.onNotify(m.payload));
    client.on('error', (e) => {
      this.logger.warn(`notification listener: ${e.message}`);
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    await client.connect();
    await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
    this.client = client;
    this.onNotify('*');
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
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
