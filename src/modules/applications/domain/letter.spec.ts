import { replyLetter, maskPersonalData, type ReplyLetterInput } from './letter.js';
import { OUTCOME_RULES, type OutcomeReason } from './outcomes.js';

const base: ReplyLetterInput = {
  trackingCode: 'GK-2024-000123',
  applicantName: '张三',
  receivedAt: new Date('2024-09-27T16:30:00Z'), // 2024-09-28 00:30 in China
  description: '2023年某街道老旧小区改造项目的资金使用情况',
  outcome: 'not_disclosed',
  reason: 'state_secret',
  comment: null,
  repliedAt: new Date('2024-10-28T02:00:00Z'),
  agencyName: '某区人民政府办公室',
};

describe('reply letter', () => {
  it('has the heading, the dates in China time, the citation and the remedies', () => {
    const text = replyLetter(base);
    expect(text.split('\n').slice(0, 3)).toEqual(['某区人民政府办公室', '政府信息公开申请答复书', '查询码：GK-2024-000123']);
    expect(replyLetter({ ...base, number: '〔2024〕第7号' }).split('\n').slice(0, 4)).toEqual(['某区人民政府办公室', '政府信息公开申请答复书', '〔2024〕第7号', '查询码：GK-2024-000123']);
    expect(text).toContain('张三：');
    expect(text).toContain('本机关于2024年9月28日收到您提出的政府信息公开申请');
    expect(text).toContain('“2023年某街道老旧小区改造项目的资金使用情况”');
    expect(text).toContain('根据《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项的规定，本机关决定不予公开。');
    expect(text).toContain('六十日内依法申请行政复议');
    expect(text).toContain('六个月内依法向人民法院提起行政诉讼');
    expect(text.trimEnd().split('\n').slice(-2)).toEqual(['某区人民政府办公室', '2024年10月28日']);
  });

  it('cites the article of every outcome', () => {
    for (const rule of OUTCOME_RULES) {
      const text = replyLetter({
        ...base,
        outcome: rule.outcome,
        reason: rule.reason as OutcomeReason | null,
        comment: '具体说明见附件。',
      });
      if (rule.article) expect(text).toContain(`《中华人民共和国政府信息公开条例》${rule.article}`);
      expect(text).toContain('具体说明见附件。');
    }
  });

  it('partial disclosure: the comment gives the reasons right after the decision', () => {
    const text = replyLetter({ ...base, outcome: 'partially_disclosed', reason: null, comment: '第3页涉及个人隐私，已作遮盖处理' });
    expect(text).toContain('第三十七条的规定，本机关向您提供可以公开的政府信息内容，对不予公开的内容说明理由如下：\n　　第3页涉及个人隐私，已作遮盖处理。');
  });

  it('requires a comment where the outcome needs one, and a valid pair', () => {
    expect(() => replyLetter({ ...base, outcome: 'other', reason: 'other', comment: '  ' })).toThrow(/comment/);
    expect(() => replyLetter({ ...base, outcome: 'disclosed', reason: 'state_secret' as OutcomeReason })).toThrow(/invalid outcome/);
    expect(() => replyLetter({ ...base, applicantName: '' })).toThrow(RangeError);
  });

  it('shows no personal data of the applicant other than the name', () => {
    const text = replyLetter({
      ...base,
      description: '本人（身份证号110101199003071234，电话13812345678，邮箱zhang.san@example.com，座机010-12345678）的房屋征收补偿协议',
      comment: '如有疑问请联系申请人 138 1234 5678',
    });
    expect(text).not.toMatch(/110101199003071234|13812345678|138 1234 5678|zhang\.san@example\.com|12345678/);
    expect(text).toContain('[身份证号已隐去]');
    expect(text).toContain('[电话号码已隐去]');
    expect(text).toContain('[电子邮箱已隐去]');
    expect(text).toContain('张三');
    // The input type carries no address / phone / ID field; extra properties are never read.
    const withExtras = { ...base, applicantPhone: '13900000000', applicantAddress: '某市某区某路1号', idNumber: '110101199003071234' };
    const t2 = replyLetter(withExtras);
    expect(t2).not.toContain('13900000000');
    expect(t2).not.toContain('某路1号');
    expect(t2).not.toContain('110101199003071234');
  });

  it('maskPersonalData leaves ordinary numbers alone', () => {
    expect(maskPersonalData('2023年第12号文件，共45页')).toBe('2023年第12号文件，共45页');
    expect(maskPersonalData('ID 11010119900307123X')).toBe('ID [身份证号已隐去]');
  });
});
