import { DEFAULT_WEIGHTS, RUBRIC_KEYS, RubricError, assess, checkRubric, competitionRanks, normalise, scoreOf, share, weightedMedian, type UnitMetrics, type Weights } from './metrics.js';

const unit = (over: Partial<UnitMetrics> = {}): UnitMetrics => ({
  documentsPublished: 0,
  medianWorkingDaysToPublish: null,
  documentsDecided: 0,
  proactiveShare: null,
  applicationsReceived: 0,
  applicationsReplied: 0,
  repliedOnTime: 0,
  onTimeShare: null,
  overdue: 0,
  stepsOverdue: 0,
  correctedOnAppeal: 0,
  complaintsSubstantiated: 0,
  guideUpdatedAt: null,
  guideFreshness: 0,
  ...over,
});
const only = (w: Partial<Weights>): Weights => ({ ...(Object.fromEntries(RUBRIC_KEYS.map((k) => [k, 0])) as Weights), ...w });

describe('weightedMedian', () => {
  it('is the middle value, or the mean of the two middle values', () => {
    expect(weightedMedian([])).toBeNull();
    expect(weightedMedian([{ value: 7, count: 1 }])).toBe(7);
    expect(weightedMedian([{ value: 4, count: 1 }, { value: 5, count: 1 }])).toBe(4.5);
    // 1 1 1 9 → (1 + 1) / 2
    expect(weightedMedian([{ value: 9, count: 1 }, { value: 1, count: 3 }])).toBe(1);
    // 2 3 3 10 10 → 3
    expect(weightedMedian([{ value: 10, count: 2 }, { value: 3, count: 2 }, { value: 2, count: 1 }])).toBe(3);
    expect(weightedMedian([{ value: 3, count: 0 }])).toBeNull();
  });
});

describe('normalise', () => {
  it('scales counts min–max (lower-is-better inverted), keeps shares, leaves out the missing', () => {
    const n = normalise([
      unit({ documentsPublished: 10, overdue: 4, medianWorkingDaysToPublish: 6, onTimeShare: 0.9, guideFreshness: 0.5 }),
      unit({ documentsPublished: 0, overdue: 0, medianWorkingDaysToPublish: 2, onTimeShare: null }),
      unit({ documentsPublished: 5, overdue: 1 }),
    ]);
    expect(n.map((x) => x.documentsPublished)).toEqual([1, 0, 0.5]);
    expect(n.map((x) => x.overdue)).toEqual([0, 1, 0.75]);
    expect(n.map((x) => x.medianWorkingDaysToPublish)).toEqual([0, 1, null]);
    expect(n.map((x) => x.onTimeShare)).toEqual([0.9, null, null]);
    expect(n.map((x) => x.guideFreshness)).toEqual([0.5, 0, 0]);
  });

  it('gives every unit 1 when all have the same value', () => {
    expect(normalise([unit({ stepsOverdue: 3 }), unit({ stepsOverdue: 3 })]).map((x) => x.stepsOverdue)).toEqual([1, 1]);
    expect(normalise([unit()]).map((x) => x.documentsPublished)).toEqual([1]);
  });
});

describe('score and rank', () => {
  it('weighs the metrics with a value: Σ w·n / Σ w × 100', () => {
    const n = { ...normalise([unit()])[0], documentsPublished: 0.5, onTimeShare: null, overdue: 1 };
    // (2·0.5 + 1·1) / 3 × 100; onTimeShare has no value and drops out with its weight
    expect(scoreOf(n, only({ documentsPublished: 2, overdue: 1, onTimeShare: 5 }))).toBe(66.67);
    expect(scoreOf(n, only({ onTimeShare: 5 }))).toBeNull();
  });

  it('ranks by score, equal scores share a rank, the next one skips; no score, no rank', () => {
    expect(competitionRanks([70, 90, 70, null, 50])).toEqual([2, 1, 2, null, 4]);
    expect(competitionRanks([])).toEqual([]);
  });

  it('assess: a unit better on every metric ranks first under any rubric', () => {
    const good = unit({ documentsPublished: 9, medianWorkingDaysToPublish: 3, proactiveShare: 1, onTimeShare: 1, guideFreshness: 1 });
    const bad = unit({ documentsPublished: 1, medianWorkingDaysToPublish: 12, proactiveShare: 0.2, onTimeShare: 0.5, overdue: 3, stepsOverdue: 2, correctedOnAppeal: 1, complaintsSubstantiated: 1 });
    for (const w of [DEFAULT_WEIGHTS, only({ overdue: 1 }), only({ guideFreshness: 7, proactiveShare: 1 })]) {
      const [g, b] = assess([good, bad], w);
      expect([g.rank, b.rank]).toEqual([1, 2]);
      expect(g.score).toBe(100);
    }
  });
});

describe('checkRubric', () => {
  it('takes known metrics once each, whole weights 0–1000, not all zero; the rest weigh 0', () => {
    expect(checkRubric([{ key: 'overdue', weight: 3 }])).toEqual(only({ overdue: 3 }));
    expect(checkRubric(RUBRIC_KEYS.map((key) => ({ key, weight: DEFAULT_WEIGHTS[key] })))).toEqual(DEFAULT_WEIGHTS);
    for (const bad of [
      [{ key: 'nope', weight: 1 }],
      [{ key: 'overdue', weight: -1 }],
      [{ key: 'overdue', weight: 1.5 }],
      [{ key: 'overdue', weight: 1001 }],
      [{ key: 'overdue', weight: 0 }],
      [],
      [{ key: 'overdue', weight: 1 }, { key: 'overdue', weight: 1 }],
    ]) {
      expect(() => checkRubric(bad)).toThrow(RubricError);
    }
  });

  it('the default rubric weighs every metric and sums to 100', () => {
    expect(Object.keys(DEFAULT_WEIGHTS)).toEqual([...RUBRIC_KEYS]);
    expect(Object.values(DEFAULT_WEIGHTS).reduce((s, w) => s + w, 0)).toBe(100);
  });
});

describe('share', () => {
  it('is part / whole with four decimals, null of nothing', () => {
    expect(share(2, 3)).toBe(0.6667);
    expect(share(0, 0)).toBeNull();
  });
});
