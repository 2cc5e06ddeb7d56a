/**
 * Notification mails through a real SMTP server started by the test (smtp-server): sent by the
 * queue after commit (a request does not wait for the mail server), one mail per notification per
 * recipient, Chinese subject and text with the link under PUBLIC_URL, retried with backoff after a
 * refusal, over smtp:// with AUTH, smtps:// and STARTTLS; off for users who turned it off, and no
 * applicant's personal data in any mail.
 */
import { MailOutboxRepository } from '../src/modules/notifications/mail-outbox.repository.js';
import { DeadlineScan } from '../src/modules/notifications/deadline-scan.js';
import { FULL_CHAIN, bearer, seedDistrict, startTestApp, walk, type District, type TestApp } from './support/app.js';
import { SMTP_CERT_FILE, TestSmtpServer } from './support/smtp.js';

const PUBLIC_URL = 'https://gongkai.example.gov.cn';

async function withMail(smtpUrl: string, extra: Record<string, string> = {}): Promise<{ t: TestApp; d: District }> {
  const t = await startTestApp({ SMTP_URL: smtpUrl, MAIL_FROM: '区政务公开平台 <noreply@gongkai.example.gov.cn>', PUBLIC_URL, MAIL_RETRY_DELAY_SECONDS: '1', ...extra });
  const d = await seedDistrict(t);
  for (const [key, id] of Object.entries(d.ids)) await t.sql(`UPDATE users SET email = $2 WHERE id = $1`, [id, `${key.toLowerCase()}@example.gov.cn`]);
  return { t, d };
}

const pendingMails = async (t: TestApp) => (await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM notification_mails WHERE state = 'pending'`))[0].n;

describe('notification mails through a real SMTP server', () => {
  describe('smtp:// with AUTH', () => {
    const smtp = new TestSmtpServer({ auth: { user: 'gongkai', pass: 's3cret pass' } });
    let t: TestApp;
    let d: District;

    beforeAll(async () => {
      await smtp.start();
      ({ t, d } = await withMail(smtp.url()));
    }, 120_000);

    afterAll(async () => {
      await t?.close();
      await smtp.stop();
    });

    it('one mail per notification per recipient, after commit, in Chinese with the link to the item', async () => {
      smtp.pause();
      const started = Date.now();
      const doc = await walk(t, d, 'drafterA', [['drafterA', { action: 'submit' }]]);
      // The mail server has not answered anything yet: the request did not wait for it.
      expect(Date.now() - started).toBeLessThan(5000);
      expect(smtp.mails).toHaveLength(0);
      const rows = await t.sql<{ id: string; email: string; state: string }>(
        `SELECT n.id, u.email, m.state FROM notifications n JOIN users u ON u.id = n.user_id JOIN notification_mails m ON m.notification_id = n.id WHERE n.subject_id = $1`,
        [doc.id],
      );
      await smtp.resume();
      expect(rows.map((r) => r.email).sort()).toEqual(['allrounda@example.gov.cn', 'reviewera@example.gov.cn']);
      await smtp.waitFor(() => smtp.mails.length >= 2, 20_000, '2 mails');
      await new Promise((r) => setTimeout(r, 1500));
      expect(smtp.mails).toHaveLength(2);
      expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual(rows.map((r) => r.email).sort());
      for (const m of smtp.mails) {
        const row = rows.find((r) => r.email === m.to[0])!;
        expect(m.messageId).toBe(`<notification.${row.id}@gongkai.example.gov.cn>`);
        expect(m.subject).toBe(`【待办】待保密审查：《${'关于印发《政府信息公开工作规则》的通知'}》`);
        expect(m.text).toContain(`查看与办理：${PUBLIC_URL}/documents/${doc.id}`);
        expect(m.text).toMatch(/您好：/);
        expect(m.user).toBe('gongkai');
        expect(m.from).toBe('noreply@gongkai.example.gov.cn');
        expect(m.headers['auto-submitted']).toBe('auto-generated');
      }
      expect(await pendingMails(t)).toBe(0);
      expect((await t.sql(`SELECT 1 FROM notification_mails WHERE state = 'sent' AND attempts = 1`)).length).toBe(2);
    }, 60_000);

    it('a server that refuses the first attempt (451): retried with backoff, delivered once', async () => {
      smtp.mails.length = 0;
      smtp.refuseNext = 1;
      const doc = await walk(t, d, 'drafterB', [['drafterB', { action: 'submit' }]]);
      await smtp.waitFor(() => smtp.mails.length >= 1, 30_000, 'the retried mail');
      await new Promise((r) => setTimeout(r, 1500));
      expect(smtp.refused).toBe(1);
      expect(smtp.mails.map((m) => m.to[0])).toEqual(['reviewerb@example.gov.cn']);
      const [row] = await t.sql<{ state: string; attempts: number }>(
        `SELECT m.state, m.attempts FROM notification_mails m JOIN notifications n ON n.id = m.notification_id WHERE n.subject_id = $1`,
        [doc.id],
      );
      expect(row).toEqual({ state: 'sent', attempts: 2 });
    }, 60_000);

    it('no mail for a user who turned mail off or has no address; a mail queued before turning it off is skipped', async () => {
      smtp.mails.length = 0;
      expect((await t.http.patch('/api/v1/me').set(bearer(d.tokens.officer2)).send({ emailNotifications: false })).status).toBe(200);
      await t.sql(`UPDATE users SET email = NULL WHERE id = $1`, [d.ids.allRoundA]);
      // The server refuses the first attempt; officer turns mail off before the retry: it is skipped.
      const submitted = await walk(t, d, 'drafterA', FULL_CHAIN.slice(0, 1));
      const drained = Date.now() + 20_000;
      while ((await pendingMails(t)) > 0 && Date.now() < drained) await new Promise((r) => setTimeout(r, 200));
      smtp.mails.length = 0;
      smtp.refuseNext = 1;
      const approved = await t.http.post(`/api/v1/documents/${submitted.id}/transitions`).set(bearer(d.tokens.reviewerA)).set('If-Match', `"${submitted.version}"`).send({ action: 'approve' });
      expect(approved.status).toBe(200);
      const doc = approved.body as { id: string };
      expect((await t.http.patch('/api/v1/me').set(bearer(d.tokens.officer)).send({ emailNotifications: false })).status).toBe(200);
      const mailed = await t.sql<{ user_id: string }>(
        `SELECT n.user_id FROM notification_mails m JOIN notifications n ON n.id = m.notification_id WHERE n.subject_id = $1 AND n.title LIKE '待公开属性审查%'`,
        [doc.id],
      );
      expect(mailed.map((r) => r.user_id)).toEqual([d.ids.officer]);
      const deadline = Date.now() + 20_000;
      while ((await pendingMails(t)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(smtp.mails).toHaveLength(0);
      const states = await t.sql<{ state: string; last_error: string }>(
        `SELECT m.state, m.last_error FROM notification_mails m JOIN notifications n ON n.id = m.notification_id WHERE n.user_id = $1 AND n.subject_id = $2`,
        [d.ids.officer, doc.id],
      );
      expect(states).toEqual([{ state: 'skipped', last_error: 'recipient turned e-mail off' }]);
      smtp.refuseNext = 0;
      expect((await t.http.patch('/api/v1/me').set(bearer(d.tokens.officer)).send({ emailNotifications: true })).status).toBe(200);
    }, 60_000);

    it('an application’s deadline mail names no applicant and carries none of their data', async () => {
      smtp.mails.length = 0;
      const a = await t.http.post('/api/v1/applications').send({
        applicantType: 'natural_person',
        applicantName: '张三丰',
        idNumber: '110101199003071234',
        contact: { phone: '13800138000', email: 'zhang.sanfeng@example.com', address: '北京市朝阳区建国路1号' },
        description: '请公开张三丰名下住房补贴的发放记录',
        format: 'electronic',
        delivery: 'email',
      });
      expect(a.status).toBe(201);
      await t.sql(`UPDATE applications SET due_at = now() - interval '1 day' WHERE tracking_code = $1`, [a.body.trackingCode]);
      expect(await t.app.get(DeadlineScan).scan()).toBeGreaterThan(0);
      await smtp.waitFor(() => smtp.mails.length >= 1, 20_000, 'the deadline mail');
      await new Promise((r) => setTimeout(r, 1000));
      for (const m of smtp.mails) {
        const all = `${JSON.stringify(m.headers)}\n${m.text}`;
        for (const personal of ['张三丰', '110101199003071234', '13800138000', 'zhang.sanfeng', '建国路', '住房补贴', a.body.trackingCode]) expect(all).not.toContain(personal);
        expect(m.text).toMatch(new RegExp(`${PUBLIC_URL}/applications/[0-9a-f-]{36}`));
      }
    }, 60_000);

    it('a mail already sent is not sent again when its job runs again', async () => {
      const [row] = await t.sql<{ notification_id: string }>(`SELECT notification_id FROM notification_mails WHERE state = 'sent' LIMIT 1`);
      const before = smtp.mails.length;
      const outbox = t.app.get(MailOutboxRepository);
      expect(await outbox.claim(row.notification_id, 40)).toEqual({ status: 'done' });
      expect(smtp.mails.length).toBe(before);
    });
  });

  describe('smtps:// (TLS from the first byte) and STARTTLS (required), trusting a private CA', () => {
    it('delivers over smtps://', async () => {
      const smtp = new TestSmtpServer({ secure: true, auth: { user: 'tls-user', pass: 'tls-pass' } });
      await smtp.start();
      const { t, d } = await withMail(smtp.url(), { SMTP_CA_FILE: SMTP_CERT_FILE });
      try {
        await walk(t, d, 'drafterB', [['drafterB', { action: 'submit' }]]);
        await smtp.waitFor(() => smtp.mails.length >= 1, 20_000, 'the mail over smtps');
        expect(smtp.mails[0]).toMatchObject({ secure: true, user: 'tls-user', to: ['reviewerb@example.gov.cn'] });
      } finally {
        await t.close();
        await smtp.stop();
      }
    }, 90_000);

    it('delivers over STARTTLS with ?requireTLS=true; an untrusted certificate is never sent to', async () => {
      const smtp = new TestSmtpServer({ starttls: true, auth: { user: 'st-user', pass: 'st-pass' } });
      await smtp.start();
      const { t, d } = await withMail(smtp.url('?requireTLS=true'), { SMTP_CA_FILE: SMTP_CERT_FILE });
      try {
        await walk(t, d, 'drafterB', [['drafterB', { action: 'submit' }]]);
        await smtp.waitFor(() => smtp.mails.length >= 1, 20_000, 'the mail over STARTTLS');
        expect(smtp.mails[0]).toMatchObject({ secure: true, user: 'st-user', to: ['reviewerb@example.gov.cn'] });
      } finally {
        await t.close();
      }
      // The same server without trusting its certificate: the mail fails and stays unsent, nothing goes out in clear.
      const untrusted = await withMail(smtp.url('?requireTLS=true'), { MAIL_RETRY_LIMIT: '1' });
      try {
        smtp.mails.length = 0;
        await walk(untrusted.t, untrusted.d, 'drafterB', [['drafterB', { action: 'submit' }]]);
        const deadline = Date.now() + 20_000;
        let rows: { state: string; last_error: string | null }[] = [];
        while (Date.now() < deadline) {
          rows = await untrusted.t.sql(`SELECT state, last_error FROM notification_mails`);
          if (rows.length && rows.every((r) => r.state === 'failed')) break;
          await new Promise((r) => setTimeout(r, 250));
        }
        expect(rows.map((r) => r.state)).toEqual(['failed']);
        expect(rows[0].last_error).toMatch(/certificate/i);
        expect(smtp.mails).toHaveLength(0);
      } finally {
        await untrusted.t.close();
        await smtp.stop();
      }
    }, 120_000);
  });
});
