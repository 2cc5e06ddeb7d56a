/**
 * Where a catalogue entry stands on each publication channel (the portal, the WeChat account,
 * Weibo, …): on its way, delivered (with the receiver's address of it), failed, or withdrawn after a
 * revocation. For the office and administrators; nothing shows for anyone else.
 */
import '../pages/units/units.css';
import { Table, Tag } from 'antd';
import { useAbility, useSession } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { useEntryChannels, type EntryChannel } from '../lib/guides';
import { useNarrow } from '../lib/responsive';
import { CardList } from './CardList';
import { ErrorAlert } from './common';

const STATE_COLOURS: Record<string, string> = { pending: 'processing', delivered: 'success', failed: 'error', withdrawn: 'default' };

export function ChannelStateTag({ state }: { state: string }) {
  const { tv } = useI18n();
  return (
    <Tag color={STATE_COLOURS[state] ?? 'default'} data-testid="channel-state" data-state={state}>
      {tv('channels.state', state)}
    </Tag>
  );
}

export function ChannelStatus({ indexNo }: { indexNo: string | null | undefined }) {
  const { t, tv, formatDate } = useI18n();
  const { user } = useSession();
  const ability = useAbility();
  const narrow = useNarrow();
  const allowed = !!user && ability.can('read', 'Channel');
  const q = useEntryChannels(indexNo, allowed);
  if (!allowed || !indexNo) return null;
  const name = (c: EntryChannel) => (
    <span>
      {tv('channels.name', c.channel)}
      {c.description ? <span className="gk-muted">（{c.description}）</span> : null}
    </span>
  );
  const remote = (c: EntryChannel) =>
    c.remoteUrl ? (
      <a href={c.remoteUrl} target="_blank" rel="noreferrer noopener">
        {c.remoteUrl}
      </a>
    ) : (
      ''
    );
  const when = (c: EntryChannel) => (c.deliveredAt ? formatDate(c.deliveredAt) : '');
  return (
    <section className="gk-panel gk-channels" aria-labelledby="channels-title" data-testid="entry-channels">
      <h2 id="channels-title" className="gk-panel-title">
        {t('channels.panel')}
      </h2>
      {q.isError ? (
        <ErrorAlert error={q.error} />
      ) : !q.data ? null : q.data.length === 0 ? (
        <p className="gk-muted">{t('channels.none')}</p>
      ) : narrow ? (
        <CardList<EntryChannel>
          items={q.data}
          rowKey={(c) => c.subscriberId}
          headingLevel={3}
          title={name}
          tags={(c) => <ChannelStateTag state={c.state} />}
          fields={(c) => [
            { key: 'at', label: t('channels.col.deliveredAt'), value: when(c) },
            { key: 'remote', label: t('channels.col.remote'), value: remote(c) },
          ]}
        />
      ) : (
        <Table<EntryChannel>
          size="small"
          rowKey="subscriberId"
          pagination={false}
          dataSource={q.data}
          columns={[
            { title: t('channels.col.channel'), key: 'channel', render: (_, c) => name(c) },
            { title: t('channels.col.state'), key: 'state', width: 110, render: (_, c) => <ChannelStateTag state={c.state} /> },
            { title: t('channels.col.deliveredAt'), key: 'at', width: 150, render: (_, c) => when(c) },
            { title: t('channels.col.remote'), key: 'remote', render: (_, c) => remote(c) },
          ]}
        />
      )}
    </section>
  );
}
