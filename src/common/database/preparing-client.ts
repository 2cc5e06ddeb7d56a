import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * pg's Client for TypeORM's pool (data-source-options.ts, `extra.Client`): a statement with
 * parameters sent inside a transaction goes as a named prepared statement, so each connection
 * parses it once and PostgreSQL plans it once it has seen it five times (a generic plan, when its
 * estimate is no worse than the custom plans'; `plan_cache_mode` decides, as for any prepared
 * statement) instead of parsing and planning it on every call. An approval is about twenty short
 * statements, and planning them cost PostgreSQL more than running them (docs/performance.md).
 *
 * Only inside a transaction: those are the service's writes, the same few texts over and over.
 * Reads outside one (search, lists with filters) keep a plan made for their values, except a text
 * that begins with `PREPARED` (`prepared(sql)`): a hot read whose plan never depends on its values,
 * such as the guard's read by primary key on every authenticated request. A statement without
 * parameters (START, COMMIT, DDL, a migration's several statements) is sent as it is.
 *
 * Hand-written because neither TypeORM nor pg offers it: pg prepares a statement only when given
 * a name, and TypeORM's query runner never gives one. The name is a hash of the text (pg refuses
 * a second text under one name); each connection prepares at most `MAX_PER_CONNECTION` texts
 * (a text that varies — an `IN` list of a varying length — is sent unnamed past that), and a
 * statement of more than `MAX_VALUES` values or `MAX_TEXT` characters (an import's multi-row
 * batch) is sent unnamed: its plan would stay in the connection's memory for one use.
 *
 * A transaction's `START TRANSACTION` costs no round trip of its own: the connection runs in pg's
 * pipeline mode (`pipeline: true`, pg ≥ 8.23: a query is written without waiting for the answer
 * to the one before), TypeORM's `START TRANSACTION` is answered at once and held, and written in
 * the same packet as the transaction's first statement (a write of one syscall; its answer read
 * before that statement's). TypeORM sends one statement at a time and waits for each, so nothing
 * else is ever in flight on these connections. Should the held `START TRANSACTION` fail (it
 * cannot, on a connection that answers at all), the first statement fails with its error.
 *
 * A statement marked `deferred(sql)` — one whose answer its caller never reads, such as the
 * outbox's rows with their jobs (JobQueue.insertInTransaction) — is held the same way inside a
 * transaction: answered at once with no rows, and written in the same packet as the next
 * statement or the `COMMIT`. Its failure is the failure of that next statement; a `COMMIT` after
 * it is then answered by PostgreSQL with `ROLLBACK` (the transaction is aborted), and fails with
 * the held statement's error, so nothing is committed and the caller sees why. A `ROLLBACK` (or
 * `ROLLBACK TO SAVEPOINT`) drops the held statements unsent: they came after everything it
 * undoes. Outside a transaction a deferred statement runs at once.
 */
export const MAX_PER_CONNECTION = 500;
export const MAX_VALUES = 100;
export const MAX_TEXT = 20_000;

/** The mark of a statement prepared outside a transaction too (a comment: PostgreSQL ignores it). */
export const PREPARED = '/* prepared */ ';

/** `sql`, marked to be prepared outside a transaction too (see above). */
export function prepared(sql: string): string {
  return PREPARED + sql;
}

/** The mark of a statement sent with the transaction's next one (see above). */
export const DEFERRED = '/* deferred */ ';

/** `sql`, marked to be written with the transaction's next statement or its COMMIT (see above). */
export function deferred(sql: string): string {
  return DEFERRED + sql;
}

/** Text → name, so the hot texts are hashed once; bounded by the characters it keeps (~4 MB). */
const NAMES = new Map<string, string>();
const MAX_NAMED_CHARS = 2_000_000;
let namedChars = 0;

function nameOf(text: string): string {
  let name = NAMES.get(text);
  if (name === undefined) {
    name = 'gk_' + createHash('sha1').update(text).digest('base64url');
    if (namedChars + text.length <= MAX_NAMED_CHARS) {
      NAMES.set(text, name);
      namedChars += text.length;
    }
  }
  return name;
}

type Query = (config: unknown, values?: unknown, callback?: unknown) => unknown;
const baseQuery = pg.Client.prototype.query as unknown as Query;

/**
 * pg's Client for the service's pool, with a listener for `error` from its creation on. The pool
 * listens while a connection is idle and TypeORM while it holds one, but not in between: a new
 * connection is handed out in the same turn in which its first `ReadyForQuery` is parsed, before
 * TypeORM attaches its listener a few microtasks later, and a `FATAL` that arrived in the same
 * packet (the server shutting down, `kill -9` of the postmaster) was emitted with no listener,
 * which ends the process. The error is not lost: it fails the connection's queries and marks it
 * unusable, and the pool drops it on release.
 */
export class ListeningClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => undefined);
  }
}

/** What TypeORM gets for the held `START TRANSACTION` (it reads none of it). */
const BEGUN = Object.freeze({ command: 'BEGIN', rowCount: null, oid: null, rows: [], fields: [] });

interface Held {
  config: string;
  values?: unknown;
}

export class PreparingClient extends ListeningClient {
  private inTransaction = false;
  private readonly preparedNames = new Set<string>();
  /** Written before the next statement: the `START TRANSACTION`, then deferred statements. */
  private held: Held[] = [];

  constructor(config?: string | pg.ClientConfig) {
    super(typeof config === 'string' ? { connectionString: config, pipeline: true } : { ...config, pipeline: true });
  }
}

interface PreparingState {
  inTransaction: boolean;
  preparedNames: Set<string>;
  held: Held[];
  connection: { stream: { cork?: () => void; uncork?: () => void } };
}

function isRollback(config: unknown): boolean {
  return typeof config === 'string' && /^\s*ROLLBACK\b/i.test(config);
}

Object.defineProperty(PreparingClient.prototype, 'query', {
  value: function query(this: PreparingState, config: unknown, values?: unknown, callback?: unknown) {
    if (typeof config === 'string' && callback === undefined && typeof values !== 'function') {
      if (this.held.length === 0 && values === undefined && /^\s*START TRANSACTION\s*$/i.test(config)) {
        this.inTransaction = true;
        this.held.push({ config });
        return Promise.resolve(BEGUN);
      }
      if (this.inTransaction && config.startsWith(DEFERRED)) {
        this.held.push({ config, values });
        // What its caller gets: no rows (it reads none).
        return Promise.resolve({ command: null, rowCount: null, oid: null, rows: [], fields: [] });
      }
    }
    // What a rollback undoes need not be sent (a held START still is: the transaction then ends as it began).
    if (this.held.length > 0 && isRollback(config)) this.held = this.held.filter((h) => !h.config.startsWith(DEFERRED));
    if (this.held.length > 0) return sendWithHeld(this, config, values, callback);
    return send(this, config, values, callback);
  },
  writable: true,
  configurable: true,
});

/** The held statements and then `config`, written together; `config`'s answer, or the first held one's error. */
function sendWithHeld(client: PreparingState, config: unknown, values?: unknown, callback?: unknown): unknown {
  const held = client.held;
  client.held = [];
  let failed: unknown = null;
  const stream = client.connection.stream;
  stream.cork?.();
  try {
    // A callback, not a promise: pg calls it when the answer is read, before the next query's.
    for (const h of held) {
      send(client, h.config, h.values, (e: unknown) => {
        failed ??= e;
      });
    }
    if (typeof callback === 'function' || typeof values === 'function') {
      const cb = (typeof callback === 'function' ? callback : values) as (e: unknown, r?: unknown) => void;
      const rest = typeof callback === 'function' ? values : undefined;
      return send(client, config, rest, (e: unknown, r?: unknown) => cb(failed ?? e, failed ? undefined : r));
    }
    // After a failed held statement PostgreSQL answers a COMMIT with ROLLBACK: the error is the held one's.
    return (send(client, config, values) as Promise<unknown>).then(
      (r) => {
        if (failed) throw failed;
        return r;
      },
      (e: unknown) => {
        throw failed ?? e;
      },
    );
  } finally {
    stream.uncork?.();
  }
}

function send(client: PreparingState, config: unknown, values?: unknown, callback?: unknown): unknown {
  if (typeof config === 'string') {
    if (Array.isArray(values) && values.length > 0) {
      if ((client.inTransaction || config.startsWith(PREPARED)) && values.length <= MAX_VALUES && config.length <= MAX_TEXT) {
        const name = nameOf(config);
        if (client.preparedNames.has(name) || client.preparedNames.size < MAX_PER_CONNECTION) {
          client.preparedNames.add(name);
          return baseQuery.call(client, { name, text: config, values }, callback);
        }
      }
    } else {
      const head = config.trimStart().slice(0, 18).toUpperCase();
      if (head.startsWith('START TRANSACTION') || head.startsWith('BEGIN')) client.inTransaction = true;
      else if (head.startsWith('COMMIT') || (head.startsWith('ROLLBACK') && !head.startsWith('ROLLBACK TO'))) client.inTransaction = false;
    }
  }
  return baseQuery.call(client, config, values, callback);
}
