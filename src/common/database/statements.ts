/**
 * Several writes in one statement: rows that nothing in the transaction reads back (a history
 * row and its audit row, a delivery and its job) go to PostgreSQL as data-modifying `WITH` parts
 * of one statement instead of one round trip each. PostgreSQL runs every data-modifying part
 * exactly once, whether or not the rest refers to it, all on the statement's snapshot; a failing
 * part fails the whole statement, as the transaction's failure would have.
 *
 * Hand-written: it is string composition of our own statements (and pg-boss's insert, the last
 * part, which is left as it is); neither TypeORM nor pg combines statements. The rule that keeps it
 * sound: a part's rows are not visible to the other parts of the same statement, so only writes
 * that none of the others reads go together.
 */
export interface Statement {
  /** Text with `$1 … $n` placeholders numbered from 1. */
  sql: string;
  params: unknown[];
}

/**
 * A statement another module's write carries in its own statement (as its last part, see
 * `withWrites`), and what to do with the rows that statement answers (its `last`'s): null when
 * nothing reads them, and the carrying statement may then be sent with the transaction's next
 * one (`deferred`, preparing-client.ts).
 */
export interface JoinedStatement {
  statement: Statement;
  settle: ((rows: unknown[]) => Promise<void>) | null;
}

const PLACEHOLDER = /\$(\d+)/g;
const LEADING_WITH = /^\s*WITH\s+/i;

/**
 * `writes` as `WITH gk_write_0 AS (…), gk_write_1 AS (…)` in front of `last` (which may begin with a `WITH` of its
 * own, or be a plain statement): one statement whose answer is `last`'s. `last`'s text is left as
 * it is; the writes' placeholders are renumbered after its parameters. The writes must be single
 * INSERT, UPDATE or DELETE statements without a `WITH` of their own, and with no `$` in their text
 * other than placeholders (our repositories' statements).
 */
export function withWrites(writes: readonly Statement[], last: Statement): Statement {
  if (writes.length === 0) return last;
  const params = [...last.params];
  const parts = writes.map((w, i) => {
    if (LEADING_WITH.test(w.sql)) throw new Error('withWrites: a write with a WITH of its own cannot be a part');
    const offset = params.length;
    params.push(...w.params);
    const sql = w.sql.replace(PLACEHOLDER, (_, n: string) => {
      const k = Number(n);
      if (k < 1 || k > w.params.length) throw new Error(`withWrites: $${n} has no parameter in a write of ${w.params.length}`);
      return `$${k + offset}`;
    });
    return `gk_write_${i} AS (${sql})`;
  });
  const head = `WITH ${parts.join(',\n     ')}`;
  const sql = LEADING_WITH.test(last.sql) ? `${head},\n     ${last.sql.replace(LEADING_WITH, '')}` : `${head}\n${last.sql}`;
  return { sql, params };
}
