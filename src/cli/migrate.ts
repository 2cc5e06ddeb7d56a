import 'reflect-metadata';
import { runMigrations } from '../common/database/migrate.js';
import { cliDatabase } from './database.js';

const db = await cliDatabase();
try {
  const ran = await runMigrations(db.url);
  console.log(ran.length ? `applied: ${ran.join(', ')}` : 'no pending migrations');
} finally {
  await db.close();
}
