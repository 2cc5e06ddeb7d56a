/**
 * A unit's disclosure guide (政府信息公开指南), public, at /units/:code: its sections from the
 * service (made from the unit's profile and the standard text), the date of its last update, a
 * warning once it is more than a year old, and for the unit's liaison or an administrator a link
 * to the profile it is made from.
 */
import './units.css';
import { subject } from '@casl/ability';
import { EditOutlined } from '@ant-design/icons';
import { Alert } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { isStatus } from '../../api/errors';
import { useAbility, useSession } from '../../auth/session';
import { ErrorAlert, Loading, NotFound } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import { useGuide } from '../../lib/guides';
import { useUnits } from '../../lib/units';

export function GuidePage() {
  const { code = '' } = useParams();
  const { t, lang, formatDate } = useI18n();
  const { user } = useSession();
  const ability = useAbility();
  const units = useUnits();
  const guide = useGuide(code, lang);
  const unitId = units.data?.find((u) => u.code === code)?.id;
  const canEdit = !!user && !!unitId && ability.can('update', subject('UnitProfile', { unitId }));
  if (guide.isPending) return <Loading />;
  if (guide.isError) {
    if (!isStatus(guide.error, 404) && !isStatus(guide.error, 400)) return <ErrorAlert error={guide.error} />;
    return (
      <>
        <NotFound message={t('guide.notFound')} />
        {canEdit ? (
          <p className="gk-center">
            <Link to={`/units/${encodeURIComponent(code)}/profile`} data-testid="guide-edit">
              {t('guide.edit')}
            </Link>
          </p>
        ) : null}
      </>
    );
  }
  const g = guide.data;
  return (
    <article className="gk-guide" data-testid="guide">
      <p>
        <Link to="/units">← {t('guide.back')}</Link>
      </p>
      <div className="gk-page-title">
        <h1 data-testid="guide-title">{t('guide.title', { name: g.unit.name })}</h1>
        <div className="gk-page-title-extra">
          <span data-testid="guide-updated">
            {t('guide.updatedAt')}
            {t('common.colon')}
            <time dateTime={g.updatedAt}>{formatDate(g.updatedAt, false)}</time>
          </span>
          <span className="gk-muted">{t('guide.version', { version: g.version })}</span>
          {canEdit ? (
            <Link to={`/units/${encodeURIComponent(g.unit.code)}/profile`} data-testid="guide-edit">
              <EditOutlined aria-hidden /> {t('guide.edit')}
            </Link>
          ) : null}
        </div>
      </div>
      {g.stale ? <Alert type="warning" showIcon className="gk-gap" title={t('guide.stale')} data-testid="guide-stale" /> : null}
      <nav aria-label={t('units.title')} className="gk-guide-toc">
        <ol>
          {g.sections.map((s) => (
            <li key={s.key}>
              <a href={`#guide-${s.key}`}>{s.title}</a>
            </li>
          ))}
        </ol>
      </nav>
      {g.sections.map((s) => (
        <section key={s.key} id={`guide-${s.key}`} aria-labelledby={`guide-${s.key}-title`} className="gk-guide-section" data-testid={`guide-section-${s.key}`}>
          <h2 id={`guide-${s.key}-title`}>{s.title}</h2>
          {s.text.split(/\n{2,}/).map((p, i) => (
            <p key={i} className="gk-pre">
              {p}
            </p>
          ))}
        </section>
      ))}
      <p>
        <Link to={`/catalogue?unit=${encodeURIComponent(g.unit.code)}`}>{t('guide.catalogue')}</Link>
      </p>
      <p>
        <Link to={`/units/${encodeURIComponent(g.unit.code)}/statistics`} data-testid="guide-statistics">
          {t('guide.statistics')}
        </Link>
      </p>
    </article>
  );
}
