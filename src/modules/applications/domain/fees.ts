/**
 * Information processing fees (Art. 42), per the 政府信息公开信息处理费管理办法
 * (国办函〔2020〕109号). An agency charges EITHER per application OR per volume for a given
 * application, never both; the method is an input here.
 *
 * Per application (按件计收), counted per applicant per calendar month:
 *   applications 1–10 free; 11–30: ¥100 each; from the 31st, bands of 10 applications, each band
 *   ¥100 per application dearer than the one before (31–40 ¥200, 41–50 ¥300, 51–60 ¥400, …).
 *   computeFee() returns the fee due for THIS application, given that it is the
 *   `applicationsThisMonth`-th application of the applicant in the calendar month (counting
 *   this one). The month's running total is perApplicationMonthTotal().
 *
 * Per volume (按量计收), pages of one application, marginal bands:
 *   pages 1–30 free; 31–100 ¥10/page; 101–200 ¥20/page; over 200 ¥40/page.
 *
 * Amounts are whole yuan.
 */

export type FeeMethod = 'per_application' | 'per_volume';

type FeeInput =
  | { method: 'per_application'; applicationsThisMonth: number }
  | { method: 'per_volume'; pages: number };

export interface FeeBand {
  /** '1–30', '31–100', '11–30', '31–40', 'over 200' … (applications or pages). */
  band: string;
  /** Applications or pages charged in this band. */
  count: number;
  unitYuan: number;
  subtotal: number;
}

interface FeeResult {
  method: FeeMethod;
  amountYuan: number;
  breakdown: FeeBand[];
}

export const FREE_APPLICATIONS_PER_MONTH = 10;
export const FREE_PAGES = 30;

const VOLUME_BANDS: readonly { from: number; to: number; unitYuan: number; label: string }[] = [
  { from: 1, to: 30, unitYuan: 0, label: '1–30' },
  { from: 31, to: 100, unitYuan: 10, label: '31–100' },
  { from: 101, to: 200, unitYuan: 20, label: '101–200' },
  { from: 201, to: Number.POSITIVE_INFINITY, unitYuan: 40, label: 'over 200' },
];

function assertCount(n: number, what: string, min: number): void {
  if (!Number.isSafeInteger(n) || n < min) throw new RangeError(`${what} must be an integer ≥ ${min}, got ${n}`);
}

/** The band (label and unit price) of the n-th application of an applicant in a month. */
export function perApplicationBand(nth: number): { band: string; unitYuan: number } {
  assertCount(nth, 'applicationsThisMonth', 1);
  if (nth <= 10) return { band: '1–10', unitYuan: 0 };
  if (nth <= 30) return { band: '11–30', unitYuan: 100 };
  const k = Math.ceil((nth - 30) / 10); // 31–40 → 1, 41–50 → 2, …
  const from = 30 + (k - 1) * 10 + 1;
  return { band: `${from}–${from + 9}`, unitYuan: 100 + 100 * k };
}

/** Total fees of an applicant's first n applications in a calendar month. */
export function perApplicationMonthTotal(n: number): number {
  assertCount(n, 'applications', 0);
  let total = 0;
  for (let i = 1; i <= n; i++) total += perApplicationBand(i).unitYuan;
  return total;
}

export function computeFee(input: FeeInput): FeeResult {
  if (input.method === 'per_application') {
    const { band, unitYuan } = perApplicationBand(input.applicationsThisMonth);
    return {
      method: 'per_application',
      amountYuan: unitYuan,
      breakdown: [{ band, count: 1, unitYuan, subtotal: unitYuan }],
    };
  }
  if (input.method === 'per_volume') {
    assertCount(input.pages, 'pages', 0);
    const breakdown: FeeBand[] = [];
    for (const b of VOLUME_BANDS) {
      if (input.pages < b.from) break;
      const count = Math.min(input.pages, b.to) - b.from + 1;
      breakdown.push({ band: b.label, count, unitYuan: b.unitYuan, subtotal: count * b.unitYuan });
    }
    return {
      method: 'per_volume',
      amountYuan: breakdown.reduce((s, b) => s + b.subtotal, 0),
      breakdown,
    };
  }
  throw new RangeError(`unknown fee method ${(input as { method: unknown }).method}`);
}
