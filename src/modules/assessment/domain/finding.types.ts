/**
 * Shared vocabulary of the assessment scanners: what a finding is and how severe each kind is.
 * Pure data; no framework imports (see docs/style.md, "Pure logic").
 */

export const FINDING_KINDS = [
  'id_card_number',
  'mobile_phone',
  'bank_card',
  'email',
  'secrecy_marking',
  'internal_marking',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export type Severity = 'high' | 'medium' | 'low';

/** Kinds that carry a natural person's data (Art. 15: withhold or redact). */
export const PERSONAL_DATA_KINDS: readonly FindingKind[] = ['id_card_number', 'mobile_phone', 'bank_card', 'email'];

/** Kinds that are markings printed on the document rather than personal data. */
export const MARKING_KINDS: readonly FindingKind[] = ['secrecy_marking', 'internal_marking'];

export const SEVERITY_OF: Readonly<Record<FindingKind, Severity>> = {
  id_card_number: 'high',
  mobile_phone: 'high',
  bank_card: 'high',
  email: 'medium',
  secrecy_marking: 'high',
  internal_marking: 'medium',
};

export interface Finding {
  /** Deterministic: `${kind}:${start}-${end}`. */
  id: string;
  kind: FindingKind;
  severity: Severity;
  /** Masked: never holds a full personal number. */
  excerpt: string;
  /** UTF-16 code unit offsets into the scanned text; `text.slice(start, end)` is the matched text. */
  start: number;
  end: number;
}

/** A half-open range of UTF-16 code units, `[start, end)`. */
export interface TextSpan {
  start: number;
  end: number;
}

export function isPersonalDataKind(kind: FindingKind): boolean {
  return kind === 'id_card_number' || kind === 'mobile_phone' || kind === 'bank_card' || kind === 'email';
}
