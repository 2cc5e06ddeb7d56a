/** `npm run audit:verify`: walks the audit log's hash chain; exits 1 and names the first broken row. */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../common/database/data-source-options.js';
import { TransactionHost } from '../common/database/transaction-host.js';
import { AuditService } from '../modules/audit/audit.service.js';
import { cliDatabase } from './database.js';

const db = await cliDatabase();
const ds = new DataSource(dataSourceOptions(db.url, 2));
let code = 0;
try {
  await ds.initialize();
  const host = new TransactionHost(ds);
  const result = await AuditService.on(host).verify();
  console.log(JSON.stringify(result));
  if (!result.ok) {
    console.error(`audit log broken at row ${result.firstBrokenId} (${result.checked} rows verified before it)`);
    code = 1;
  } else {
    console.error(`audit log intact: ${result.checked} rows verified`);
  }
} finally {
  await ds.destroy().catch(() => undefined);
  await db.close();
}
process.exit(code);
