/**
 * The audit log's command-line check (`npm run audit:verify` builds and runs
 * dist/src/cli/audit-verify.js): exit 0 and ok:true on an intact chain; exit 1 naming the first
 * broken row after someone goes around the append-only trigger and changes, removes or cuts rows.
 */
import { execFile } from 'node:child_process';
import { FULL_CHAIN, seedDistrict, startTestApp, walk, type District, type TestApp } from '../support/app.js';
import { AUDIT_VERIFY_JS, ROOT, ensureBuilt } from './support/build.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  result: { ok: boolean; checked: number; firstBrokenId: string | null } | null;
}

function verifyCli(databaseUrl: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [AUDIT_VERIFY_JS],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATABASE_URL: databaseUrl }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? 1) : 0;
        let result = null;
        try {
          result = JSON.parse(stdout.trim().split('\n').pop() ?? '');
        } catch {
          /* left null */
        }
        resolve({ code: typeof code === 'number' ? code : 1, stdout, stderr, result });
      },
    );
  });
}

describe('audit:verify on the command line', () => {
  let t: TestApp;
  let d: District;
  beforeAll(async () => {
    await ensureBuilt();
    t = await startTestApp();
    d = await seedDistrict(t);
    await walk(t, d, 'drafterA', FULL_CHAIN);
    await walk(t, d, 'drafterB', [['drafterB', { action: 'submit' }]]);
    await t.http.post('/api/v1/auth/login').send({ username: 'admin', password: 'wrong-password-1' });
  }, 360_000);
  afterAll(() => t?.close());

  it('exits 0 with ok:true on an intact chain, agreeing with the HTTP check', async () => {
    const run = await verifyCli(t.databaseUrl);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.stringMatching(/intact: \d+ rows verified/) });
    const http = await t.http.get('/api/v1/audit/verify').set('Authorization', `Bearer ${t.adminToken}`);
    expect(run.result).toEqual(http.body);
    expect(run.result).toMatchObject({ ok: true, firstBrokenId: null });
    expect(run.result!.checked).toBeGreaterThan(20);
  });

  it('exits 1 and names the row that was changed, then the row after a removed one, then a cut tail', async () => {
    // In the chain's order (the sequencer links rows in the order of their transactions), once every row is linked.
    expect((await verifyCli(t.databaseUrl)).code).toBe(0);
    const rows = await t.sql<{ id: string }>(`SELECT c.id::text AS id FROM audit_chain c ORDER BY c.seq`);
    const victim = rows[7].id;
    await t.sql(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`);
    try {
      await t.sql(`UPDATE audit_log SET data = jsonb_set(data, '{forged}', 'true') WHERE id = $1`, [victim]);
      let run = await verifyCli(t.databaseUrl);
      expect(run.code).toBe(1);
      expect(run.result).toMatchObject({ ok: false, firstBrokenId: victim, checked: 7 });
      expect(run.stderr).toContain(`row ${victim}`);

      // Removing the changed row: the next row in the chain no longer links to its predecessor.
      await t.sql(`DELETE FROM audit_log WHERE id = $1`, [victim]);
      const next = rows[8].id;
      run = await verifyCli(t.databaseUrl);
      expect(run.code).toBe(1);
      expect(run.result).toMatchObject({ ok: false, firstBrokenId: next });
      expect(run.stderr).toContain(`row ${next}`);

      // Cutting the newest rows (and restoring the one in the middle is impossible): still noticed, through the chain head.
      await t.sql(`DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_chain WHERE seq >= (SELECT seq FROM audit_chain WHERE id = $1))`, [next]);
      run = await verifyCli(t.databaseUrl);
      expect(run.code).toBe(1);
      expect(run.result?.ok).toBe(false);
    } finally {
      await t.sql(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete`);
    }
  });

  it('exits non-zero, without a stack trace of secrets, when the database cannot be reached', async () => {
    const url = new URL(t.databaseUrl);
    url.password = 'not-the-password';
    const run = await verifyCli(url.toString());
    expect(run.code).not.toBe(0);
    expect(`${run.stdout}${run.stderr}`).not.toContain('not-the-password');
  });
});
