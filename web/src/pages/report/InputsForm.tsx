/** The figures the service cannot count itself (licensing, penalties, fees, …), entered by the office. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, InputNumber } from 'antd';
import { useState } from 'react';
import { api, ifMatch, unwrap } from '../../api/client';
import { isStatus } from '../../api/errors';
import { ErrorAlert, Loading } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { clearDraft, loadDraft, saveDraft } from '../../lib/draft-storage';
import type { Inputs } from './types';

const INPUT_GROUPS_2021: { key: keyof Inputs; fields: string[] }[] = [
  { key: 'licensing', fields: ['decisions'] },
  { key: 'penalty', fields: ['decisions'] },
  { key: 'coercion', fields: ['decisions'] },
  { key: 'fees', fields: ['amount'] },
];
const INPUT_GROUPS_2019: { key: keyof Inputs; fields: string[] }[] = [
  { key: 'licensing', fields: ['lastYearItems', 'change', 'decisions'] },
  { key: 'otherServices', fields: ['lastYearItems', 'change', 'decisions'] },
  { key: 'penalty', fields: ['lastYearItems', 'change', 'decisions'] },
  { key: 'coercion', fields: ['lastYearItems', 'change', 'decisions'] },
  { key: 'fees', fields: ['lastYearItems', 'change'] },
  { key: 'procurement', fields: ['items', 'amount'] },
];

export function InputsForm({ year, unit, template }: { year: number; unit?: string; template: '2019' | '2021' }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const scope = { path: { year }, query: { unit } };
  const q = useQuery({ queryKey: ['report-inputs', year, unit], queryFn: () => unwrap(api.GET('/api/v1/reports/annual/{year}/inputs', { params: scope })) });
  const draftKey = `report.inputs.${year}.${unit ?? 'gov'}`;
  const [values, setValues] = useState<Inputs | null>(() => loadDraft<Inputs>(draftKey));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorAlert error={q.error} />;
  const current: Inputs = values ?? q.data.inputs;
  const groups = template === '2019' ? INPUT_GROUPS_2019 : INPUT_GROUPS_2021;
  const change = (g: keyof Inputs, f: string, v: number | null) => {
    const next = { ...current, [g]: { ...(current[g] ?? {}), [f]: v } } as Inputs;
    setValues(next);
    saveDraft(draftKey, next);
  };
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await unwrap(api.PUT('/api/v1/reports/annual/{year}/inputs', { params: { ...scope, header: { 'If-Match': ifMatch(q.data.version) } }, body: current }));
      clearDraft(draftKey);
      setValues(null);
      message.success(t('report.saved'));
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['report-inputs', year, unit] }), queryClient.invalidateQueries({ queryKey: ['report', year, unit] })]);
    } catch (e) {
      setError(e);
      if (isStatus(e, 412)) await q.refetch();
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="gk-report-inputs">
      <h3>{t('report.inputs')}</h3>
      <p className="gk-muted">{t('report.inputs.hint')}</p>
      {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}
      <div className="gk-report-inputs-grid">
        {groups.map((g) => (
          <fieldset key={g.key} className="gk-fieldset">
            <legend>{t(`report.inputs.${g.key}` as MessageKey)}</legend>
            {g.fields.map((f) => {
              const id = `inputs-${g.key}-${f}`;
              const v = (current[g.key] as Record<string, number | null> | undefined)?.[f];
              return (
                <div className="gk-field" key={f}>
                  <label htmlFor={id} className="gk-field-label">
                    {t(`report.inputs.${f}` as MessageKey)}
                  </label>
                  <InputNumber id={id} style={{ width: '100%' }} value={v ?? null} min={f === 'change' ? undefined : 0} precision={f === 'amount' ? 4 : 0} onChange={(x) => change(g.key, f, x === null ? null : Number(x))} />
                </div>
              );
            })}
          </fieldset>
        ))}
      </div>
      <Button type="primary" onClick={() => void save()} loading={busy}>
        {t('report.save')}
      </Button>
    </div>
  );
}
