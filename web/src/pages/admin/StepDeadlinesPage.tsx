/**
 * The time limit of each review step in working days (administrator): GET/PUT
 * /api/v1/settings/step-deadlines. Documents in review get their new due dates at once.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, InputNumber } from 'antd';
import { useEffect, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { ErrorAlert, Field, Loading, PageTitle } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import { STEP_DEADLINE_STATES, type StepDeadlines } from '../../lib/review-chain';

export function StepDeadlinesPage() {
  const { t, tv } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const current = useQuery({ queryKey: ['settings', 'step-deadlines'], queryFn: () => unwrap(api.GET('/api/v1/settings/step-deadlines')) });
  const [form, setForm] = useState<Partial<Record<keyof StepDeadlines, number | null>>>({});
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<keyof StepDeadlines | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (current.data) setForm(current.data);
  }, [current.data]);

  if (current.isPending) return <Loading />;
  if (current.isError) return <ErrorAlert error={current.error} />;

  const save = async () => {
    setError(null);
    const bad = STEP_DEADLINE_STATES.find((s) => {
      const v = form[s];
      return typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 60;
    });
    setProblem(bad ?? null);
    if (bad) {
      document.getElementById(`deadline-${bad}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const body = Object.fromEntries(STEP_DEADLINE_STATES.map((s) => [s, form[s]])) as StepDeadlines;
      const saved = await unwrap(api.PUT('/api/v1/settings/step-deadlines', { body }));
      queryClient.setQueryData(['settings', 'step-deadlines'], saved);
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['tasks'] }), queryClient.invalidateQueries({ queryKey: ['supervision'] })]);
      message.success(t('deadlines.saved'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <PageTitle>{t('deadlines.title')}</PageTitle>
      <p className="gk-intro">{t('deadlines.intro')}</p>
      <section className="gk-panel" aria-labelledby="deadlines-form-title" data-testid="step-deadlines">
        <h2 id="deadlines-form-title" className="gk-panel-title">
          {t('deadlines.limits')}
        </h2>
        {error ? (
          <div className="gk-gap">
            <ErrorAlert error={error} onClose={() => setError(null)} />
          </div>
        ) : null}
        <div className="gk-deadlines-grid">
          {STEP_DEADLINE_STATES.map((s) => (
            <Field key={s} id={`deadline-${s}`} label={tv('state', s)}>
              <InputNumber<number>
                id={`deadline-${s}`}
                precision={0}
                value={form[s] ?? null}
                status={problem === s ? 'error' : undefined}
                onChange={(v) => {
                  setForm({ ...form, [s]: v });
                  if (problem === s) setProblem(null);
                }}
                suffix={t('deadlines.workingDays')}
                style={{ width: '100%' }}
                aria-describedby={problem === s ? 'deadlines-problem' : undefined}
              />
            </Field>
          ))}
        </div>
        {problem ? (
          <p id="deadlines-problem" className="gk-problem" role="alert">
            {t('deadlines.range')}
          </p>
        ) : null}
        <Button type="primary" onClick={() => void save()} loading={busy} data-testid="deadlines-save">
          {t('common.save')}
        </Button>
      </section>
    </div>
  );
}
