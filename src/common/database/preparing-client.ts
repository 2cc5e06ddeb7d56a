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

export class PreparingClient extends ListeningClient {
  private inTransaction = false;
  private readonly preparedNames = new Set<string>();
}

Object.defineProperty(PreparingClient.prototype, 'query', {
  value: function query(this: { inTransaction: boolean; preparedNames: Set<string> }, config: unknown, values?: unknown, callback?: unknown) {
    if (typeof config === 'string') {
      if (Array.isArray(values) && values.length > 0) {
        if ((this.inTransaction || config.startsWith(PREPARED)) && values.length <= MAX_VALUES && config.length <= MAX_TEXT) {
          const name = nameOf(config);
          if (this.preparedNames.has(name) || this.preparedNames.size < MAX_PER_CONNECTION) {
            this.preparedNames.add(name);
            return baseQuery.call(this, { name, text: config, values }, callback);
          }
        }
      } else {
        const head = config.trimStart().slice(0, 18).toUpperCase();
        if (head.startsWith('START TRANSACTION') || head.startsWith('BEGIN')) this.inTransaction = true;
        else if (head.startsWith('COMMIT') || (head.startsWith('ROLLBACK') && !head.startsWith('ROLLBACK TO'))) this.inTransaction = false;
      }
    }
    return baseQuery.call(this, config, values, callback);
  },
  writable: true,
  configurable: true,
});
