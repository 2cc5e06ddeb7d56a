import fc from 'fast-check';
import { computeFee, perApplicationBand, perApplicationMonthTotal } from './fees.js';

describe('per-application fee (fee of the n-th application of the month)', () => {
  it.each([
    [1, 0, '1–10'],
    [10, 0, '1–10'],
    [11, 100, '11–30'],
    [30, 100, '11–30'],
    [31, 200, '31–40'],
    [40, 200, '31–40'],
    [41, 300, '41–50'],
    [50, 300, '41–50'],
    [51, 400, '51–60'],
    [100, 800, '91–100'],
    [101, 900, '101–110'],
  ])('application #%i costs ¥%i (band %s)', (n, yuan, band) => {
    expect(computeFee({ method: 'per_application', applicationsThisMonth: n })).toEqual({
      method: 'per_application',
      amountYuan: yuan,
      breakdown: [{ band, count: 1, unitYuan: yuan, subtotal: yuan }],
    });
  });

  it('month totals', () => {
    expect(perApplicationMonthTotal(0)).toBe(0);
    expect(perApplicationMonthTotal(10)).toBe(0);
    expect(perApplicationMonthTotal(30)).toBe(2000);
    expect(perApplicationMonthTotal(40)).toBe(4000);
    expect(perApplicationMonthTotal(45)).toBe(5500);
  });

  it('each band of 10 beyond 30 costs ¥100 more per application than the previous one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 31, max: 10_000 }), (n) => {
        const here = perApplicationBand(n).unitYuan;
        if ((n - 30) % 10 === 1 && n > 31) expect(here - perApplicationBand(n - 1).unitYuan).toBe(100);
        else if (n > 31) expect(here).toBe(perApplicationBand(n - 1).unitYuan);
      }),
    );
  });

  it('rejects nonsense', () => {
    expect(() => computeFee({ method: 'per_application', applicationsThisMonth: 0 })).toThrow(RangeError);
    expect(() => computeFee({ method: 'per_application', applicationsThisMonth: 2.5 })).toThrow(RangeError);
  });
});

describe('per-volume fee (pages of one application, marginal bands)', () => {
  it.each([
    [0, 0],
    [1, 0],
    [30, 0],
    [31, 10],
    [100, 700],
    [101, 720],
    [200, 2700],
    [201, 2740],
    [250, 4700],
  ])('%i pages cost ¥%i', (pages, yuan) => {
    expect(computeFee({ method: 'per_volume', pages }).amountYuan).toBe(yuan);
  });

  it('itemises the bands', () => {
    expect(computeFee({ method: 'per_volume', pages: 250 }).breakdown).toEqual([
      { band: '1–30', count: 30, unitYuan: 0, subtotal: 0 },
      { band: '31–100', count: 70, unitYuan: 10, subtotal: 700 },
      { band: '101–200', count: 100, unitYuan: 20, subtotal: 2000 },
      { band: 'over 200', count: 50, unitYuan: 40, subtotal: 2000 },
    ]);
    expect(computeFee({ method: 'per_volume', pages: 0 }).breakdown).toEqual([]);
  });

  it('breakdown counts add up to the pages and subtotals to the amount; fees never decrease', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), (pages) => {
        const f = computeFee({ method: 'per_volume', pages });
        expect(f.breakdown.reduce((s, b) => s + b.count, 0)).toBe(pages);
        expect(f.breakdown.reduce((s, b) => s + b.subtotal, 0)).toBe(f.amountYuan);
        expect(computeFee({ method: 'per_volume', pages: pages + 1 }).amountYuan).toBeGreaterThanOrEqual(f.amountYuan);
      }),
    );
  });

  it('rejects nonsense', () => {
    expect(() => computeFee({ method: 'per_volume', pages: -1 })).toThrow(RangeError);
    expect(() => computeFee({ method: 'both' } as never)).toThrow(RangeError);
  });
});
