/** The reports due (Art. 50: by 31 January for the units, 15 March for the government) and their state. */
import type { Schemas } from '../../api/client';
import { useI18n } from '../../i18n/i18n';

export function Reminders({ items }: { items: Schemas['ReminderItem'][] }) {
  const { t, formatDate } = useI18n();
  return (
    <section className="gk-panel" aria-labelledby="report-reminders">
      <h2 id="report-reminders" className="gk-panel-title">
        {t('report.reminders')}
      </h2>
      <ul className="gk-reminders">
        {items.slice(0, 8).map((r) => (
          <li key={`${r.year}-${r.unit?.code ?? 'gov'}`} className={r.overdue && !r.published ? 'gk-overdue' : undefined}>
            <strong>
              {r.year} · {r.unit ? r.unit.name : t('report.reminder.government')}
            </strong>{' '}
            {t('report.reminder.due', { date: formatDate(`${r.dueDate}T00:00:00+08:00`, false) })} ·{' '}
            {r.published
              ? t('report.reminder.published', { indexNo: r.indexNo ?? '' })
              : r.daysRemaining >= 0
                ? t('report.reminder.left', { n: r.daysRemaining })
                : t('report.reminder.late', { n: -r.daysRemaining })}
          </li>
        ))}
      </ul>
    </section>
  );
}
