/**
 * What a table shows, as a list of cards for narrow screens (useNarrow): each row a card with its
 * title (usually the link the table's first column holds), tags, the other columns as labelled
 * fields and the row's actions. Same data, same actions, no sideways scrolling.
 */
import type { Key, ReactNode } from 'react';

export interface CardField {
  key: string;
  label: ReactNode;
  value: ReactNode;
}

interface Props<T> {
  items: T[];
  rowKey(item: T): Key;
  /** The card's heading (a link to the record, mostly). */
  title(item: T): ReactNode;
  /** Tags shown next to the title (state, attribute). */
  tags?(item: T): ReactNode;
  fields(item: T): CardField[];
  actions?(item: T): ReactNode;
  itemClassName?(item: T): string | undefined;
  /** The heading level of each card's title (below the page's h1). */
  headingLevel?: 2 | 3;
  testId?: string;
  itemTestId?: string;
  label?: string;
}

export function CardList<T>({ items, rowKey, title, tags, fields, actions, itemClassName, headingLevel = 2, testId, itemTestId, label }: Props<T>) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ul className="gk-cards" data-testid={testId} aria-label={label}>
      {items.map((it) => {
        const extra = itemClassName?.(it);
        const tagged = tags?.(it);
        const shown = fields(it).filter((f) => f.value !== null && f.value !== undefined && f.value !== '');
        const acts = actions?.(it);
        return (
          <li key={rowKey(it)} className={extra ? `gk-card ${extra}` : 'gk-card'} data-testid={itemTestId}>
            <Heading className="gk-card-title">{title(it)}</Heading>
            {tagged ? <div className="gk-card-tags">{tagged}</div> : null}
            {shown.length > 0 ? (
              <dl className="gk-card-fields">
                {shown.map((f) => (
                  <div key={f.key} className="gk-card-field">
                    <dt>{f.label}</dt>
                    <dd>{f.value}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
            {acts ? <div className="gk-card-actions">{acts}</div> : null}
          </li>
        );
      })}
    </ul>
  );
}
