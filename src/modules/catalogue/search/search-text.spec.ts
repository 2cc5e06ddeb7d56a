import { latinText, parseQuery, simpleTokens } from './search-text.js';

describe('search tokens', () => {
  it('indexes Chinese as bigrams and Latin words as lower-case words', () => {
    expect(simpleTokens('政府信息公开条例 Budget 2026')).toBe('政府 府信 信息 息公 公开 开条 条例 budget 2026');
    expect(simpleTokens('《条例》第十条')).toBe('条例 第十 十条');
    expect(simpleTokens('区')).toBe('区');
    expect(simpleTokens('到2030年建成')).toBe('到 2030 年建 建成');
  });

  it('a query is the bigram phrase of each Chinese run plus its words', () => {
    expect(parseQuery('信息公开 budget')).toEqual({ cjkPhrases: ['信息 息公 公开'], cjkSingles: [], words: ['budget'] });
    expect(parseQuery('税')).toEqual({ cjkPhrases: [], cjkSingles: ['税'], words: [] });
    expect(parseQuery(" '&|!<-> ")).toEqual({ cjkPhrases: [], cjkSingles: [], words: [] });
  });

  it('keeps only the Latin part for the english configuration', () => {
    expect(latinText('预算 budgets 说明')).toBe('  budgets  ');
  });

  it('caps what is indexed', () => {
    expect(simpleTokens('a '.repeat(100), 10).split(' ')).toHaveLength(5);
  });
});
