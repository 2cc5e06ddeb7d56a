import {
  OUTCOMES,
  OUTCOME_LABELS_ZH,
  OUTCOME_REASONS,
  OUTCOME_RULES,
  citationZh,
  isOutcome,
  isValidOutcome,
  outcomeRule,
} from './outcomes.js';

describe('outcomes and reasons', () => {
  it('every listed pair has exactly one rule, and nothing else does', () => {
    const listed = OUTCOMES.flatMap((o) =>
      OUTCOME_REASONS[o].length === 0 ? [`${o}/`] : OUTCOME_REASONS[o].map((r) => `${o}/${r}`),
    );
    const ruled = OUTCOME_RULES.map((r) => `${r.outcome}/${r.reason ?? ''}`);
    expect([...ruled].sort()).toEqual([...listed].sort());
    expect(new Set(ruled).size).toBe(ruled.length);
    expect(listed).toHaveLength(2 + 8 + 3 + 5 + 3);
  });

  it.each([
    ['disclosed', null, '第三十六条第（一）（二）项'],
    ['partially_disclosed', null, '第三十七条'],
    ['not_disclosed', 'state_secret', '第十四条'],
    ['not_disclosed', 'prohibited_by_law', '第十四条'],
    ['not_disclosed', 'three_safeties_one_stability', '第十四条'],
    ['not_disclosed', 'third_party_rights', '第十五条'],
    ['not_disclosed', 'internal_affairs', '第十六条第一款'],
    ['not_disclosed', 'process_information', '第十六条第二款'],
    ['not_disclosed', 'enforcement_case_file', '第十六条第二款'],
    ['not_disclosed', 'administrative_query', '第三十六条第（七）项'],
    ['unable_to_provide', 'not_held', '第三十六条第（四）项'],
    ['unable_to_provide', 'needs_creation', '第三十八条'],
    ['unable_to_provide', 'unclear_after_correction', '第三十条'],
    ['not_handled', 'petition_or_complaint', '第三十九条第一款'],
    ['not_handled', 'duplicate', '第三十六条第（六）项'],
    ['not_handled', 'publication_request', '第三十九条第二款'],
    ['not_handled', 'excessive_without_reason', '第三十五条'],
    ['other', 'correction_overdue', '第三十条'],
    ['other', 'fee_unpaid', '第四十二条'],
    ['other', 'other', null],
  ] as const)('%s/%s rests on %s', (outcome, reason, article) => {
    expect(isValidOutcome(outcome, reason)).toBe(true);
    expect(outcomeRule(outcome, reason)!.article).toBe(article);
    expect(outcomeRule(outcome, reason)!.labelZh.length).toBeGreaterThan(0);
  });

  it('rejects invalid pairs', () => {
    expect(isValidOutcome('disclosed', 'state_secret')).toBe(false);
    expect(isValidOutcome('not_disclosed', null)).toBe(false);
    expect(isValidOutcome('not_disclosed', undefined)).toBe(false);
    expect(isValidOutcome('not_disclosed', 'not_held')).toBe(false);
    expect(isValidOutcome('unable_to_provide', 'duplicate')).toBe(false);
    expect(isValidOutcome('disclosed', '')).toBe(false);
    expect(isValidOutcome('withdrawn', null)).toBe(false);
    expect(isValidOutcome('disclosed')).toBe(true);
    expect(isOutcome('not_handled')).toBe(true);
    expect(isOutcome('nope')).toBe(false);
  });

  it('builds the citation, including Art. 36 (3) for refusals', () => {
    expect(citationZh('not_disclosed', 'state_secret')).toBe('《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项');
    expect(citationZh('unable_to_provide', 'needs_creation')).toBe('《中华人民共和国政府信息公开条例》第三十八条');
    expect(citationZh('other', 'other')).toBeNull();
    expect(citationZh('disclosed', 'x')).toBeNull();
  });

  it('uses the annual-report labels', () => {
    expect(OUTCOME_LABELS_ZH.not_handled).toBe('不予处理');
    expect(outcomeRule('not_disclosed', 'three_safeties_one_stability')!.labelZh).toBe('危及“三安全一稳定”');
    expect(outcomeRule('unable_to_provide', 'not_held')!.labelZh).toBe('本机关不掌握相关政府信息');
  });
});
