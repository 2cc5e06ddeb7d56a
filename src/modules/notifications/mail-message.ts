/**
 * The mail of one notification, in Chinese: subject, plain text with the link to the item, and a
 * Message-ID derived from the notification's id, so a mail sent again (after a crash between the
 * SMTP server's acceptance and our record of it) carries the same identity and mailboxes can tell.
 * It holds the notification's title (built by the notifier from the document's title or a date,
 * never from an application's or complaint's personal data) and nothing else about the item.
 */
import { KIND_LABELS_ZH, subjectPath, type NotificationKind, type SubjectType } from './notification.types.js';

export interface MailInput {
  notificationId: string;
  kind: NotificationKind;
  title: string;
  subjectType: SubjectType;
  subjectId: string;
  createdAt: Date;
  displayName: string;
}

export interface MailMessage {
  subject: string;
  text: string;
  messageId: string;
  link: string;
}

/** Beijing time, to the minute: 2026-03-05 14:07. */
function chinaMinute(d: Date): string {
  const t = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

export function mailMessage(n: MailInput, publicUrl: string): MailMessage {
  const base = publicUrl.replace(/\/+$/, '');
  const link = `${base}${subjectPath(n.subjectType, n.subjectId)}`;
  const host = new URL(base).hostname || 'gongkai';
  const subject = `【${KIND_LABELS_ZH[n.kind]}】${n.title}`.replace(/[\r\n]+/g, ' ').slice(0, 200);
  const text = [
    `${n.displayName}，您好：`,
    '',
    n.title,
    '',
    `时间：${chinaMinute(n.createdAt)}（北京时间）`,
    `查看与办理：${link}`,
    '',
    '本邮件由政务公开平台自动发送，请勿直接回复。',
    '不需要邮件提醒时，可在平台的“通知”页关闭邮件通知。',
    '',
  ].join('\n');
  return { subject, text, messageId: `<notification.${n.notificationId}@${host}>`, link };
}
