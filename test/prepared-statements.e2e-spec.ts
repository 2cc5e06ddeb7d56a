/**
 * The service's pool sends a transaction's statements as named prepared statements
 * (src/common/database/preparing-client.ts): parsed once per connection, the same answers as
 * unnamed ones, nothing prepared outside a transaction unless marked, a transaction's START
 * TRANSACTION sent with its first statement, a deferred statement sent with the next one or the
 * COMMIT (and failing it), and a rolled-back transaction or a failed statement leaves the
 * connection usable.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/common/database/data-source-options.js';
import { ListeningClient, MAX_PER_CONNECTION, MAX_VALUES, deferred, prepared } from '../src/common/database/preparing-client.js';
import { createTestDatabase } from './support/app.js';

describe('prepared statements in transactions', () => {
  let url: string;
  let ds: DataSource;
  let plain: DataSource;
  beforeAll(async () => {
    url = await createTestDatabase();
    ds = new DataSource(dataSourceOptions(url, 1));
    plain = new DataSource(dataSourceOptions(url, 1, false));
    await ds.initialize();
    await plain.initialize();
    await ds.query(`CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)`);
    await ds.query(`INSERT INTO counters VALUES (1, 0), (2, 0)`);
  });
  afterAll(async () => {
    await ds?.destroy();
    await plain?.destroy();
  });

  const preparedOn = (m: { query: DataSource['query'] }) =>
    m.query(`SELECT statement FROM pg_prepared_statements WHERE name LIKE 'gk\\_%' ORDER BY statement`) as Promise<{ statement: string }[]>;

  it('prepares a transaction statement once per connection and answers as an unnamed one does', async () => {
    const sql = `SELECT $1::int + $2::int AS sum, $3::text AS label`;
    const answers = await ds.transaction(async (m) => {
      const out: unknown[] = [];
      for (let i = 0; i < 8; i++) out.push(await m.query(sql, [i, 1, `n${i}`]));
      return out;
    });
    expect(answers).toEqual(Array.from({ length: 8 }, (_, i) => [{ sum: i + 1, label: `n${i}` }]));
    // Pool size 1: the next transaction runs on the same connection, which keeps the statement.
    const prepared = await ds.transaction((m) => preparedOn(m));
    expect(prepared.map((p) => p.statement)).toEqual([sql]);
    // UPDATE's [rows, count] shape as TypeORM reports it, prepared or not.
    const update = `UPDATE counters SET n = n + 1 WHERE id = $1 RETURNING n`;
    for (let i = 0; i < 6; i++) expect(await ds.transaction((m) => m.query(update, [1]))).toEqual([[{ n: i + 1 }], 1]);
    expect(await plain.transaction((m) => m.query(update, [2]))).toEqual([[{ n: 1 }], 1]);
  });

  it('prepares nothing outside a transaction, nor when switched off', async () => {
    await ds.query(`SELECT $1::text AS outside`, ['x']);
    await plain.transaction((m) => m.query(`SELECT $1::text AS off`, ['y']));
    const onDs = await ds.query(`SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%AS outside%'`);
    const onPlain = await preparedOn(plain);
    expect(onDs).toEqual([]);
    expect(onPlain).toEqual([]);
    // A hot read marked to be prepared: outside a transaction too.
    const marked = prepared(`SELECT $1::text AS marked`);
    expect(await ds.query(marked, ['z'])).toEqual([{ marked: 'z' }]);
    expect(await ds.query(`SELECT statement FROM pg_prepared_statements WHERE statement = $1`, [marked])).toEqual([{ statement: marked }]);
  });

  it('keeps the connection usable after a failed statement and a rollback', async () => {
    const sql = `SELECT 1 / $1::int AS q`;
    await expect(ds.transaction((m) => m.query(sql, [0]))).rejects.toThrow(/division by zero/);
    await expect(ds.transaction((m) => m.query(`SELECT $1::int FROM no_such_table`, [1]))).rejects.toThrow(/no_such_table/);
    // The same texts again: one that was prepared before it failed, one that never parsed.
    await expect(ds.transaction((m) => m.query(sql, [2]))).resolves.toEqual([{ q: 0 }]);
    await expect(ds.transaction((m) => m.query(`SELECT $1::int FROM no_such_table`, [1]))).rejects.toThrow(/no_such_table/);
    await expect(ds.transaction((m) => m.query(`SELECT $1::int AS one`, [1]))).resolves.toEqual([{ one: 1 }]);
  });

  it("sends a transaction's START TRANSACTION with its first statement, which runs inside it", async () => {
    const [{ pid }] = (await ds.query(`SELECT pg_backend_pid() AS pid`)) as { pid: number }[];
    const stateOf = async () => ((await plain.query(`SELECT state FROM pg_stat_activity WHERE pid = $1`, [pid])) as { state: string }[])[0].state;
    // Held until the first statement: no round trip of its own (the pool has one connection: pid's).
    const states = await ds.transaction(async (m) => {
      const before = await stateOf();
      await m.query(`UPDATE counters SET n = n + 100 WHERE id = $1`, [2]);
      return [before, await stateOf()];
    });
    expect(states).toEqual(['idle', 'idle in transaction']);
    // The first statement is part of the transaction: rolled back with it, a failing one too.
    const [{ n }] = (await plain.query(`SELECT n FROM counters WHERE id = 2`)) as { n: number }[];
    await expect(
      ds.transaction(async (m) => {
        await m.query(`UPDATE counters SET n = n + 1 WHERE id = $1`, [2]);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    await expect(ds.transaction((m) => m.query(`UPDATE counters SET n = n / $1 WHERE id = 2`, [0]))).rejects.toThrow(/division by zero/);
    expect(await plain.query(`SELECT n FROM counters WHERE id = 2`)).toEqual([{ n }]);
    // A transaction without a statement, and one of statements without values, end as they should.
    await ds.transaction(async () => undefined);
    expect(await ds.transaction((m) => m.query(`SELECT 1 AS one`))).toEqual([{ one: 1 }]);
    expect(await stateOf()).toBe('idle');
    // Switched off (DB_PREPARED_STATEMENTS=false): START TRANSACTION goes on its own.
    const [{ pid: plainPid }] = (await plain.query(`SELECT pg_backend_pid() AS pid`)) as { pid: number }[];
    const plainState = await plain.transaction(async () => ((await ds.query(`SELECT state FROM pg_stat_activity WHERE pid = $1`, [plainPid])) as { state: string }[])[0].state);
    expect(plainState).toBe('idle in transaction');
  });

  it('sends a deferred statement with the next statement or the COMMIT, which fail when it fails', async () => {
    await ds.query(`CREATE TABLE IF NOT EXISTS deferred_rows (id int PRIMARY KEY)`);
    const [{ pid }] = (await ds.query(`SELECT pg_backend_pid() AS pid`)) as { pid: number }[];
    const rows = async () => ((await plain.query(`SELECT array_agg(id ORDER BY id) AS ids FROM deferred_rows`)) as { ids: number[] | null }[])[0].ids ?? [];
    const insert = deferred(`INSERT INTO deferred_rows (id) VALUES ($1)`);
    const activity = async () => ((await plain.query(`SELECT state, query FROM pg_stat_activity WHERE pid = $1`, [pid])) as { state: string; query: string }[])[0];

    // Answered at once with no rows, and not sent: the session still idle (START is held too).
    const seen = await ds.transaction(async (m) => {
      const answer = await m.query(insert, [1]);
      const before = await activity();
      await m.query(`SELECT $1::int AS x`, [0]);
      return { answer, before, after: await activity() };
    });
    expect(seen.answer).toEqual([]);
    expect(seen.before.state).toBe('idle');
    expect(seen.after.state).toBe('idle in transaction');
    expect(await rows()).toEqual([1]);
    // The last statement of a transaction: written with the COMMIT.
    await ds.transaction(async (m) => {
      await m.query(`SELECT $1::int AS x`, [0]);
      await m.query(insert, [2]);
      await m.query(insert, [3]);
      expect((await activity()).query).toMatch(/SELECT \$1::int AS x/);
    });
    expect(await rows()).toEqual([1, 2, 3]);

    // Failing: the COMMIT fails with its error, and nothing of the transaction is committed.
    await expect(
      ds.transaction(async (m) => {
        await m.query(`UPDATE counters SET n = n + 1000 WHERE id = $1`, [1]);
        await m.query(insert, [4]);
        await m.query(insert, [1]);
      }),
    ).rejects.toThrow(/duplicate key value violates unique constraint/);
    expect(await rows()).toEqual([1, 2, 3]);
    expect(((await plain.query(`SELECT n FROM counters WHERE id = 1`)) as { n: number }[])[0].n).toBeLessThan(1000);
    // Failing before another statement: that statement fails with the deferred one's error.
    await expect(
      ds.transaction(async (m) => {
        await m.query(insert, [2]);
        await m.query(`SELECT $1::int AS x`, [0]);
      }),
    ).rejects.toThrow(/duplicate key value violates unique constraint/);

    // A rollback drops it unsent, a savepoint's rollback too; the connection stays usable.
    await expect(
      ds.transaction(async (m) => {
        await m.query(insert, [5]);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    await ds.transaction(async (m) => {
      await m.query(`SAVEPOINT s`);
      await m.query(insert, [1]);
      await m.query(`ROLLBACK TO SAVEPOINT s`);
      await m.query(insert, [6]);
    });
    expect(await rows()).toEqual([1, 2, 3, 6]);

    // Outside a transaction it runs at once; switched off, it is an ordinary statement.
    await ds.query(insert, [7]);
    expect(await rows()).toEqual([1, 2, 3, 6, 7]);
    await expect(plain.transaction((m) => m.query(insert, [7]))).rejects.toThrow(/duplicate key/);
    await plain.transaction((m) => m.query(insert, [8]));
    expect(await rows()).toEqual([1, 2, 3, 6, 7, 8]);
    expect(await ds.transaction((m) => m.query(`SELECT $1::int AS one`, [1]))).toEqual([{ one: 1 }]);
  });

  it('sends a statement of many values unnamed', async () => {
    const n = MAX_VALUES + 1;
    const sql = `SELECT ${Array.from({ length: n }, (_, i) => `$${i + 1}::int`).join(' + ')} AS total`;
    expect(await ds.transaction((m) => m.query(sql, Array.from({ length: n }, () => 1)))).toEqual([{ total: n }]);
    expect(await ds.query(`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = $1`, [sql])).toEqual([{ n: 0 }]);
  });

  it("survives the server ending a connection that nobody holds (the pool's client listens for errors from its start)", async () => {
    const c = new ListeningClient({ connectionString: url });
    await c.connect();
    const [{ pid }] = (await c.query(`SELECT pg_backend_pid() AS pid`)).rows as { pid: number }[];
    const ended = new Promise<void>((resolve) => c.once('end', () => resolve()));
    // No listener of ours: before, the FATAL it receives was an unhandled 'error' event.
    await ds.query(`SELECT pg_terminate_backend($1)`, [pid]);
    await ended;
    await expect(c.query(`SELECT 1`)).rejects.toThrow();
  });

  it('stops preparing new texts on a connection past its limit and still answers them', async () => {
    const fresh = new DataSource(dataSourceOptions(url, 1));
    await fresh.initialize();
    try {
      const n = MAX_PER_CONNECTION + 5;
      await fresh.transaction(async (m) => {
        for (let i = 0; i < n; i++) expect(await m.query(`SELECT $1::int AS v${i}`, [i])).toEqual([{ [`v${i}`]: i }]);
      });
      const [{ count }] = (await fresh.query(`SELECT count(*)::int AS count FROM pg_prepared_statements WHERE name LIKE 'gk\\_%'`)) as { count: number }[];
      expect(count).toBe(MAX_PER_CONNECTION);
    } finally {
      await fresh.destroy();
    }
  });
});
