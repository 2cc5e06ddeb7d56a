import fc from 'fast-check';
import { scanText } from './detectors.js';
import {
  countCodePoints,
  InvalidSpanError,
  maskBankCard,
  maskEmail,
  maskExcerpt,
  maskIdNumber,
  maskMobilePhone,
  maskSameLength,
  normaliseSpans,
  redact,
  REDACTION_CHAR,
} from './redaction.js';

describe('redact', () => {
  it('replaces each character of a span with ■ and leaves the rest', () => {
    expect(redact('abcdef', [{ start: 1, end: 3 }])).toBe('a■■def');
    expect(redact('手机13800138000。', [{ start: 2, end: 13 }])).toBe('手机■■■■■■■■■■■。');
  });

  it('returns the text unchanged for no spans', () => {
    expect(redact('abc', [])).toBe('abc');
  });

  it('merges overlapping, touching and unsorted spans', () => {
    expect(redact('abcdefgh', [{ start: 5, end: 7 }, { start: 1, end: 4 }, { start: 2, end: 5 }])).toBe('a■■■■■■h');
    expect(redact('abcdef', [{ start: 1, end: 2 }, { start: 2, end: 3 }])).toBe('a■■def');
    expect(normaliseSpans('abcdefgh', [{ start: 5, end: 7 }, { start: 1, end: 4 }, { start: 2, end: 5 }])).toEqual([{ start: 1, end: 7 }]);
  });

  it('counts code points: a surrogate pair becomes one ■', () => {
    const text = 'a😀b𠀀c';
    const out = redact(text, [{ start: 1, end: 6 }]);
    expect(out).toBe('a■■■c');
    expect([...out]).toHaveLength([...text].length);
  });

  it('widens a span that splits a surrogate pair to the whole pair', () => {
    expect(redact('a😀b', [{ start: 1, end: 2 }])).toBe('a■b');
    expect(redact('a😀b', [{ start: 2, end: 3 }])).toBe('a■b');
    expect(redact('a😀b', [{ start: 2, end: 4 }])).toBe('a■■');
    expect(normaliseSpans('a😀b', [{ start: 2, end: 4 }])).toEqual([{ start: 1, end: 4 }]);
  });

  const invalid: [string, { start: number; end: number }, string][] = [
    ['negative start', { start: -1, end: 2 }, 'out_of_range'],
    ['end past the text', { start: 0, end: 4 }, 'out_of_range'],
    ['empty span', { start: 1, end: 1 }, 'empty_or_reversed'],
    ['reversed span', { start: 2, end: 1 }, 'empty_or_reversed'],
    ['fractional offset', { start: 0.5, end: 2 }, 'not_an_integer'],
    ['NaN', { start: Number.NaN, end: 2 }, 'not_an_integer'],
  ];
  it.each(invalid)('throws InvalidSpanError for a %s', (_name, span, reason) => {
    let error: unknown;
    try {
      redact('abc', [{ start: 0, end: 1 }, span]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidSpanError);
    expect(error).toBeInstanceOf(Error);
    const e = error as InvalidSpanError;
    expect(e.reason).toBe(reason);
    expect(e.index).toBe(1);
    expect(e.span).toBe(span);
    expect(e.textLength).toBe(3);
    expect(e.code).toBe('invalid_span');
    expect(e.name).toBe('InvalidSpanError');
  });

  it('redacts exactly the findings of a scan', () => {
    const text = '联系人手机13800138000，邮箱zhang@example.com。';
    const out = redact(text, scanText(text));
    expect(out).toBe('联系人手机■■■■■■■■■■■，邮箱■■■■■■■■■■■■■■■■■。');
    expect(scanText(out)).toEqual([]);
  });

  const TEXT = fc.string({ unit: fc.constantFrom(...'ab中文１2 \n😀𠀀'.match(/./gu)!), maxLength: 40 });

  it('property: code point count is preserved and only characters inside spans change', () => {
    fc.assert(
      fc.property(
        TEXT.filter((t) => t.length > 0).chain((text) =>
          fc.tuple(
            fc.constant(text),
            fc.array(
              fc
                .tuple(fc.integer({ min: 0, max: text.length - 1 }), fc.integer({ min: 1, max: text.length }))
                .filter(([a, b]) => a < b)
                .map(([start, end]) => ({ start, end })),
              { maxLength: 5 },
            ),
          ),
        ),
        ([text, spans]) => {
          const out = redact(text, spans);
          const inCp = [...text];
          const outCp = [...out];
          expect(outCp).toHaveLength(inCp.length);
          expect(countCodePoints(out)).toBe(countCodePoints(text));
          // Walk code points with their code unit offsets.
          let offset = 0;
          inCp.forEach((cp, i) => {
            const from = offset;
            const to = offset + cp.length;
            offset = to;
            const covered = spans.some((s) => s.start < to && s.end > from);
            expect(outCp[i]).toBe(covered ? REDACTION_CHAR : cp);
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('masking', () => {
  it('masks an ID number to its first 3 and last 2 characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110*************2X');
    expect(maskIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toBe('１１０*************２Ｘ');
  });

  it('masks a mobile number to 3 + 4 digits, keeping separators and the country prefix', () => {
    expect(maskMobilePhone('13800138000')).toBe('138****8000');
    expect(maskMobilePhone('138-0013-8000')).toBe('138-****-8000');
    expect(maskMobilePhone('+86 138 0013 8000')).toBe('+86 138 **** 8000');
    expect(maskMobilePhone('8613800138000')).toBe('86138****8000');
  });

  it('masks a bank card to its first and last 4 digits', () => {
    expect(maskBankCard('6222 0212 3456 7890')).toBe('6222 **** **** 7890');
    expect(maskBankCard('6222021234567890')).toBe('6222********7890');
    expect(maskBankCard('6228480038293847561')).toBe('6228***********7561');
  });

  it('masks an e-mail to the first character of the local part', () => {
    expect(maskEmail('zhang@example.com')).toBe('z***@example.com');
    expect(maskEmail('a@b.cn')).toBe('a***@b.cn');
    expect(maskSameLength('email', 'zhang@example.com')).toBe('z****@example.com');
    // A number written against the address is part of its domain: masked, whatever its width.
    expect(maskEmail('zhang@example.com11010519491231002X.zhang')).toBe(`z***@example.com${'*'.repeat(17)}X.zhang`);
    expect(maskSameLength('email', 'zhang@mail１２３４５６７８.cn')).toBe('z****@mail********.cn');
    expect(maskEmail('li@163.com')).toBe('l***@163.com');
  });

  it('masks everything when there is too little to hide', () => {
    expect(maskBankCard('1234567')).toBe('*******');
  });

  it('maskExcerpt leaves markings as they are; same-length masks keep the length', () => {
    expect(maskExcerpt('secrecy_marking', '秘密★1年')).toBe('秘密★1年');
    expect(maskExcerpt('internal_marking', '内部')).toBe('内部');
    for (const [kind, s] of [
      ['id_card_number', '11010519491231002X'],
      ['mobile_phone', '+86 138 0013 8000'],
      ['bank_card', '6222 0212 3456 7890'],
      ['email', 'zhang.san@example.com'],
    ] as const) {
      expect(maskSameLength(kind, s)).toHaveLength(s.length);
    }
  });
});
