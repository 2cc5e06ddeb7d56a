/** One narrative section of the report (I overall, V problems, VI other), editable by the office. */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input } from 'antd';
import { useState } from 'react';
import { api, ifMatch, unwrap, type Schemas } from '../../api/client';
import { isStatus } from '../../api/errors';
import { ErrorAlert } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import { clearDraft, loadDraft, saveDraft } from '../../lib/draft-storage';
import type { Narrative } from './types';

export function NarrativeSection({ year, unit, canEdit, field, title }: { year: number; unit?: string; canEdit: boolean; field: keyof Narrative; title: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const scope = { path: { year }, query: { unit } };
  const q = useQuery({ queryKey: ['report-narrative', year, unit], queryFn: () => unwrap(api.GET('/api/v1/reports/annual/{year}/narrative', { params: scope })) });
  const draftKey = `report.narrative.${year}.${unit ?? 'gov'}.${field}`;
  const [text, setText] = useState<string | null>(() => loadDraft<string>(draftKey));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const id = `narrative-${field}`;
  const saved = q.data?.[field] ?? '';
  const value = text ?? saved;
  const save = async () => {
    if (!q.data) return;
    setBusy(true);
    setError(null);
    try {
      const body: Schemas['NarrativeRequest'] = { overall: q.data.overall, problems: q.data.problems, other: q.data.other, [field]: value };
      const res = await unwrap(api.PUT('/api/v1/reports/annual/{year}/narrative', { params: { ...scope, header: { 'If-Match': ifMatch(q.data.version) } }, body }));
      queryClient.setQueryData(['report-narrative', year, unit], res);
      clearDraft(draftKey);
      setText(null);
      message.success(t('report.saved'));
    } catch (e) {
      setError(e);
      // Someone else saved the narrative: load theirs, keep this section's text.
      if (isStatus(e, 412)) await q.refetch();
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="gk-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="gk-panel-title">
        {canEdit ? <label htmlFor={id}>{title}</label> : title}
      </h2>
      {q.isError ? <ErrorAlert error={q.error} /> : null}
      {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}
      {canEdit ? (
        <>
          <Input.TextArea
            id={id}
            autoSize={{ minRows: 4, maxRows: 20 }}
            maxLength={20000}
            value={value}
            disabled={!q.data}
            onChange={(e) => {
              setText(e.target.value);
              saveDraft(draftKey, e.target.value);
            }}
          />
          <div className="gk-form-buttons-inline">
            <Button onClick={() => void save()} loading={busy} disabled={text === null || text === saved}>
              {t('report.save')}
            </Button>
          </div>
        </>
      ) : (
        <div className="gk-pre">{saved}</div>
      )}
    </section>
  );
}
