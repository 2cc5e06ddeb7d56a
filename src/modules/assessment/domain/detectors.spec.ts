import fc from 'fast-check';
import {
  idCheckCharacter,
  isLuhnValid,
  isValidResidentIdNumber,
  MARKING_CONTEXT_CHARS,
  normaliseForDetection,
  scanText,
} from './detectors.js';
import type { Finding, FindingKind } from './finding.types.js';
import { maskExcerpt } from './redaction.js';

/** A fixed "today" so the birth-date checks do not depend on when the suite runs. */
const NOW = new Date(2025, 5, 15);
const scan = (text: string): Finding[] => scanText(text, { now: NOW });

const PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91];

function makeId(province: number, region: string, ymd: string, seq: string): string {
  const first17 = `${province}${region}${ymd}${seq}`;
  return first17 + idCheckCharacter(first17);
}

/** Appends the Luhn check digit to `body`. */
function luhnComplete(body: string): string {
  for (let d = 0; d <= 9; d++) if (isLuhnValid(body + d)) return body + d;
  throw new Error('unreachable');
}

/** A different check character that breaks the ID checksum. */
function breakCheck(id: string): string {
  const last = id[17];
  return id.slice(0, 17) + (last === '0' ? '1' : last === 'X' ? '0' : String((Number(last) + 1) % 10));
}

const toFullWidth = (s: string): string =>
  s.replace(/[0-9X+\-@]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

const VALID_ID = '11010519491231002X'; // the GB 11643 example
const CARD16 = luhnComplete('622202123456789');
/** A valid ID whose check character is a digit. */
const DIGIT_ID = makeId(32, '0102', '19800101', '124');
const CARD19 = luhnComplete('622848003829384756');

function only(text: string): { kind: FindingKind; matched: string; excerpt: string }[] {
  return scan(text).map((f) => ({ kind: f.kind, matched: text.slice(f.start, f.end), excerpt: f.excerpt }));
}

describe('fixtures', () => {
  it('the GB 11643 example is a valid ID and the card fixtures pass Luhn', () => {
    expect(isValidResidentIdNumber(VALID_ID, NOW)).toBe(true);
    expect(isValidResidentIdNumber(DIGIT_ID, NOW)).toBe(true);
    expect(DIGIT_ID).toMatch(/\d$/);
    expect(only(`编号${DIGIT_ID}。`).map((f) => f.kind)).toEqual(['id_card_number']);
    expect(isLuhnValid(CARD16)).toBe(true);
    expect(isLuhnValid(CARD19)).toBe(true);
  });
});

describe('scanText: true positives', () => {
  const leapId = makeId(44, '0106', '20000229', '123');
  const cases: [string, string, FindingKind, string][] = [
    ['ID in running text', `身份证号：${VALID_ID}。`, 'id_card_number', VALID_ID],
    ['ID with lower-case x', `证件号${VALID_ID.toLowerCase()}`, 'id_card_number', VALID_ID.toLowerCase()],
    ['ID at the very start', `${VALID_ID}是身份证号`, 'id_card_number', VALID_ID],
    ['ID born on 29 February 2000', `号码${leapId}`, 'id_card_number', leapId],
    ['ID in full-width digits', `身份证${toFullWidth(VALID_ID)}号`, 'id_card_number', toFullWidth(VALID_ID)],
    ['ID next to ASCII letters', `ID:${VALID_ID};`, 'id_card_number', VALID_ID],
    ['mobile phone', '手机13800138000。', 'mobile_phone', '13800138000'],
    ['mobile phone 199', '电话19912345678', 'mobile_phone', '19912345678'],
    ['mobile phone with +86', '电话+8613800138000', 'mobile_phone', '+8613800138000'],
    ['mobile phone with 86 and a space', '电话86 13800138000', 'mobile_phone', '86 13800138000'],
    ['mobile phone with 0086', '电话0086 13912345678', 'mobile_phone', '0086 13912345678'],
    ['mobile phone with dashes', '电话：138-0013-8000，', 'mobile_phone', '138-0013-8000'],
    ['mobile phone with spaces', '电话：138 0013 8000，', 'mobile_phone', '138 0013 8000'],
    ['mobile phone +86 and groups', '电话 +86 138 0013 8000。', 'mobile_phone', '+86 138 0013 8000'],
    ['grouped mobile phone after a room number', '房间1201 138 0013 8000', 'mobile_phone', '138 0013 8000'],
    ['mobile phone in full-width digits', '手机１３８００１３８０００', 'mobile_phone', '１３８００１３８０００'],
    ['mobile phone with ideographic spaces', '手机138　0013　8000', 'mobile_phone', '138　0013　8000'],
    ['bank card, 16 digits', `账号${CARD16}，`, 'bank_card', CARD16],
    ['bank card, 19 digits', `账号${CARD19}，`, 'bank_card', CARD19],
    ['bank card in groups of 4 (spaces)', `卡号 ${CARD16.replace(/(\d{4})(?=\d)/g, '$1 ')} 开户行`, 'bank_card', CARD16.replace(/(\d{4})(?=\d)/g, '$1 ')],
    ['bank card in groups of 4 (dashes)', `卡号${CARD16.replace(/(\d{4})(?=\d)/g, '$1-')}。`, 'bank_card', CARD16.replace(/(\d{4})(?=\d)/g, '$1-')],
    ['bank card, 19 digits grouped', `卡号${CARD19.replace(/(\d{4})(?=\d)/g, '$1 ')}。`, 'bank_card', CARD19.replace(/(\d{4})(?=\d)/g, '$1 ')],
    ['bank card in full-width digits', `卡号${toFullWidth(CARD16)}`, 'bank_card', toFullWidth(CARD16)],
    ['e-mail', '邮箱zhang.san@example.com。', 'email', 'zhang.san@example.com'],
    ['e-mail with plus and sub-domains', '发送至a_b-c+tag@mail.bj.gov.cn即可', 'email', 'a_b-c+tag@mail.bj.gov.cn'],
    ['e-mail followed by a full stop', 'write to zhang@example.com.', 'email', 'zhang@example.com'],
    ['e-mail with a full-width ＠', '邮箱zhang＠example.com', 'email', 'zhang＠example.com'],
    ['secrecy marking 秘密★', '秘密★\n关于……', 'secrecy_marking', '秘密★'],
    ['secrecy marking 机密★', '机密★', 'secrecy_marking', '机密★'],
    ['secrecy marking 绝密★', '文头 绝密★ 文号', 'secrecy_marking', '绝密★'],
    ['secrecy marking with period 1年', '秘密★1年\n', 'secrecy_marking', '秘密★1年'],
    ['secrecy marking with period 十年', '绝密★十年', 'secrecy_marking', '绝密★十年'],
    ['secrecy marking with period 长期', '机密★长期', 'secrecy_marking', '机密★长期'],
    ['secrecy marking with period 6个月', '秘密★6个月', 'secrecy_marking', '秘密★6个月'],
    ['secrecy marking with full-width period', '秘密★１年', 'secrecy_marking', '秘密★１年'],
    ['secrecy marking with ☆', '秘密☆', 'secrecy_marking', '秘密☆'],
    ['secrecy marking with *', '机密*5年', 'secrecy_marking', '机密*5年'],
    ['secrecy marking with ＊', '机密＊', 'secrecy_marking', '机密＊'],
    ['secrecy marking with spaces', '秘密 ★ 1年', 'secrecy_marking', '秘密 ★ 1年'],
    ['secrecy marking 启用前', '绝密★启用前', 'secrecy_marking', '绝密★启用前'],
    ['internal marking 【内部】', '【内部】关于……', 'internal_marking', '内部'],
    ['internal marking （内部）', '（内部）', 'internal_marking', '内部'],
    ['internal marking (内部)', 'x(内部)x', 'internal_marking', '内部'],
    ['internal marking 〔 内部 〕', '〔 内部 〕', 'internal_marking', '内部'],
    ['internal marking alone on a line', '文件\n内部\n正文', 'internal_marking', '内部'],
    ['internal marking first on a line', '　　内部　　　编号：001\n', 'internal_marking', '内部'],
    ['internal marking last on a line', '编号：001　　内部\n正文', 'internal_marking', '内部'],
    ['internal marking 内部资料', '内部资料\n', 'internal_marking', '内部资料'],
    ['internal marking 【内部资料】', '【内部资料】', 'internal_marking', '内部资料'],
    ['internal marking 内部文件', '本件为内部文件。', 'internal_marking', '内部文件'],
    ['internal marking 注意保密', '请注意保密。', 'internal_marking', '注意保密'],
  ];
  it.each(cases)('%s', (_name, text, kind, matched) => {
    expect(only(text).map(({ kind: k, matched: m }) => ({ kind: k, matched: m }))).toEqual([{ kind, matched }]);
  });

  it('内部资料，注意保密 gives two internal markings', () => {
    expect(only('内部资料，注意保密').map((f) => f.matched)).toEqual(['内部资料', '注意保密']);
  });
});

describe('scanText: false positives', () => {
  const wrongCheck = breakCheck(VALID_ID);
  const cases: [string, string][] = [
    ['ID with a wrong check digit', `身份证号${wrongCheck}。`],
    ['ID preceded by a digit (19-digit run)', `编号1${VALID_ID.slice(0, 17)}5`],
    ['ID followed by a digit (19-digit run)', `编号${DIGIT_ID}7`],
    ['ID ending in X followed by a digit', `编号${VALID_ID}7`],
    ['ID inside a 25-digit run', `流水号1234${makeId(32, '0102', '19800101', '123')}567`],
    ['ID followed by X', `编号${DIGIT_ID}X`],
    ['ID after an X that ends a digit run', `编号12X${DIGIT_ID}`],
    ['ID with an unused province code 99', `号码${makeId(99, '0105', '19800101', '123')}`],
    ['ID with an unused province code 10', `号码${makeId(10, '0105', '19800101', '123')}`],
    ['ID born on 30 February', `号码${makeId(11, '0105', '19900230', '123')}`],
    ['ID born in month 13', `号码${makeId(11, '0105', '19901301', '123')}`],
    ['ID born before 1900', `号码${makeId(11, '0105', '18991231', '123')}`],
    ['ID born in the future', `号码${makeId(11, '0105', '20250616', '123')}`],
    ['phone starting 12', '号码12345678901'],
    ['phone with 10 digits', '号码1380013800'],
    ['phone inside a 12-digit run', '号码138001380001'],
    ['phone preceded by a digit', '号码913800138000'],
    ['phone inside a long digit run', '订单号20240613800138000123'],
    ['landline', '电话010-88886666'],
    ['Luhn-invalid card', `卡号${CARD16.slice(0, 15)}${(Number(CARD16[15]) + 1) % 10}`],
    ['card with mixed separators', `卡号${CARD16.slice(0, 4)} ${CARD16.slice(4, 8)}-${CARD16.slice(8, 12)} ${CARD16.slice(12)}`],
    ['card-like number with 15 digits', `卡号${luhnComplete('62220212345678')}`],
    ['card-like number with 20 digits', `卡号${luhnComplete('6222021234567890123')}`],
    ['16 zeros', '0000000000000000'],
    ['e-mail without a dot in the domain', 'zhang@localhost'],
    ['e-mail with a 1-letter top-level domain', 'zhang@example.c'],
    ['@ without a local part', '请发送@example.com'],
    ['秘密 without a star', '保守国家秘密，严禁泄露机密。'],
    ['机密文件', '涉及机密文件的处理'],
    ['商业秘密', '涉及商业秘密的，不予公开'],
    ['markdown bold **秘密**', '**秘密**'],
    ['内部控制', '关于加强内部控制的通知'],
    ['内部审计', '开展内部审计工作'],
    ['内部管理', '完善内部管理制度'],
    ['单位内部 in running text', '加强单位内部监督'],
    ['内部 at the end of a wrapped line', '要加强单位内部\n管理'],
    ['内部 at the start of a wrapped line', '要加强\n内部管理'],
    ['内部资料室', '存放于内部资料室'],
    ['内部文件管理办法', '关于印发《内部文件管理办法》的通知'],
    ['注意保密工作', '各单位要注意保密工作'],
  ];
  it.each(cases)('%s: nothing found', (_name, text) => {
    expect(only(text)).toEqual([]);
  });

  it('a wrong check digit is never reported as an ID or a phone', () => {
    for (let last = 0; last <= 10; last++) {
      const candidate = VALID_ID.slice(0, 17) + '0123456789X'[last];
      if (candidate === VALID_ID) continue;
      const kinds = scan(`号码${candidate}`).map((f) => f.kind);
      expect(kinds).not.toContain('id_card_number');
      expect(kinds).not.toContain('mobile_phone');
    }
  });

  it('a grouped card that is part of a longer grouped number is not found', () => {
    const grouped = CARD16.replace(/(\d{4})(?=\d)/g, '$1 ');
    expect(only(`${grouped} 1234`)).toEqual([]);
    expect(only(`1234 ${grouped}`)).toEqual([]);
  });
});

describe('scanText: precedence, order and offsets', () => {
  it('an 18-digit number that is a valid ID and Luhn-valid is reported once, as an ID', () => {
    let id = '';
    for (let seq = 0; seq < 1000 && !id; seq++) {
      const candidate = makeId(31, '0104', '19750612', String(seq).padStart(3, '0'));
      if (!candidate.endsWith('X') && isLuhnValid(candidate)) id = candidate;
    }
    expect(id).not.toBe('');
    expect(only(`号${id}号`).map((f) => f.kind)).toEqual(['id_card_number']);
  });

  it('an 18-digit Luhn-valid number that is not an ID is a bank card', () => {
    const card = luhnComplete('62284800382938475');
    expect(isValidResidentIdNumber(card, NOW)).toBe(false);
    expect(only(`卡号${card}`).map((f) => f.kind)).toEqual(['bank_card']);
  });

  it('an e-mail whose local part is a phone number is reported once, as the e-mail', () => {
    expect(only('邮箱13800138000@163.com')).toEqual([{ kind: 'email', matched: '13800138000@163.com', excerpt: '1***@163.com' }]);
  });

  it('secrecy and internal markings may both appear, and results are sorted by start', () => {
    const text = `【内部】\n秘密★1年\n手机13800138000，身份证${VALID_ID}，邮箱z@example.com，内部资料`;
    const findings = scan(text);
    expect(findings.map((f) => f.kind)).toEqual([
      'internal_marking',
      'secrecy_marking',
      'mobile_phone',
      'id_card_number',
      'email',
      'internal_marking',
    ]);
    const starts = findings.map((f) => f.start);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    for (const f of findings) expect(f.id).toBe(`${f.kind}:${f.start}-${f.end}`);
  });

  it('offsets are UTF-16 code units, also after surrogate pairs', () => {
    const text = '𠀀😀手机13800138000';
    const [f] = scan(text);
    expect(f.start).toBe(6);
    expect(text.slice(f.start, f.end)).toBe('13800138000');
  });

  it('severities follow the kind', () => {
    const text = `秘密★ 内部资料 ${VALID_ID} 13800138000 ${CARD16} a@b.cn`;
    const severity = Object.fromEntries(scan(text).map((f) => [f.kind, f.severity]));
    expect(severity).toEqual({
      secrecy_marking: 'high',
      internal_marking: 'medium',
      id_card_number: 'high',
      mobile_phone: 'high',
      bank_card: 'high',
      email: 'medium',
    });
  });

  it('is deterministic and returns [] for empty text', () => {
    const text = `秘密★ ${VALID_ID}`;
    expect(scan(text)).toEqual(scan(text));
    expect(scan('')).toEqual([]);
  });

  it('the default "today" is the current date', () => {
    const nextYear = new Date().getFullYear() + 1;
    const future = makeId(11, '0105', `${nextYear}0101`, '123');
    expect(scanText(`号码${future}`).map((f) => f.kind)).not.toContain('id_card_number');
    expect(scanText(`号码${VALID_ID}`).map((f) => f.kind)).toEqual(['id_card_number']);
  });

  it('normalisation keeps the length and maps full-width digits', () => {
    const text = '１２３Ｘ＋－＠＊　abc';
    const norm = normaliseForDetection(text);
    expect(norm).toBe('123X+-@* abc');
    expect(norm.length).toBe(text.length);
    expect(normaliseForDetection('no full-width')).toBe('no full-width');
  });
});

describe('scanText: excerpts', () => {
  it('masks personal numbers', () => {
    const card = CARD16.replace(/(\d{4})(?=\d)/g, '$1 ');
    const text = `身份证${VALID_ID} 手机13800138000 +86 138-0013-8000 卡${card} 卡${CARD16} 邮箱zhang.san@example.com`;
    expect(scan(text).map((f) => f.excerpt)).toEqual([
      '110*************2X',
      '138****8000',
      '+86 138-****-8000',
      `${CARD16.slice(0, 4)} **** **** ${CARD16.slice(12)}`,
      `${CARD16.slice(0, 4)}********${CARD16.slice(12)}`,
      'z***@example.com',
    ]);
  });

  it('a marking excerpt shows up to 10 characters on each side', () => {
    const text = '一二三四五六七八九十甲乙秘密★1年丙丁一二三四五六七八九十';
    const [f] = scan(text);
    expect(f.kind).toBe('secrecy_marking');
    expect(f.excerpt).toBe('三四五六七八九十甲乙秘密★1年丙丁一二三四五六七八');
    expect(MARKING_CONTEXT_CHARS).toBe(10);
  });

  it('masks personal data and long digit runs inside a marking context, and flattens line breaks', () => {
    const text = `身份证${VALID_ID}\n秘密★\n13800138000 流水1234567890123`;
    const marking = scan(text).find((f) => f.kind === 'secrecy_marking')!;
    expect(marking.excerpt).toBe('*******2X 秘密★ 138****80');
    const text2 = `编号12345678901234567890 内部资料 1234567`;
    const internal = scan(text2).find((f) => f.kind === 'internal_marking')!;
    expect(internal.excerpt).toBe('********* 内部资料 *******');
    const text3 = '日期2024年 内部资料 共123页';
    expect(scan(text3)[0].excerpt).toBe('日期2024年 内部资料 共123页');
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/** Filler that never touches a number: no digits, no X/x, no @, no separators that join groups. */
const SAFE_FILLER = fc.string({
  unit: fc.constantFrom(...'的是了中国政府信息公开关于通知办法规定，。、；：“”（）【】abcABC ,.;:\n\t𠀀😀'.match(/./gu)!),
  maxLength: 40,
});

const VALID_ID_ARB = fc
  .record({
    province: fc.constantFrom(...PROVINCES),
    region: fc.integer({ min: 0, max: 9999 }),
    day: fc.integer({ min: Date.UTC(1900, 0, 1) / 86400000, max: Date.UTC(2025, 5, 15) / 86400000 }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ province, region, day, seq }) => {
    const d = new Date(day * 86400000);
    const ymd = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
    return makeId(province, String(region).padStart(4, '0'), ymd, String(seq).padStart(3, '0'));
  });

const CARD_ARB = fc
  .record({
    first: fc.integer({ min: 1, max: 9 }),
    rest: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 14, maxLength: 17 }),
    format: fc.constantFrom('plain', 'spaces', 'dashes'),
  })
  .filter(({ first, rest }) => rest.some((d) => d !== first))
  .map(({ first, rest, format }) => {
    const digits = luhnComplete(`${first}${rest.join('')}`);
    const sep = format === 'spaces' ? ' ' : format === 'dashes' ? '-' : '';
    return { digits, text: sep ? digits.replace(/(\d{4})(?=\d)/g, `$1${sep}`) : digits };
  });

describe('scanText: properties', () => {
  it('a generated valid ID embedded anywhere is found at its exact offsets', () => {
    fc.assert(
      fc.property(SAFE_FILLER, VALID_ID_ARB, SAFE_FILLER, fc.boolean(), (before, id, after, fullWidth) => {
        const written = fullWidth ? toFullWidth(id) : id;
        const text = before + written + after;
        const hit = scan(text).filter((f) => f.kind === 'id_card_number');
        expect(hit).toHaveLength(1);
        expect(hit[0].start).toBe(before.length);
        expect(text.slice(hit[0].start, hit[0].end)).toBe(written);
        expect(hit[0].excerpt).toBe(maskExcerpt('id_card_number', written));
      }),
      { numRuns: 300 },
    );
  });

  it('a mutated check character is never reported as an ID', () => {
    fc.assert(
      fc.property(SAFE_FILLER, VALID_ID_ARB, fc.integer({ min: 1, max: 10 }), SAFE_FILLER, (before, id, shift, after) => {
        const chars = '0123456789X';
        const wrong = id.slice(0, 17) + chars[(chars.indexOf(id[17]) + shift) % 11];
        const kinds = scan(before + wrong + after).map((f) => f.kind);
        expect(kinds).not.toContain('id_card_number');
        expect(kinds).not.toContain('mobile_phone');
      }),
      { numRuns: 300 },
    );
  });

  it('a generated Luhn-valid card embedded anywhere is found at its exact offsets', () => {
    fc.assert(
      fc.property(SAFE_FILLER, CARD_ARB, SAFE_FILLER, (before, card, after) => {
        const text = `${before}卡${card.text}号${after}`;
        const start = before.length + 1;
        const hits = scan(text).filter((f) => f.start === start && f.end === start + card.text.length);
        expect(hits).toHaveLength(1);
        const expected = card.digits.length === 18 && isValidResidentIdNumber(card.digits, NOW) ? 'id_card_number' : 'bank_card';
        expect(hits[0].kind).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('a generated mobile number embedded anywhere is found at its exact offsets', () => {
    fc.assert(
      fc.property(
        SAFE_FILLER,
        fc.integer({ min: 3, max: 9 }),
        fc.integer({ min: 0, max: 999_999_999 }),
        fc.constantFrom('', ' ', '-'),
        fc.constantFrom('', '+86', '86 ', '+86-'),
        SAFE_FILLER,
        (before, second, rest, sep, prefix, after) => {
          const digits = `1${second}${String(rest).padStart(9, '0')}`;
          const written = prefix + digits.slice(0, 3) + sep + digits.slice(3, 7) + sep + digits.slice(7);
          const text = `${before}电话${written}。${after}`;
          const hit = scan(text).filter((f) => f.kind === 'mobile_phone');
          expect(hit).toHaveLength(1);
          expect(text.slice(hit[0].start, hit[0].end)).toBe(written);
        },
      ),
      { numRuns: 300 },
    );
  });

  /** Text that is hostile on purpose: digits of both widths, separators, markers, e-mail pieces. */
  const HOSTILE = fc.string({
    unit: fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...'0123456789') },
      { weight: 1, arbitrary: fc.constantFrom(...'０１２３４５６７８９Ｘ') },
      { weight: 2, arbitrary: fc.constantFrom(' ', '-', '+', '@', '.', 'x', 'X', 'a', 'z', '\n', '　', '＠') },
      { weight: 2, arbitrary: fc.constantFrom('内部', '资料', '注意保密', '秘密', '机密', '★', '☆', '*', '1年', '【', '】', '控制', '的', '𠀀') },
      { weight: 1, arbitrary: fc.constantFrom(VALID_ID, '13800138000', CARD16, 'zhang@example.com', '+86 ') },
    ),
    maxLength: 120,
  });

  it('every finding is well-formed: in range, sliceable, sorted, non-overlapping personal data, masked', () => {
    fc.assert(
      fc.property(HOSTILE, (text) => {
        const findings = scan(text);
        let lastStart = -1;
        let lastPersonalEnd = -1;
        for (const f of findings) {
          expect(f.start).toBeGreaterThanOrEqual(0);
          expect(f.end).toBeGreaterThan(f.start);
          expect(f.end).toBeLessThanOrEqual(text.length);
          expect(f.start).toBeGreaterThanOrEqual(lastStart);
          lastStart = f.start;
          expect(f.id).toBe(`${f.kind}:${f.start}-${f.end}`);
          const matched = text.slice(f.start, f.end);
          // The matched text, scanned on its own, is the same single finding.
          const alone = scan(matched);
          expect(alone.map((g) => [g.kind, g.start, g.end])).toEqual([[f.kind, 0, matched.length]]);
          if (f.kind === 'secrecy_marking' || f.kind === 'internal_marking') {
            expect(f.excerpt).toContain(matched);
          } else {
            expect(f.excerpt).toBe(maskExcerpt(f.kind, matched));
            expect(f.start).toBeGreaterThanOrEqual(lastPersonalEnd);
            lastPersonalEnd = f.end;
          }
          expect(f.excerpt).not.toMatch(/[0-9０-９]{11,}/);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a number written against an e-mail address is part of its domain, and masked in the excerpt', () => {
    const text = 'zhang@example.com11010519491231002X.zhang@example.com';
    const findings = scan(text);
    expect(findings.map((f) => f.kind)).toEqual(['email']);
    expect(findings[0].excerpt).toBe(`z***@example.com${'*'.repeat(17)}X.zhang`);
    for (const f of scan(`秘密★1年 ${text}`)) expect(f.excerpt).not.toMatch(/[0-9０-９]{7,}/);
  });

  it('excerpts never contain 11 or more consecutive digits, even next to markings', () => {
    const digitRun = fc.string({ unit: fc.constantFrom(...'0123456789１'), minLength: 5, maxLength: 30 });
    fc.assert(
      fc.property(digitRun, fc.constantFrom('秘密★', '【内部】', '内部资料', '注意保密', '\n内部\n'), digitRun, (a, marking, b) => {
        for (const f of scan(a + marking + b)) expect(f.excerpt).not.toMatch(/[0-9０-９]{11,}/);
      }),
      { numRuns: 500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Speed
// ---------------------------------------------------------------------------------------------

describe('scanText: speed', () => {
  function mixedText(units: number): string {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const prose = [
      '为进一步加强和规范政府信息公开工作，根据有关规定，结合本区实际，制定本办法。',
      '加强内部控制和内部审计，完善内部管理制度，提高财政资金使用效益。',
      '全年完成固定资产投资１２３.４５亿元，同比增长6.8%，文号朝政发〔2019〕3号。',
      'The district published 35,520 items and handled 2,493 applications in 2019.\n',
    ];
    const extras = [`身份证${VALID_ID}，`, '手机13800138000，', `卡号${CARD16}；`, 'zhang@example.com ', '秘密★1年\n', '【内部】', '流水号123456789012345678901234，'];
    const parts: string[] = [];
    let n = 0;
    while (n < units) {
      const piece = rand() < 0.1 ? extras[Math.floor(rand() * extras.length)] : prose[Math.floor(rand() * prose.length)];
      parts.push(piece);
      n += piece.length;
    }
    return parts.join('');
  }

  // Speed is measured in bench/assessment-scan.bench.ts, not asserted here.
  it('scans 1 MB of mixed Chinese text with the same result every time', () => {
    const text = mixedText(1024 * 1024);
    const expected = scan(text);
    expect(expected.length).toBeGreaterThan(1000);
    expect(scan(text)).toEqual(expected);
  });

  it('finishes on pathological input', () => {
    const inputs = ['1'.repeat(1 << 20), '1234 '.repeat(1 << 18), 'a.'.repeat(1 << 19) + '@', 'a@' + 'b.'.repeat(1 << 19), '内部'.repeat(1 << 19), ' '.repeat(1 << 20) + '内部'];
    for (const text of inputs) expect(Array.isArray(scan(text))).toBe(true);
  });
});
