/**
 * A connection that dies inside a transaction, between two of its statements (the database killed
 * or restarted under load, the session terminated by an operator): the request fails with the
 * connection's own error — a database that cannot be reached, answered 503 with Retry-After —
 * and not with TypeORM's "Query runner already released", which the error filter cannot tell
 * from a programming error and answers 500. Real PostgreSQL; the session is ended by
 * pg_terminate_backend from another connection while the transaction waits between statements.
 */
import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { isDatabaseUnavailable } from '../src/common/database/database-unavailable.js';
import { TransactionHost } from '../src/common/database/transaction-host.js';
import { startTestApp, type TestApp } from './support/app.js';

describe('a connection lost inside a transaction', () => {
  let t: TestApp;
  let host: TransactionHost;

  beforeAll(async () => {
    t = await startTestApp();
    host = t.app.get(TransactionHost);
  });
  afterAll(() => t.close());

  /** Until the transaction's query runner has been released by its connection's error event (2 s at most). */
  const released = async (): Promise<boolean> => {
    for (let i = 0; i < 200; i++) {
      if (host.manager.queryRunner?.isReleased) return true;
      await new Promise((r) => setTimeout(r, 10));
    }
    return false;
  };

  it('fails with the connection’s error, which counts as the database being unavailable', async () => {
    let noticed = false;
    const failure = await host
      .run(async () => {
        const [{ pid }] = (await host.manager.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[];
        await t.sql('SELECT pg_terminate_backend($1)', [pid]);
        noticed = await released();
        await host.manager.query('SELECT 1');
        return 'committed';
      })
      .catch((e: unknown) => e);
    expect(noticed).toBe(true);
    expect(failure).not.toBe('committed');
    expect(failure).not.toBeInstanceOf(QueryRunnerAlreadyReleasedError);
    expect(failure).not.toBeInstanceOf(QueryRunnerProviderAlreadyReleasedError);
    // pg's report of the terminated session: 57P01, "terminating connection due to administrator command".
    expect(failure).toMatchObject({ code: '57P01' });
    expect(isDatabaseUnavailable(failure)).toBe(true);
  });

  it('writes nothing of the transaction, and the next one runs on a sound connection', async () => {
    const failure = await host
      .run(async () => {
        await host.manager.query(`INSERT INTO units (code, name) VALUES ('LOSS-1', '断连测试一')`);
        const [{ pid }] = (await host.manager.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[];
        await t.sql('SELECT pg_terminate_backend($1)', [pid]);
        await released();
        await host.manager.query(`INSERT INTO units (code, name) VALUES ('LOSS-2', '断连测试二')`);
      })
      .catch((e: unknown) => e);
    expect(isDatabaseUnavailable(failure)).toBe(true);
    const probes = () => t.sql<{ code: string }>(`SELECT code FROM units WHERE code LIKE 'LOSS-%' ORDER BY code`);
    expect(await probes()).toEqual([]);
    await host.run(() => host.manager.query(`INSERT INTO units (code, name) VALUES ('LOSS-3', '断连测试三')`));
    expect(await probes()).toEqual([{ code: 'LOSS-3' }]);
  });

  it('fails with the connection’s error when the connection dies before the COMMIT', async () => {
    const failure = await host
      .run(async () => {
        const [{ pid }] = (await host.manager.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[];
        await host.manager.query(`INSERT INTO units (code, name) VALUES ('LOSS-4', '断连测试四')`);
        await t.sql('SELECT pg_terminate_backend($1)', [pid]);
        await released();
      })
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: '57P01' });
    expect(isDatabaseUnavailable(failure)).toBe(true);
    expect(await t.sql(`SELECT code FROM units WHERE code = 'LOSS-4'`)).toEqual([]);
  });

  it('leaves a runner released by the code itself a programming error (a 500)', async () => {
    const failure = await host
      .run(async () => {
        await host.manager.queryRunner!.release();
        await host.manager.query('SELECT 1');
      })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(QueryRunnerProviderAlreadyReleasedError);
    expect(isDatabaseUnavailable(failure)).toBe(false);
  });
});
