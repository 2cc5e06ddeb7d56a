/**
 * Delegations (代理), from the user menu: name a deputy who takes one's review steps for a period
 * (travelling, on leave), see the delegations from and to oneself, end one early. An administrator
 * may name a deputy for anyone. The deputy is chosen from GET /api/v1/users/directory (the
 * administrator: the user list); without a directory the deputy's user id is typed in.
 */
import { UserSwitchOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, Select, Table, Tag } from 'antd';
import { useRef, useState, type HTMLAttributes } from 'react';
import { api, newIdempotencyKey, unwrap } from '../api/client';
import { useAbility, useSession } from '../auth/session';
import { CardList } from '../components/CardList';
import { ErrorAlert, Field, ListState, PageTitle } from '../components/common';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { clearDraft, loadDraft, saveDraft } from '../lib/draft-storage';
import { useNarrow } from '../lib/responsive';
import { usePeople, type Delegation, type Person } from '../lib/review-chain';
import { unitLabel, useUnits } from '../lib/units';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `YYYY-MM-DDTHH:mm` in the browser's time zone (what <input type="datetime-local"> holds). */
function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

interface DelegationDraft {
  fromUserId: string | null;
  toUserId: string | null;
  startsAt: string;
  endsAt: string;
  reason: string;
}

type Problem = 'toUserId' | 'toUserIdFormat' | 'startsAt' | 'endsAt' | 'period' | 'reason';
const PROBLEM_FIELD: Record<Problem, string> = {
  toUserId: 'delegation-to',
  toUserIdFormat: 'delegation-to',
  startsAt: 'delegation-starts',
  endsAt: 'delegation-ends',
  period: 'delegation-ends',
  reason: 'delegation-reason',
};

export function DelegationsPage() {
  const { t, formatDate } = useI18n();
  const { user } = useSession();
  const ability = useAbility();
  const admin = ability.can('manage', 'User');
  const people = usePeople();
  const units = useUnits();
  const narrow = useNarrow();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['delegations'], queryFn: async () => (await unwrap(api.GET('/api/v1/delegations'))).items });

  const empty = (): DelegationDraft => ({ fromUserId: null, toUserId: null, startsAt: localInput(new Date()), endsAt: '', reason: '' });
  const [form, setFormState] = useState<DelegationDraft>(() => loadDraft<DelegationDraft>('delegation.new') ?? empty());
  const [problem, setProblem] = useState<Problem | null>(null);
  const setForm = (next: DelegationDraft) => {
    setFormState(next);
    saveDraft('delegation.new', next);
    setProblem(null);
  };
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef<{ fingerprint: string; key: string } | null>(null);

  const known = new Map<string, Person>((people.data?.people ?? []).map((p) => [p.id, p]));
  const nameOf = (id: string) => (id === user?.id ? t('delegations.me', { name: user.displayName }) : (known.get(id)?.displayName ?? id));
  const from = admin && form.fromUserId ? form.fromUserId : (user?.id ?? '');
  const personLabel = (p: Person) => {
    const unit = unitLabel(units.data, p.unitId);
    return `${p.displayName}（${p.username}）${unit ? ` · ${unit}` : ''}`;
  };
  const options = (people.data?.people ?? []).filter((p) => p.id !== from).map((p) => ({ value: p.id, label: personLabel(p) }));
  const directory = people.data?.available ?? true;

  const create = async () => {
    setError(null);
    const starts = form.startsAt ? new Date(form.startsAt) : null;
    const ends = form.endsAt ? new Date(form.endsAt) : null;
    const p: Problem | null = !form.toUserId?.trim()
      ? 'toUserId'
      : !directory && !UUID.test(form.toUserId.trim())
        ? 'toUserIdFormat'
        : !starts || Number.isNaN(starts.getTime())
          ? 'startsAt'
          : !ends || Number.isNaN(ends.getTime())
            ? 'endsAt'
            : ends <= starts
              ? 'period'
              : !form.reason.trim()
                ? 'reason'
                : null;
    setProblem(p);
    if (p) {
      document.getElementById(PROBLEM_FIELD[p])?.focus();
      return;
    }
    const body = {
      toUserId: form.toUserId!.trim(),
      startsAt: starts!.toISOString(),
      endsAt: ends!.toISOString(),
      reason: form.reason.trim(),
      ...(admin && form.fromUserId ? { fromUserId: form.fromUserId } : {}),
    };
    const fingerprint = JSON.stringify(body);
    if (key.current?.fingerprint !== fingerprint) key.current = { fingerprint, key: newIdempotencyKey() };
    setBusy(true);
    try {
      await unwrap(api.POST('/api/v1/delegations', { params: { header: { 'Idempotency-Key': key.current.key } }, body }));
      clearDraft('delegation.new');
      setFormState(empty());
      key.current = null;
      message.success(t('delegations.created'));
      await queryClient.invalidateQueries({ queryKey: ['delegations'] });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const end = (d: Delegation) =>
    modal.confirm({
      title: t('delegations.confirmEnd', { name: nameOf(d.toUserId) }),
      okText: t('delegations.end'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: true },
      onOk: async () => {
        setError(null);
        try {
          await unwrap(api.DELETE('/api/v1/delegations/{id}', { params: { path: { id: d.id } } }));
          message.success(t('delegations.ended'));
          await queryClient.invalidateQueries({ queryKey: ['delegations'] });
        } catch (e) {
          setError(e);
        }
      },
    });

  const canEnd = (d: Delegation) => admin || d.fromUserId === user?.id;
  const period = (d: Delegation) => `${formatDate(d.startsAt)} – ${formatDate(d.endsAt)}`;
  const status = (d: Delegation) => <Tag className={d.active ? 'gk-tag-active' : 'gk-tag-waiting'}>{d.active ? t('delegations.active') : t('delegations.upcoming')}</Tag>;
  const endButton = (d: Delegation) =>
    canEnd(d) ? (
      <Button size="small" danger onClick={() => end(d)} aria-label={`${t('delegations.end')}${t('common.colon')}${nameOf(d.toUserId)}`} data-testid="delegation-end">
        {t('delegations.end')}
      </Button>
    ) : null;
  const items = list.data ?? [];

  return (
    <div>
      <PageTitle>{t('delegations.title')}</PageTitle>
      <p className="gk-intro">{t('delegations.intro')}</p>
      <section className="gk-panel" aria-labelledby="delegation-new-title" data-testid="delegation-form">
        <h2 id="delegation-new-title" className="gk-panel-title">
          {t('delegations.create')}
        </h2>
        {error ? (
          <div className="gk-gap">
            <ErrorAlert error={error} onClose={() => setError(null)} />
          </div>
        ) : null}
        <div className="gk-delegation-grid">
          {admin ? (
            <Field id="delegation-from" label={t('delegations.from')}>
              <Select<string>
                id="delegation-from"
                showSearch
                allowClear
                style={{ width: '100%' }}
                value={form.fromUserId ?? undefined}
                placeholder={t('delegations.fromSelf')}
                optionFilterProp="label"
                onChange={(v) => setForm({ ...form, fromUserId: v ?? null, toUserId: v && v === form.toUserId ? null : form.toUserId })}
                options={(people.data?.people ?? []).map((p) => ({ value: p.id, label: personLabel(p) }))}
              />
            </Field>
          ) : null}
          {directory ? (
            <Field id="delegation-to" label={t('delegations.to')}>
              <Select<string>
                id="delegation-to"
                showSearch
                style={{ width: '100%' }}
                value={form.toUserId ?? undefined}
                placeholder={t('delegations.toPlaceholder')}
                optionFilterProp="label"
                loading={people.isPending}
                status={problem === 'toUserId' ? 'error' : undefined}
                onChange={(v) => setForm({ ...form, toUserId: v })}
                options={options}
                aria-describedby={problem === 'toUserId' ? 'delegation-problem' : undefined}
              />
            </Field>
          ) : (
            <Field id="delegation-to" label={t('delegations.toId')}>
              <Input
                id="delegation-to"
                value={form.toUserId ?? ''}
                placeholder="xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"
                status={problem === 'toUserId' || problem === 'toUserIdFormat' ? 'error' : undefined}
                onChange={(e) => setForm({ ...form, toUserId: e.target.value })}
                aria-describedby="delegation-to-hint"
              />
              <div id="delegation-to-hint" className="gk-muted">
                {t('delegations.toIdHint')}
              </div>
            </Field>
          )}
          <Field id="delegation-starts" label={t('delegations.startsAt')}>
            <Input
              id="delegation-starts"
              type="datetime-local"
              value={form.startsAt}
              status={problem === 'startsAt' ? 'error' : undefined}
              onChange={(e) => setForm({ ...form, startsAt: e.target.value })}
            />
          </Field>
          <Field id="delegation-ends" label={t('delegations.endsAt')}>
            <Input
              id="delegation-ends"
              type="datetime-local"
              value={form.endsAt}
              min={form.startsAt || undefined}
              status={problem === 'endsAt' || problem === 'period' ? 'error' : undefined}
              onChange={(e) => setForm({ ...form, endsAt: e.target.value })}
            />
          </Field>
          <Field id="delegation-reason" label={t('delegations.reason')} className="gk-delegation-reason">
            <Input.TextArea
              id="delegation-reason"
              autoSize={{ minRows: 2, maxRows: 5 }}
              maxLength={500}
              value={form.reason}
              placeholder={t('delegations.reasonPlaceholder')}
              status={problem === 'reason' ? 'error' : undefined}
              onChange={(e) => setForm({ ...form, reason: e.target.value })}
            />
          </Field>
        </div>
        {problem ? (
          <p id="delegation-problem" className="gk-problem" role="alert">
            {t(`delegations.problem.${problem}` as MessageKey)}
          </p>
        ) : null}
        <Button type="primary" icon={<UserSwitchOutlined aria-hidden />} loading={busy} onClick={() => void create()} data-testid="delegation-create">
          {t('delegations.submit')}
        </Button>
      </section>

      <section aria-labelledby="delegation-list-title">
        <h2 id="delegation-list-title" className="gk-section-title">
          {t('delegations.list')}
        </h2>
        <ListState q={list} empty={items.length === 0} emptyText={t('delegations.empty')}>
          {narrow ? (
            <CardList<Delegation>
              items={items}
              rowKey={(d) => d.id}
              testId="delegation-cards"
              itemTestId="delegation"
              headingLevel={3}
              label={t('delegations.list')}
              title={(d) => `${nameOf(d.fromUserId)} → ${nameOf(d.toUserId)}`}
              tags={status}
              fields={(d) => [
                { key: 'period', label: t('delegations.period'), value: period(d) },
                { key: 'reason', label: t('delegations.reason'), value: d.reason },
              ]}
              actions={endButton}
            />
          ) : (
            <Table<Delegation>
              rowKey="id"
              className="gk-table"
              dataSource={items}
              pagination={false}
              onRow={() => ({ 'data-testid': 'delegation' }) as HTMLAttributes<HTMLElement>}
              columns={[
                { title: t('delegations.from'), dataIndex: 'fromUserId', width: 180, render: (v: string) => nameOf(v) },
                { title: t('delegations.to'), dataIndex: 'toUserId', width: 180, render: (v: string) => nameOf(v) },
                { title: t('delegations.period'), key: 'period', width: 300, render: (_, d) => period(d) },
                { title: t('delegations.reason'), dataIndex: 'reason' },
                { title: t('delegations.status'), key: 'status', width: 100, render: (_, d) => status(d) },
                { title: t('common.actions'), key: 'actions', width: 120, render: (_, d) => endButton(d) },
              ]}
            />
          )}
        </ListState>
      </section>
    </div>
  );
}
