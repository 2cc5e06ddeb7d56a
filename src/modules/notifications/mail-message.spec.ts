import { mailMessage } from './mail-message.js';

describe('mailMessage', () => {
  const base = {
    notificationId: '8f0c6a52-3d1e-4b7a-9a55-0d7c2b9e1f00',
    kind: 'task' as const,
    title: '待保密审查：《关于印发〈政府信息公开工作规则〉的通知》',
    subjectType: 'document' as const,
    subjectId: '1b4e28ba-2fa1-11d2-883f-0016d3cca427',
    createdAt: new Date('2026-03-05T06:07:30Z'),
    displayName: '李明',
  };

  it('writes a Chinese subject and text with the link to the item under PUBLIC_URL', () => {
    const m = mailMessage(base, 'https://gongkai.example.gov.cn/');
    expect(m.subject).toBe('【待办】待保密审查：《关于印发〈政府信息公开工作规则〉的通知》');
    expect(m.link).toBe('https://gongkai.example.gov.cn/documents/1b4e28ba-2fa1-11d2-883f-0016d3cca427');
    expect(m.text).toContain('李明，您好：');
    expect(m.text).toContain(`查看与办理：${m.link}`);
    expect(m.text).toContain('2026-03-05 14:07（北京时间）');
  });

  it('derives the Message-ID from the notification, so a mail sent again is recognisably the same', () => {
    expect(mailMessage(base, 'http://x.test').messageId).toBe('<notification.8f0c6a52-3d1e-4b7a-9a55-0d7c2b9e1f00@x.test>');
    expect(mailMessage(base, 'http://x.test').messageId).toBe(mailMessage(base, 'http://x.test').messageId);
  });

  it('links applications and complaints to their pages; no line breaks in the subject', () => {
    expect(mailMessage({ ...base, subjectType: 'application', kind: 'application_due_soon' }, 'http://x.test').link).toBe(`http://x.test/applications/${base.subjectId}`);
    expect(mailMessage({ ...base, subjectType: 'complaint', kind: 'complaint' }, 'http://x.test').link).toBe(`http://x.test/complaints/${base.subjectId}`);
    expect(mailMessage({ ...base, title: 'a\r\nBcc: x@y.z' }, 'http://x.test').subject).toBe('【待办】a Bcc: x@y.z');
  });
});
