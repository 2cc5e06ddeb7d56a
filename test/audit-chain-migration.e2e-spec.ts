/**
 * The migration that took the audit chain off the writers' path (1765300000000-AuditChain): a
 * database whose rows were chained the old way (hashes in audit_log, the head locked by each
 * append) keeps its chain — verify still checks every old row — and new rows join it.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { AuditChain1765300000000 } from '../migrations/1765300000000-AuditChain.js';
import { migrations } from '../migrations/index.js';
import { dataSourceOptions } from '../src/common/database/data-source-options.js';
import { runMigrations } from '../src/common/database/migrate.js';
import { TransactionHost } from '../src/common/database/transaction-host.js';
import { auditHash, GENESIS_HASH } from '../src/modules/audit/audit-hash.js';
import { AuditService } from '../src/modules/audit/audit.service.js';
import { createTestDatabase } from './support/app.js';

describe('the audit chain migration', () => {
  let ds: DataSource;
  beforeAll(async () => {
    const url = await createTestDatabase();
    const before = migrations.slice(0, migrations.indexOf(AuditChain1765300000000));
    const old = new DataSource({ ...dataSourceOptions(url, 2), migrations: before });
    await old.initialize();
    await old.runMigrations({ transaction: 'each' });
    // Rows as the service appended them before: each hashed onto the previous under the head's lock.
    let prev = GENESIS_HASH;
    let id: string | null = null;
    for (let i = 0; i < 5; i++) {
      const row = { at: new Date(Date.UTC(2026, 0, 1, 8, 0, i, 123)).toISOString(), actorId: null, action: 'test.before', subjectType: 'Thing', subjectId: String(i), data: { n: i, nested: { b: 1, a: 2 } } };
      const hash = auditHash(prev, row);
      const [r] = (await old.query(
        `INSERT INTO audit_log (at, actor_id, action, subject_type, subject_id, data, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id::text AS id`,
        [row.at, row.actorId, row.action, row.subjectType, row.subjectId, JSON.stringify(row.data), prev, hash],
      )) as { id: string }[];
      prev = hash;
      id = r.id;
    }
    await old.query(`INSERT INTO settings (key, value) VALUES ('audit_head', $1)`, [JSON.stringify({ id, hash: prev })]);
    await old.destroy();
    await runMigrations(url);
    ds = new DataSource(dataSourceOptions(url, 2));
    await ds.initialize();
  }, 120_000);
  afterAll(() => ds?.destroy());

  it('keeps the old rows’ chain, verifies them, and chains new rows after them', async () => {
    const audit = AuditService.on(new TransactionHost(ds));
    expect(await audit.verify()).toEqual({ ok: true, checked: 5, firstBrokenId: null });
    expect(await ds.query(`SELECT seq::int AS seq, id::int AS id, txid::text AS txid FROM audit_chain ORDER BY seq`)).toEqual(
      [1, 2, 3, 4, 5].map((n) => ({ seq: n, id: n, txid: '0' })),
    );
    await audit.append({ actorId: null, action: 'test.after', data: { n: 6 } });
    // The new row is linked once it is below the commit horizon (commit-horizon.ts): once every
    // older transaction that may write here has ended — an autovacuum's analyze of the new tables
    // holds one, and one that ends just as the horizon is read still counts. That delays the link,
    // never reorders it, so verify may need another try.
    let verified = await audit.verify();
    for (const until = Date.now() + 30_000; verified.checked < 6 && Date.now() < until; verified = await audit.verify()) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(verified).toEqual({ ok: true, checked: 6, firstBrokenId: null });
    // An old row changed behind the trigger's back is still found.
    await ds.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`);
    await ds.query(`UPDATE audit_log SET data = '{"n": 99}' WHERE id = 3`);
    await ds.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete`);
    expect(await audit.verify()).toEqual({ ok: false, checked: 2, firstBrokenId: '3' });
  });
});
