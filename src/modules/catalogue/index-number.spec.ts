import { UNIT_CODE_PATTERN } from '../identity/unit-code.js';
import { formatIndexNo, isIndexNo, parseIndexNo } from './index-number.js';

describe('index numbers', () => {
  it('format and parse are inverse', () => {
    expect(formatIndexNo('FGW', 2019, 17)).toBe('FGW-2019-000017');
    expect(parseIndexNo('FGW-2019-000017')).toEqual({ unitCode: 'FGW', year: 2019, serial: 17 });
    expect(parseIndexNo('ZF-BGS-2026-123456')).toEqual({ unitCode: 'ZF-BGS', year: 2026, serial: 123456 });
  });

  it('refuses what is not <unit code>-<year>-<6-digit serial>', () => {
    for (const s of ['FGW-2019-17', 'fgw-2019-000017', 'F-2019-000017', 'FGW-19-000017', 'FGW-2019-0000170', ' FGW-2019-000017', `${'A'.repeat(21)}-2019-000017`]) {
      expect(isIndexNo(s)).toBe(false);
      expect(parseIndexNo(s)).toBeNull();
    }
  });

  it('unit codes: 2–20 characters of A–Z, 0–9 and -', () => {
    expect(['FGW', 'ZF-BGS', 'A1', 'A'.repeat(20)].every((c) => UNIT_CODE_PATTERN.test(c))).toBe(true);
    expect(['F', 'fgw', 'FG W', 'A'.repeat(21), 'FGW_1'].some((c) => UNIT_CODE_PATTERN.test(c))).toBe(false);
  });
});
