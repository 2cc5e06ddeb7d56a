import { OUTCOME_RULES, type OutcomeReason } from './outcomes.js';
import { letterText, noticeLetter, noticeNumber, NOTICE_KINDS, type NoticeFacts } from './notices.js';

const base: Omit<NoticeFacts, 'kind'> = {
  number: '〔2026〕第12号',
  agencyName: '某区人民政府办公室',
  applicantName: '张三',
  trackingCode: 'K7QX2MZ4HB6TNW3RJ5VA',
  receivedAt: '2026-11-02T10:00:00.000+08:00',
  description: '2026年本区老旧小区改造项目的资金安排',
  issuedAt: '2026-11-04T10:00:00.000+08:00',
};

const facts: Record<string, Partial<NoticeFacts>> = {
  receipt: { dueAt: '2026-11-30T23:59:59.999+08:00' },
  correction: { comment: '请说明所需信息的文号或形成时间' },
  extension: { comment: '所需信息涉及多个部门', dueAt: '2026-12-28T23:59:59.999+08:00' },
  third_party: { consultee: 'third_party' },
  fee: { fee: { method: 'per_volume', pages: 120, amountYuan: 1100, breakdown: [{ band: '31–100', count: 70, unitYuan: 10, subtotal: 700 }, { band: '101–200', count: 20, unitYuan: 20, subtotal: 400 }], payBy: '2026-12-02T23:59:59.999+08:00' } },
  reply: { outcome: 'disclosed', reason: null },
};

describe('statutory letters', () => {
  it('numbers read 〔year〕第n号', () => {
    expect(noticeNumber(2026, 12)).toBe('〔2026〕第12号');
    expect(() => noticeNumber(2026, 0)).toThrow(RangeError);
  });

  it.each(NOTICE_KINDS)('%s: names the agency, the applicant (except to a third party), the tracking code (likewise), the dates and its article', (kind) => {
    const l = noticeLetter({ ...base, ...facts[kind], kind });
    const text = letterText(l);
    expect(text.split('\n')[0]).toBe('某区人民政府办公室');
    expect(text).toContain('〔2026〕第12号');
    expect(text).toContain('2026年11月4日');
    expect(l.article).toMatch(/^《中华人民共和国政府信息公开条例》第/);
    expect(text).toContain(l.article.split('、')[0].replace('《中华人民共和国政府信息公开条例》', ''));
    expect(l.seal).toBe('（盖章）');
    if (kind === 'third_party') {
      expect(text).not.toContain('张三');
      expect(text).not.toContain(base.trackingCode);
      expect(l.article).toContain('第三十二条');
    } else {
      expect(text).toContain('张三：');
      expect(text).toContain(`查询码：${base.trackingCode}`);
      expect(text).toContain('2026年11月2日收到');
    }
  });

  it('the receipt gives the due date; the extension its reason and the new one; the fee its amount and the payment date', () => {
    expect(letterText(noticeLetter({ ...base, ...facts.receipt, kind: 'receipt' }))).toContain('答复期限至2026年11月30日');
    const ext = letterText(noticeLetter({ ...base, ...facts.extension, kind: 'extension' }));
    expect(ext).toContain('所需信息涉及多个部门。');
    expect(ext).toContain('延长后的答复期限至2026年12月28日');
    const fee = letterText(noticeLetter({ ...base, ...facts.fee, kind: 'fee' }));
    expect(fee).toContain('人民币1100元');
    expect(fee).toContain('2026年12月2日前缴纳');
    expect(fee).toContain('国办函〔2020〕109号');
  });

  it('another agency is consulted under Art. 34', () => {
    expect(noticeLetter({ ...base, kind: 'third_party', consultee: 'other_agency' }).article).toContain('第三十四条');
  });

  it('every reply outcome cites its article (other/other: Art. 36) and gives the remedies', () => {
    for (const rule of OUTCOME_RULES) {
      const l = noticeLetter({ ...base, kind: 'reply', outcome: rule.outcome, reason: rule.reason as OutcomeReason | null, comment: '具体说明。' });
      const text = letterText(l);
      expect(l.article).toContain(rule.article ?? '第三十六条');
      expect(text).toContain('六十日内依法申请行政复议');
      expect(text).toContain('六个月内依法向人民法院提起行政诉讼');
    }
  });

  it('a partial disclosure lists its documents and says what was covered', () => {
    const l = noticeLetter({ ...base, kind: 'reply', outcome: 'partially_disclosed', reason: null, comment: '第3页涉及个人隐私', documents: [{ title: '项目资金拨付表', documentNumber: '区发改发〔2026〕3号', redacted: true }] });
    expect(l.attachments).toEqual(['1. 《项目资金拨付表》（区发改发〔2026〕3号）（部分公开，已遮盖不予公开的内容）']);
    expect(letterText(l)).toContain('以■标示');
  });

  it('refuses facts that make no letter', () => {
    expect(() => noticeLetter({ ...base, kind: 'correction' })).toThrow(/what to correct/);
    expect(() => noticeLetter({ ...base, kind: 'fee' })).toThrow(/fee/);
    expect(() => noticeLetter({ ...base, kind: 'reply', outcome: 'disclosed', reason: 'state_secret' })).toThrow(/invalid outcome/);
    expect(() => noticeLetter({ ...base, kind: 'receipt', applicantName: ' ' })).toThrow(RangeError);
  });
});
