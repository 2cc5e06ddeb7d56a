/**
 * The administrator's rubric: each metric's weight (GET/PUT /api/v1/performance/rubric, If-Match
 * with the version read). A conflict (412) shows the message and loads the current rubric; the
 * weights typed stay until then.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, InputNumber, Space } from 'antd';
import { useEffect, useState } from 'react';
import { api, ifMatch, unwrap, type Schemas } from '../../api/client';
import { ErrorAlert, Field, Loading } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

type Key = Schemas['PerformanceRubricWeight']['key'];

/** Each weighed metric, and whether more of it is better. */
const KEYS: [Key, 'higher' | 'lower'][] = [
  ['documentsPublished', 'higher'],
  ['medianWorkingDaysToPublish', 'lower'],
  ['proactiveShare', 'higher'],
  ['onTimeShare', 'higher'],
  ['overdue', 'lower'],
  ['stepsOverdue', 'lower'],
  ['correctedOnAppeal', 'lower'],
  ['complaintsSubstantiated', 'lower'],
  ['guideFreshness', 'higher'],
];
const DEFAULTS: Record<Key, number> = {
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

export function RubricEditor() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const current = useQuery({ queryKey: ['performance-rubric'], queryFn: () => unwrap(api.GET('/api/v1/performance/rubric')) });
  const [form, setForm] = useState<Partial<Record<Key, number | null>>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (current.data) setForm(Object.fromEntries(current.data.rubric.map((r) => [r.key, r.weight])));
  }, [current.data]);

  if (current.isPending) return <Loading />;
  if (current.isError) return <ErrorAlert error={current.error} />;
  const allZero = KEYS.every(([k]) => !form[k]);

  const save = async () => {
    setError(null);
    setBusy(true);
    try {
      const rubric = KEYS.map(([key]) => ({ key, weight: form[key] ?? 0 }));
      const saved = await unwrap(api.PUT('/api/v1/performance/rubric', { body: { rubric }, headers: { 'If-Match': ifMatch(current.data.version) } }));
      queryClient.setQueryData(['performance-rubric'], saved);
      await queryClient.invalidateQueries({ queryKey: ['performance'] });
      message.success(t('perf.rubric.saved', { version: saved.version }));
    } catch (e) {
      setError(e);
      await queryClient.invalidateQueries({ queryKey: ['performance-rubric'] });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="gk-panel" aria-labelledby="rubric-title" data-testid="performance-rubric">
      <h2 id="rubric-title" className="gk-panel-title">
        {t('perf.rubric.title')} <span className="gk-muted gk-performance-version">{t('perf.rubric.current', { version: current.data.version })}</span>
      </h2>
      <p className="gk-intro">{t('perf.rubric.intro')}</p>
      {error ? (
        <div className="gk-gap">
          <ErrorAlert error={error} onClose={() => setError(null)} />
        </div>
      ) : null}
      <div className="gk-performance-rubric">
        {KEYS.map(([k, better]) => (
          <Field key={k} id={`rubric-${k}`} label={t('perf.rubric.label', { metric: t(`perf.metric.${k}` as MessageKey), better: t(better === 'higher' ? 'perf.rubric.higher' : 'perf.rubric.lower') })}>
            <InputNumber<number> id={`rubric-${k}`} min={0} max={1000} precision={0} value={form[k] ?? null} onChange={(v) => setForm({ ...form, [k]: v })} style={{ width: '100%' }} />
          </Field>
        ))}
      </div>
      {allZero ? <p className="gk-performance-warning">{t('perf.rubric.allZero')}</p> : null}
      <Space wrap>
        <Button type="primary" loading={busy} disabled={allZero} onClick={() => void save()} data-testid="rubric-save">
          {t('perf.rubric.save')}
        </Button>
        <Button onClick={() => setForm({ ...DEFAULTS })}>{t('perf.rubric.defaults')}</Button>
      </Space>
    </section>
  );
}
