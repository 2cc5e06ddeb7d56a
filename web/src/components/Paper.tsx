/**
 * The signing-and-approval form (发文稿纸) as it looks on paper: a ruled table with the field names
 * in the left column. Used for editing (DocumentFormPage) and for reading (DocumentPage).
 */
import type { ReactNode } from 'react';

export function Paper({ title, subtitle, children, footer }: { title: string; subtitle?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <section className="gk-paper" aria-label={title}>
      <div className="gk-paper-head">
        <div className="gk-paper-title" role="heading" aria-level={2}>
          {title}
        </div>
        {subtitle ? <div className="gk-paper-subtitle">{subtitle}</div> : null}
      </div>
      <table className="gk-paper-table">
        <colgroup>
          <col className="gk-paper-col-label" />
          <col />
          <col className="gk-paper-col-label" />
          <col />
        </colgroup>
        <tbody>{children}</tbody>
      </table>
      {footer}
    </section>
  );
}

interface CellProps {
  label: ReactNode;
  /** id of the control the label names (a <label for>); without it the label is plain text. */
  htmlFor?: string;
  labelId?: string;
  required?: boolean;
  children: ReactNode;
}

function Label({ label, htmlFor, labelId, required }: Omit<CellProps, 'children'>) {
  const mark = required ? (
    <span className="gk-required" aria-hidden>
      *
    </span>
  ) : null;
  return (
    <th scope="row" className="gk-paper-label">
      {mark}
      {htmlFor ? (
        <label htmlFor={htmlFor} id={labelId}>
          {label}
        </label>
      ) : (
        <span id={labelId}>{label}</span>
      )}
    </th>
  );
}

/** One field across the whole width. */
export function PaperRow(props: CellProps & { className?: string }) {
  return (
    <tr className={props.className}>
      <Label {...props} />
      <td colSpan={3} className="gk-paper-cell">
        {props.children}
      </td>
    </tr>
  );
}

/** Two fields side by side. */
export function PaperPair({ left, right }: { left: CellProps; right: CellProps }) {
  return (
    <tr>
      <Label {...left} />
      <td className="gk-paper-cell">{left.children}</td>
      <Label {...right} />
      <td className="gk-paper-cell">{right.children}</td>
    </tr>
  );
}
