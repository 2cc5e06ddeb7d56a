/**
 * The performance assessment of units (绩效考核, Art. 46): what each metric counts, how the
 * metrics become a score under the administrator's rubric, and the rank. Pure: no framework, no
 * I/O; the counting of the year's records is in figures.ts, the SQL in performance.repository.ts.
 *
 * Every metric is of one unit and one year Y (China time, [1 January Y, 1 January Y+1)); "as of"
 * is the end of the year, or now while the year runs.
 *
 * | metric | counts | better |
 * | --- | --- | --- |
 * | documentsPublished | catalogue entries of the unit published in Y and not revoked (as the annual report counts them, historic entries included) | higher |
 * | medianWorkingDaysToPublish | of those entries that came through the review chain, the median of the working days from the document's first `submit` to its publication: the submission day not counted, the publication day counted, on the applications' working-day calendar (a submission before 1 January of Y − 3 counts from that day); null without such entries | lower |
 * | documentsDecided | the unit's documents whose leader sign-off (the last one, after an Art. 18 re-assessment) fell in Y | — |
 * | proactiveShare | of those, the share whose public attribute is `proactive`; null when none was decided | higher |
 * | applicationsReceived | applications handled by the unit (`applications.unit_id`) received in Y | — |
 * | applicationsReplied | … replied in Y | — |
 * | repliedOnTime | of those, replied by their due date (or with no running clock: stopped for a correction) | — |
 * | onTimeShare | repliedOnTime / applicationsReplied; null when none was replied | higher |
 * | overdue | the unit's applications whose due date fell in Y (before "as of") and that were not replied by it, replied late or still open | lower |
 * | stepsOverdue | review steps of the unit's documents (secrecy review, attribute review, leader sign-off, re-assessment) whose due date — the step's time limit in working days (the current settings) after the day the document entered it — fell in Y before "as of", and that the document had not left by then | lower |
 * | correctedOnAppeal | reconsiderations and lawsuits about the unit's applications concluded in Y with the result `corrected` | lower |
 * | complaintsSubstantiated | complaints and reports (投诉举报) concerning the unit replied in Y with the finding `substantiated` or `partly_substantiated` | lower |
 * | guideUpdatedAt | when the unit's disclosure guide (its profile) was last updated before "as of"; null without one | — |
 * | guideFreshness | 1 − (days from that update to "as of") / 365, at least 0; 0 without a guide (a guide is stale after 365 days) | higher |
 *
 * Normalisation to 0..1 (so that no metric's scale outweighs another's):
 * - shares (proactiveShare, onTimeShare) and guideFreshness are already 0..1 and are taken as they
 *   are: an absolute standard, the same whatever the other units do;
 * - counts and durations are scaled min–max across the units that have a value: (v − min) /
 *   (max − min), or (max − v) / (max − min) when lower is better; when every unit has the same
 *   value, every unit gets 1 (none is behind another).
 * A metric without a value for a unit (null) is left out of that unit's score, with its weight.
 *
 * score = Σ weight · normalised / Σ weight × 100 over the unit's metrics with a value, rounded to
 * two decimals (null when no weighted metric has a value). rank: by score, highest first, units
 * with the same (rounded) score share a rank and the next rank skips (competition ranking,
 * 1, 2, 2, 4); a unit without a score has no rank.
 */

/** The metrics a rubric weighs, in the order the assessment lists them. */
export const RUBRIC_KEYS = [
  'documentsPublished',
  'medianWorkingDaysToPublish',
  'proactiveShare',
  'onTimeShare',
  'overdue',
  'stepsOverdue',
  'correctedOnAppeal',
  'complaintsSubstantiated',
  'guideFreshness',
] as const;
export type RubricKey = (typeof RUBRIC_KEYS)[number];

export type Weights = Record<RubricKey, number>;

/** The rubric of migrations/1765100000000-PerformanceRubric.ts (version 1). */
export const DEFAULT_WEIGHTS: Readonly<Weights> = {
  documentsPublished: 15,
  medianWorkingDaysToPublish: 10,
  proactiveShare: 15,
  onTimeShare: 15,
  overdue: 10,
  stepsOverdue: 10,
  correctedOnAppeal: 10,
  complaintsSubstantiated: 10,
  guideFreshness: 5,
};

/** The largest weight (the database checks it too). */
export const MAX_WEIGHT = 1000;

export interface MetricRule {
  better: 'higher' | 'lower';
  /** `absolute`: already 0..1, taken as it is; `relative`: min–max across the units. */
  scale: 'absolute' | 'relative';
}

export const METRIC_RULES: Readonly<Record<RubricKey, MetricRule>> = {
  documentsPublished: { better: 'higher', scale: 'relative' },
  medianWorkingDaysToPublish: { better: 'lower', scale: 'relative' },
  proactiveShare: { better: 'higher', scale: 'absolute' },
  onTimeShare: { better: 'higher', scale: 'absolute' },
  overdue: { better: 'lower', scale: 'relative' },
  stepsOverdue: { better: 'lower', scale: 'relative' },
  correctedOnAppeal: { better: 'lower', scale: 'relative' },
  complaintsSubstantiated: { better: 'lower', scale: 'relative' },
  guideFreshness: { better: 'higher', scale: 'absolute' },
};

/** One unit's metrics for the year (the table above). */
export interface UnitMetrics {
  documentsPublished: number;
  medianWorkingDaysToPublish: number | null;
  documentsDecided: number;
  proactiveShare: number | null;
  applicationsReceived: number;
  applicationsReplied: number;
  repliedOnTime: number;
  onTimeShare: number | null;
  overdue: number;
  stepsOverdue: number;
  correctedOnAppeal: number;
  complaintsSubstantiated: number;
  guideUpdatedAt: Date | null;
  guideFreshness: number;
}

export type Normalised = Record<RubricKey, number | null>;

export interface Scored {
  normalised: Normalised;
  /** 0..100, two decimals; null when none of the weighted metrics has a value. */
  score: number | null;
  rank: number | null;
}

/** A refused rubric: the message names the key or the rule. */
export class RubricError extends Error {}

/**
 * The weights of a rubric given as a list of {key, weight}: every key known and given once, every
 * weight a whole number from 0 to MAX_WEIGHT, not all 0. Keys left out weigh 0.
 */
export function checkRubric(entries: readonly { key: string; weight: number }[]): Weights {
  const out = Object.fromEntries(RUBRIC_KEYS.map((k) => [k, 0])) as Weights;
  const seen = new Set<string>();
  for (const { key, weight } of entries) {
    if (!(RUBRIC_KEYS as readonly string[]).includes(key)) throw new RubricError(`unknown metric: ${key} (known: ${RUBRIC_KEYS.join(', ')})`);
    if (seen.has(key)) throw new RubricError(`${key} is given twice`);
    seen.add(key);
    if (!Number.isInteger(weight) || weight < 0 || weight > MAX_WEIGHT) throw new RubricError(`the weight of ${key} must be a whole number from 0 to ${MAX_WEIGHT}`);
    out[key as RubricKey] = weight;
  }
  if (RUBRIC_KEYS.every((k) => out[k] === 0)) throw new RubricError('at least one weight must be more than 0');
  return out;
}

/** The value a metric is scored on. */
function valueOf(m: UnitMetrics, key: RubricKey): number | null {
  return m[key];
}

/** Each unit's metrics scaled to 0..1 as the header says, in the order given. */
export function normalise(units: readonly UnitMetrics[]): Normalised[] {
  const out: Normalised[] = units.map(() => ({}) as Normalised);
  for (const key of RUBRIC_KEYS) {
    const rule = METRIC_RULES[key];
    const values = units.map((u) => valueOf(u, key));
    const present = values.filter((v): v is number => v !== null);
    const min = Math.min(...present);
    const max = Math.max(...present);
    values.forEach((v, i) => {
      if (v === null) out[i][key] = null;
      else if (rule.scale === 'absolute') out[i][key] = Math.min(1, Math.max(0, v));
      else if (max === min) out[i][key] = 1;
      else out[i][key] = rule.better === 'higher' ? (v - min) / (max - min) : (max - v) / (max - min);
    });
  }
  return out;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Σ weight · normalised / Σ weight × 100 over the metrics with a value; null when their weights sum to 0. */
export function scoreOf(n: Normalised, weights: Weights): number | null {
  let sum = 0;
  let total = 0;
  for (const key of RUBRIC_KEYS) {
    const v = n[key];
    if (v === null || weights[key] === 0) continue;
    sum += weights[key] * v;
    total += weights[key];
  }
  return total === 0 ? null : round((sum / total) * 100, 2);
}

/** Competition ranking ("1224") of the scores, highest first; null scores get no rank. */
export function competitionRanks(scores: readonly (number | null)[]): (number | null)[] {
  // A score's rank is 1 + the number of higher scores: its first place in the scores sorted highest first.
  const sorted = scores.filter((s): s is number => s !== null).sort((a, b) => b - a);
  const first = new Map<number, number>();
  sorted.forEach((s, i) => {
    if (!first.has(s)) first.set(s, i + 1);
  });
  return scores.map((s) => (s === null ? null : first.get(s)!));
}

/** Normalised metrics, score and rank of every unit, in the order given. */
export function assess(units: readonly UnitMetrics[], weights: Weights): Scored[] {
  const normalised = normalise(units);
  const scores = normalised.map((n) => scoreOf(n, weights));
  const ranks = competitionRanks(scores);
  return normalised.map((n, i) => ({
    normalised: Object.fromEntries(RUBRIC_KEYS.map((k) => [k, n[k] === null ? null : round(n[k]!, 4)])) as Normalised,
    score: scores[i],
    rank: ranks[i],
  }));
}

/**
 * The median of values given with their counts ({value, count} groups): the middle value, or the
 * mean of the two middle values for an even total; null when there is none.
 */
export function weightedMedian(groups: Iterable<{ value: number; count: number }>): number | null {
  const sorted = [...groups].filter((g) => g.count > 0).sort((a, b) => a.value - b.value);
  const n = sorted.reduce((s, g) => s + g.count, 0);
  if (n === 0) return null;
  const at = (k: number) => {
    // The k-th value (0-based) of the expanded list.
    let seen = 0;
    for (const g of sorted) {
      seen += g.count;
      if (k < seen) return g.value;
    }
    return sorted[sorted.length - 1].value;
  };
  return n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
}

/** A share of a whole, four decimals; null when the whole is 0. */
export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : round(part / whole, 4);
}
