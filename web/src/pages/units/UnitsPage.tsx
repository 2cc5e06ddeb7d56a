/** The publishing units and their disclosure guides (政府信息公开指南), public: each links to its guide and its catalogue. */
import './units.css';
import { subject } from '@casl/ability';
import { Table } from 'antd';
import { Link } from 'react-router-dom';
import { useAbility, useSession } from '../../auth/session';
import { CardList } from '../../components/CardList';
import { ErrorAlert, Loading, PageTitle } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import { usePublishingUnits, type PublishingUnit } from '../../lib/guides';
import { useNarrow } from '../../lib/responsive';
import { useUnits } from '../../lib/units';

export function UnitsPage() {
  const { t, formatDate } = useI18n();
  const narrow = useNarrow();
  const units = usePublishingUnits();
  const { user } = useSession();
  const ability = useAbility();
  const all = useUnits();
  if (units.isPending) return <Loading />;
  if (units.isError) return <ErrorAlert error={units.error} />;
  const idOf = new Map((all.data ?? []).map((u) => [u.code, u.id]));
  const mayEdit = (code: string) => !!user && idOf.has(code) && ability.can('update', subject('UnitProfile', { unitId: idOf.get(code)! }));
  // A unit the caller keeps the profile of is listed even before it has a guide or a publication.
  const rows: PublishingUnit[] = [
    ...units.data,
    ...(all.data ?? []).filter((u) => !units.data.some((p) => p.code === u.code) && mayEdit(u.code)).map((u) => ({ code: u.code, name: u.name, guideUrl: null, guideUpdatedAt: null })),
  ].sort((a, b) => a.code.localeCompare(b.code));
  const editLink = (u: PublishingUnit) =>
    mayEdit(u.code) ? (
      <Link to={`/units/${encodeURIComponent(u.code)}/profile`} className="gk-units-edit" data-testid="profile-link">
        {t('guide.edit')}
      </Link>
    ) : null;
  const guide = (u: PublishingUnit) =>
    u.guideUrl ? (
      <Link to={`/units/${encodeURIComponent(u.code)}`} data-testid="guide-link">
        {t('units.openGuide')}
      </Link>
    ) : (
      <span className="gk-muted">{t('units.noGuide')}</span>
    );
  const guideAndEdit = (u: PublishingUnit) => (
    <span className="gk-units-actions">
      {guide(u)} {editLink(u)}
    </span>
  );
  const catalogue = (u: PublishingUnit) => <Link to={`/catalogue?unit=${encodeURIComponent(u.code)}`}>{t('units.catalogue')}</Link>;
  const updated = (u: PublishingUnit) => (u.guideUpdatedAt ? <time dateTime={u.guideUpdatedAt}>{formatDate(u.guideUpdatedAt, false)}</time> : '');
  return (
    <div className="gk-units">
      <PageTitle>{t('units.title')}</PageTitle>
      <p className="gk-muted">{t('units.intro')}</p>
      {rows.length === 0 ? (
        <p className="gk-muted">{t('units.empty')}</p>
      ) : narrow ? (
        <CardList<PublishingUnit>
          items={rows}
          rowKey={(u) => u.code}
          testId="units-list"
          title={(u) => (u.guideUrl ? <Link to={`/units/${encodeURIComponent(u.code)}`}>{u.name}</Link> : u.name)}
          fields={(u) => [
            { key: 'updated', label: t('units.col.updatedAt'), value: updated(u) },
            { key: 'catalogue', label: t('units.catalogue'), value: catalogue(u) },
          ]}
          actions={guideAndEdit}
        />
      ) : (
        <Table<PublishingUnit>
          rowKey="code"
          className="gk-table"
          data-testid="units-list"
          dataSource={rows}
          pagination={false}
          columns={[
            { title: t('units.col.unit'), key: 'name', render: (_, u) => `${u.name}（${u.code}）` },
            { title: t('units.col.guide'), key: 'guide', width: 240, render: (_, u) => guideAndEdit(u) },
            { title: t('units.col.updatedAt'), key: 'updated', width: 160, render: (_, u) => updated(u) },
            { title: t('units.catalogue'), key: 'catalogue', width: 140, render: (_, u) => catalogue(u) },
          ]}
        />
      )}
    </div>
  );
}
