import { scanText } from './detectors.js';
import type { FindingKind } from './finding.types.js';
import {
  DEFAULT_RULE,
  DISCLOSURE_CATEGORIES,
  type DocType,
  matchingRules,
  PERSONAL_INFORMATION_RULE_ID,
  SUGGESTION_RULES,
  type SuggestionInput,
  type SuggestionRule,
  suggestAttribute,
  validateRuleTable,
} from './rules.js';

function input(over: Partial<Omit<SuggestionInput, 'findings'>> & { kinds?: FindingKind[] } = {}): SuggestionInput {
  return {
    docType: over.docType ?? 'notice',
    category: over.category ?? null,
    title: over.title ?? '关于做好有关工作的通知',
    body: over.body ?? '正文。',
    findings: (over.kinds ?? []).map((kind) => ({ kind })),
  };
}

describe('the rule table', () => {
  it('is sound: unique ids, criteria present, reasons consistent, citations and one-line explanations in both languages', () => {
    expect(validateRuleTable(SUGGESTION_RULES)).toEqual([]);
  });

  it('the secrecy rule is the only mandatory one and has the highest priority', () => {
    const top = [...SUGGESTION_RULES].sort((a, b) => b.priority - a.priority)[0];
    expect(top.id).toBe('state-secret-marking');
    expect(SUGGESTION_RULES.filter((r) => r.mandatory).map((r) => r.id)).toEqual(['state-secret-marking']);
    expect(SUGGESTION_RULES.filter((r) => r.priority === top.priority)).toHaveLength(1);
  });

  it('validateRuleTable reports problems', () => {
    const bad: SuggestionRule[] = [
      { ...DEFAULT_RULE, id: 'x' },
      { ...SUGGESTION_RULES[0], id: 'y', then: { attribute: 'not_public', reason: null } },
      { ...SUGGESTION_RULES[0], id: 'y', then: { attribute: 'proactive', reason: 'state_secret' }, explanation: 'a\nb' },
    ];
    expect(validateRuleTable(bad)).toEqual([
      'x: no criteria, would never match',
      'y: not_public needs a reason',
      'y: duplicate id',
      'y: proactive takes no reason',
      'y: explanation must be one line',
    ]);
  });
});

describe('suggestAttribute: one case per rule', () => {
  const cases: [string, SuggestionInput, string, string, string | null, string][] = [
    ['secrecy marking', input({ kinds: ['secrecy_marking'] }), 'state-secret-marking', 'not_public', 'state_secret', '第十四条 (Art. 14)'],
    ['enforcement case file (案卷)', input({ title: '张某违法建设行政处罚案卷' }), 'enforcement-case-file', 'not_public', 'enforcement_case_file', '第十六条第二款 (Art. 16 para. 2)'],
    ['enforcement case file (行政处罚决定书)', input({ title: '行政处罚决定书（朝城管罚字〔2024〕12号）' }), 'enforcement-case-file', 'not_public', 'enforcement_case_file', '第十六条第二款 (Art. 16 para. 2)'],
    ['draft: 征求意见稿', input({ title: '朝阳区养老服务管理办法（征求意见稿）' }), 'process-draft', 'not_public', 'process_information', '第十六条第二款 (Art. 16 para. 2)'],
    ['draft: 草案', input({ title: '2025年预算草案' }), 'process-draft', 'not_public', 'process_information', '第十六条第二款 (Art. 16 para. 2)'],
    ['draft: 讨论稿', input({ title: '工作方案（讨论稿）' }), 'process-draft', 'not_public', 'process_information', '第十六条第二款 (Art. 16 para. 2)'],
    ['request for instructions', input({ title: '关于申请专项资金的请示', docType: 'report' }), 'process-request-for-instructions', 'not_public', 'process_information', '第十六条第二款 (Art. 16 para. 2)'],
    ['consultation letter: 征求意见的函', input({ title: '关于征求意见的函' }), 'process-consultation-letter', 'not_public', 'process_information', '第十六条第二款 (Art. 16 para. 2)'],
    ['consultation letter: 征求《…》意见的函', input({ title: '关于征求《停车管理办法》意见的函' }), 'process-consultation-letter', 'not_public', 'process_information', '第十六条第二款 (Art. 16 para. 2)'],
    ['consultation letter: 商请', input({ title: '关于商请协助开展调查的函' }), 'process-consultation-letter', 'not_public', 'process_information', '第十六条第二款 (Art. 16 para. 2)'],
    ['minutes by doc type', input({ docType: 'minutes', title: '第12次常务会议' }), 'process-minutes', 'not_public', 'process_information', '第十六条第二款 (Art. 16 para. 2)'],
    ['minutes by title (spaced)', input({ title: '专题会 会 议 纪 要' }), 'process-minutes', 'not_public', 'process_information', '第十六条第二款 (Art. 16 para. 2)'],
    ['internal marking', input({ kinds: ['internal_marking'] }), 'internal-marking', 'not_public', 'internal_affairs', '第十六条第一款 (Art. 16 para. 1)'],
    ['normative document by doc type', input({ docType: 'normative_document', title: '朝阳区养老服务管理办法' }), 'proactive-normative-document', 'proactive', null, '第二十条第（一）项 (Art. 20(1))'],
    ['normative document by category', input({ category: 'rules_and_normative_documents' }), 'proactive-normative-document', 'proactive', null, '第二十条第（一）项 (Art. 20(1))'],
    ['personnel', input({ title: '关于张三同志职务任免的通知' }), 'internal-affairs-personnel', 'not_public', 'internal_affairs', '第十六条第一款 (Art. 16 para. 1)'],
    ['personnel: 干部', input({ title: '关于开展干部档案专项审核的通知' }), 'internal-affairs-personnel', 'not_public', 'internal_affairs', '第十六条第一款 (Art. 16 para. 1)'],
    ['logistics: 车辆', input({ title: '关于机关车辆维修保养的通知' }), 'internal-affairs-logistics', 'not_public', 'internal_affairs', '第十六条第一款 (Art. 16 para. 1)'],
    ['logistics: 食堂', input({ title: '机关食堂管理规定' }), 'internal-affairs-logistics', 'not_public', 'internal_affairs', '第十六条第一款 (Art. 16 para. 1)'],
    ['logistics: 办公用房', input({ title: '办公用房调整方案' }), 'internal-affairs-logistics', 'not_public', 'internal_affairs', '第十六条第一款 (Art. 16 para. 1)'],
    ['internal procedure: 考勤', input({ title: '关于严格考勤制度的通知' }), 'internal-affairs-procedure', 'not_public', 'internal_affairs', '第十六条第一款 (Art. 16 para. 1)'],
    ['internal procedure: 工作规则', input({ title: '办公室工作规则' }), 'internal-affairs-procedure', 'not_public', 'internal_affairs', '第十六条第一款 (Art. 16 para. 1)'],
    ['internal procedure: 内部管理', input({ title: '关于加强内部管理的意见' }), 'internal-affairs-procedure', 'not_public', 'internal_affairs', '第十六条第一款 (Art. 16 para. 1)'],
    ['personal information only', input({ kinds: ['mobile_phone'] }), PERSONAL_INFORMATION_RULE_ID, 'on_application', 'third_party_rights', '第十五条 (Art. 15)'],
    ['nothing applies', input(), DEFAULT_RULE.id, 'on_application', null, '第二十七条 (Art. 27)'],
  ];
  it.each(cases)('%s', (_name, given, rule, attribute, reason, article) => {
    const s = suggestAttribute(given);
    expect(s.basis[0].rule).toBe(rule);
    expect(s.basis[0].article).toBe(article);
    expect(s.suggestedAttribute).toBe(attribute);
    expect(s.nonDisclosureReason).toBe(reason);
  });

  it.each(
    DISCLOSURE_CATEGORIES.filter((c) => c !== 'rules_and_normative_documents' && c !== 'other').map((c) => [c, DISCLOSURE_CATEGORIES.indexOf(c) + 1] as const),
  )('category %s is proactive under Art. 20(%i)', (category, item) => {
    const s = suggestAttribute(input({ category }));
    expect(s.suggestedAttribute).toBe('proactive');
    expect(s.nonDisclosureReason).toBeNull();
    expect(s.basis).toHaveLength(1);
    expect(s.basis[0].article).toMatch(new RegExp(`^第二十条第（[一二三四五六七八九十]+）项 \\(Art\\. 20\\(${item}\\)\\)$`));
  });

  it('category "other" and unknown categories fall to the default', () => {
    expect(suggestAttribute(input({ category: 'other' })).basis.map((b) => b.rule)).toEqual([DEFAULT_RULE.id]);
    expect(suggestAttribute(input({ category: 'no_such_category' })).basis.map((b) => b.rule)).toEqual([DEFAULT_RULE.id]);
  });
});

describe('suggestAttribute: decisions and basis', () => {
  it('a secrecy marking wins over everything, is mandatory, and basis still lists every matching rule', () => {
    const s = suggestAttribute(
      input({ docType: 'normative_document', category: 'statistics', title: '统计报表（征求意见稿）', kinds: ['secrecy_marking', 'internal_marking', 'id_card_number'] }),
    );
    expect(s.suggestedAttribute).toBe('not_public');
    expect(s.nonDisclosureReason).toBe('state_secret');
    expect(s.mandatory).toBe(true);
    expect(s.basis.map((b) => b.rule)).toEqual([
      'state-secret-marking',
      'process-draft',
      'internal-marking',
      'proactive-normative-document',
      'proactive-statistics',
      PERSONAL_INFORMATION_RULE_ID,
    ]);
  });

  it('personal data keeps the otherwise suggested attribute and adds an Art. 15 entry', () => {
    const s = suggestAttribute(input({ category: 'social_programmes', kinds: ['id_card_number', 'email'] }));
    expect(s.suggestedAttribute).toBe('proactive');
    expect(s.nonDisclosureReason).toBeNull();
    expect(s.redactionSuggested).toBe(true);
    expect(s.mandatory).toBe(false);
    expect(s.basis.map((b) => b.rule)).toEqual(['proactive-social-programmes', PERSONAL_INFORMATION_RULE_ID]);
    expect(s.basis[1]).toEqual({
      rule: PERSONAL_INFORMATION_RULE_ID,
      article: '第十五条 (Art. 15)',
      explanation: 'personal information found: withhold or redact',
      explanationZh: '发现个人信息：不予公开或作遮蔽（去标识化）处理。',
    });
  });

  it.each(['id_card_number', 'mobile_phone', 'bank_card', 'email'] as const)('%s counts as personal information', (kind) => {
    const s = suggestAttribute(input({ kinds: [kind] }));
    expect(s.basis.map((b) => b.rule)).toEqual([PERSONAL_INFORMATION_RULE_ID]);
    expect(s.redactionSuggested).toBe(true);
  });

  it('markings alone do not suggest redaction', () => {
    expect(suggestAttribute(input({ kinds: ['internal_marking'] })).redactionSuggested).toBe(false);
  });

  it('an internal marking outranks a proactive category; basis shows both', () => {
    const s = suggestAttribute(input({ docType: 'normative_document', kinds: ['internal_marking'] }));
    expect(s.suggestedAttribute).toBe('not_public');
    expect(s.nonDisclosureReason).toBe('internal_affairs');
    expect(s.basis.map((b) => b.rule)).toEqual(['internal-marking', 'proactive-normative-document']);
  });

  it('a proactive category outranks internal-affairs title keywords', () => {
    const s = suggestAttribute(input({ category: 'civil_service_recruitment', title: '2025年公务员招录人事考试公告' }));
    expect(s.suggestedAttribute).toBe('proactive');
    expect(s.basis.map((b) => b.rule)).toEqual(['proactive-civil-service-recruitment', 'internal-affairs-personnel']);
    const n = suggestAttribute(input({ docType: 'normative_document', title: '朝阳区机关事业单位人事管理办法' }));
    expect(n.suggestedAttribute).toBe('proactive');
  });

  it('process information outranks a proactive category (a draft budget is still a draft)', () => {
    const s = suggestAttribute(input({ category: 'budgets_and_accounts', title: '2025年区级预算草案' }));
    expect(s.nonDisclosureReason).toBe('process_information');
    expect(s.basis.map((b) => b.rule)).toEqual(['process-draft', 'proactive-budgets-and-accounts']);
  });

  it('an enforcement case file outranks the penalties category', () => {
    const s = suggestAttribute(input({ category: 'penalties_and_coercion', title: '行政处罚决定书' }));
    expect(s.nonDisclosureReason).toBe('enforcement_case_file');
    expect(s.basis.map((b) => b.rule)).toEqual(['enforcement-case-file', 'proactive-penalties-and-coercion']);
  });

  it('a reply to a request (批复) is not a request for instructions', () => {
    expect(suggestAttribute(input({ docType: 'reply', title: '关于区教委请示事项的批复' })).basis.map((b) => b.rule)).toEqual([DEFAULT_RULE.id]);
    expect(suggestAttribute(input({ title: '关于申请经费请示的复函' })).basis.map((b) => b.rule)).toEqual([DEFAULT_RULE.id]);
  });

  it('minutes matched by doc type and title appear once', () => {
    const s = suggestAttribute(input({ docType: 'minutes', title: '区政府常务会议纪要' }));
    expect(s.basis.map((b) => b.rule)).toEqual(['process-minutes']);
  });

  it('the default is on application with an Art. 27 note mentioning Art. 19', () => {
    const s = suggestAttribute(input());
    expect(s).toEqual({
      suggestedAttribute: 'on_application',
      nonDisclosureReason: null,
      basis: [{ rule: DEFAULT_RULE.id, article: '第二十七条 (Art. 27)', explanation: DEFAULT_RULE.explanation, explanationZh: DEFAULT_RULE.explanationZh }],
      mandatory: false,
      redactionSuggested: false,
    });
    expect(s.basis[0].explanation).toContain('Art. 19');
  });

  it('works end to end from scanText findings', () => {
    const body = '秘密★1年\n关于……的报告\n联系人：王某，手机13800138000。';
    const s = suggestAttribute({ docType: 'report' as DocType, category: null, title: '关于……的报告', body, findings: scanText(body) });
    expect(s.suggestedAttribute).toBe('not_public');
    expect(s.nonDisclosureReason).toBe('state_secret');
    expect(s.basis.map((b) => b.rule)).toEqual(['state-secret-marking', PERSONAL_INFORMATION_RULE_ID]);
  });
});

describe('custom rule tables', () => {
  const custom: SuggestionRule[] = [
    {
      id: 'tender-results',
      when: { match: 'all', docTypes: ['notice'], bodyKeywords: ['中标', '成交'] },
      then: { attribute: 'proactive', reason: null },
      article: '第二十条第（九）项',
      articleEn: 'Art. 20(9)',
      explanationZh: '采购结果公告应当主动公开。',
      explanation: 'Procurement results shall be disclosed proactively.',
      priority: 500,
    },
    {
      id: 'never',
      when: {},
      then: { attribute: 'not_public', reason: 'prohibited_by_law' },
      article: '第十四条',
      articleEn: 'Art. 14',
      explanationZh: '无条件规则不会命中。',
      explanation: 'A rule without criteria never matches.',
      priority: 10_000,
    },
  ];

  it("match: 'all' needs every list; body keywords are searched; a rule without criteria never matches", () => {
    expect(matchingRules(input({ docType: 'notice', body: '中标供应商：某公司' }), custom).map((r) => r.id)).toEqual(['tender-results']);
    expect(matchingRules(input({ docType: 'report', body: '中标供应商：某公司' }), custom)).toEqual([]);
    expect(matchingRules(input({ docType: 'notice', body: '无关内容' }), custom)).toEqual([]);
    expect(suggestAttribute(input({ docType: 'notice', body: '成交结果' }), custom).suggestedAttribute).toBe('proactive');
  });

  it('equal priorities keep table order', () => {
    const a: SuggestionRule = { ...custom[0], id: 'a', when: { docTypes: ['notice'] } };
    const b: SuggestionRule = { ...custom[0], id: 'b', when: { docTypes: ['notice'] } };
    expect(matchingRules(input(), [b, a]).map((r) => r.id)).toEqual(['b', 'a']);
  });
});
