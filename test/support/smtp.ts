/**
 * A real SMTP server in the test process (smtp-server, from the nodemailer project), for the
 * service's mails: plain with AUTH, smtps:// (TLS from the first byte) or STARTTLS, with the
 * test certificate in fixtures/ (self-signed for localhost and 127.0.0.1, trusted by the service
 * through SMTP_CA_FILE). It can refuse attempts (451), hold its answer to DATA (mails in flight)
 * and counts a message as delivered only when its "250" went out on a connection still open —
 * what a real server takes responsibility for (RFC 5321 §6.1).
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export const SMTP_CERT_FILE = join(import.meta.dirname, 'fixtures', 'smtp-test.cert.pem');
const KEY_FILE = join(import.meta.dirname, 'fixtures', 'smtp-test.key.pem');

export interface ReceivedMail {
  from: string;
  to: string[];
  messageId: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
  /** The connection was encrypted (smtps, or upgraded with STARTTLS). */
  secure: boolean;
  user: string | null;
  at: number;
}

export interface SmtpOptions {
  /** smtps: TLS from the first byte. */
  secure?: boolean;
  /** Offer STARTTLS (plain servers otherwise offer none). */
  starttls?: boolean;
  auth?: { user: string; pass: string };
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= and Q) in a header value. */
function decodeWords(v: string): string {
  return v.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _cs: string, enc: string, data: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
}

export function parseMail(raw: string): { headers: Record<string, string>; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = decodeWords(line.slice(i + 1).trim());
  }
  const body = raw.slice(split + 4);
  const cte = (headers['content-transfer-encoding'] ?? '').toLowerCase();
  const text =
    cte === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : cte === 'quoted-printable'
        ? Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')
        : body;
  return { headers, text };
}

export class TestSmtpServer {
  readonly mails: ReceivedMail[] = [];
  /** DATA transactions seen (accepted, refused, or cut). */
  transactions = 0;
  refused = 0;
  /** Messages whose connection closed before the server answered: not delivered. */
  cut = 0;
  /** Refuse the next N messages with 451 (a temporary failure). */
  refuseNext = 0;
  /** Hold every answer to DATA this long (ms). */
  holdMs = 0;
  /** While paused, answers to DATA wait until resume(). */
  private paused = false;
  private resumeWaiters: (() => void)[] = [];
  /** Messages currently waiting for their answer. */
  holding = 0;
  lastAnswerAt = 0;
  private readonly closed = new Set<string>();
  private server: SMTPServer;
  port = 0;

  constructor(private readonly opts: SmtpOptions = {}) {
    const tls = opts.secure || opts.starttls ? { key: readFileSync(KEY_FILE), cert: readFileSync(SMTP_CERT_FILE) } : {};
    this.server = new SMTPServer({
      ...tls,
      secure: opts.secure ?? false,
      disabledCommands: [...(opts.starttls || opts.secure ? [] : ['STARTTLS']), ...(opts.auth ? [] : ['AUTH'])],
      authOptional: !opts.auth,
      allowInsecureAuth: true,
      logger: false,
      size: 1024 * 1024,
      onAuth: (auth, _session, cb) => {
        if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) cb(null, { user: auth.username });
        else cb(new Error('Invalid username or password'));
      },
      onClose: (session, cb) => {
        this.closed.add(session.id);
        cb?.();
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => void this.answer(Buffer.concat(chunks).toString('utf8'), session, cb));
      },
    });
    this.server.on('error', () => undefined);
  }

  private async answer(raw: string, session: SMTPServerSession, cb: (err?: Error | null) => void): Promise<void> {
    this.transactions++;
    this.holding++;
    try {
      if (this.holdMs > 0) await new Promise((r) => setTimeout(r, this.holdMs));
      while (this.paused) await new Promise<void>((r) => this.resumeWaiters.push(r));
    } finally {
      this.holding--;
    }
    if (this.closed.has(session.id)) {
      this.cut++;
      return cb(new Error('connection closed'));
    }
    if (this.refuseNext > 0) {
      this.refuseNext--;
      this.refused++;
      return cb(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
    }
    const { headers, text } = parseMail(raw);
    this.mails.push({
      from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      to: session.envelope.rcptTo.map((r) => r.address),
      messageId: headers['message-id'] ?? '',
      subject: headers.subject ?? '',
      text,
      headers,
      secure: session.secure,
      user: (session.user as string | undefined) ?? null,
      at: Date.now(),
    });
    this.lastAnswerAt = Date.now();
    cb(null);
  }

  pause(): void {
    this.paused = true;
  }

  /**
   * Answers the held messages. Not at once: a client that died while they were held has closed
   * its connections, and the server must see those closes (onClose) before it decides, or it
   * would take messages whose sender is gone.
   */
  async resume(): Promise<void> {
    await new Promise((r) => setTimeout(r, 200));
    this.paused = false;
    for (const r of this.resumeWaiters.splice(0)) r();
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.server.address() as AddressInfo).port;
    return this.port;
  }

  /** The SMTP_URL for the service. */
  url(query = ''): string {
    const auth = this.opts.auth ? `${encodeURIComponent(this.opts.auth.user)}:${encodeURIComponent(this.opts.auth.pass)}@` : '';
    return `${this.opts.secure ? 'smtps' : 'smtp'}://${auth}${this.opts.secure || this.opts.starttls ? 'localhost' : '127.0.0.1'}:${this.port}${query}`;
  }

  async waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}; received ${this.mails.length} mails`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    await this.resume();
    return new Promise((r) => this.server.close(() => r()));
  }
}
