/**
 * Redaction and masking.
 *
 * - `redact` blacks out spans of a text for a published version (one ■ per code point).
 * - The `mask*` helpers build the masked excerpts that the scanners report, so that an excerpt
 *   never carries a full personal number.
 *
 * Pure functions; no framework imports.
 */
import type { FindingKind, TextSpan } from './finding.types.js';

export const REDACTION_CHAR = '■';

export type InvalidSpanReason = 'not_an_integer' | 'out_of_range' | 'empty_or_reversed';

/** Thrown by `redact` / `normaliseSpans` for a span that cannot apply to the text. */
export class InvalidSpanError extends Error {
  readonly code = 'invalid_span' as const;
  constructor(
    readonly reason: InvalidSpanReason,
    readonly span: TextSpan,
    /** Position of the span in the array that was passed in. */
    readonly index: number,
    readonly textLength: number,
  ) {
    super(`invalid span #${index} [${String(span?.start)}, ${String(span?.end)}) for a text of length ${textLength}: ${reason}`);
    this.name = 'InvalidSpanError';
  }
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * Validates spans, widens any boundary that falls inside a surrogate pair to the whole pair, sorts
 * them and merges overlapping or touching spans. Throws `InvalidSpanError` for a span that is not
 * integral, lies outside `[0, text.length]`, or has `start >= end`.
 */
export function normaliseSpans(text: string, spans: readonly TextSpan[]): TextSpan[] {
  const len = text.length;
  const checked: TextSpan[] = [];
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i];
    const start = span?.start;
    const end = span?.end;
    if (!Number.isInteger(start) || !Number.isInteger(end)) throw new InvalidSpanError('not_an_integer', span, i, len);
    if (start < 0 || end > len) throw new InvalidSpanError('out_of_range', span, i, len);
    if (start >= end) throw new InvalidSpanError('empty_or_reversed', span, i, len);
    let s = start;
    let e = end;
    if (s > 0 && isLowSurrogate(text.charCodeAt(s)) && isHighSurrogate(text.charCodeAt(s - 1))) s--;
    if (e < len && isLowSurrogate(text.charCodeAt(e)) && isHighSurrogate(text.charCodeAt(e - 1))) e++;
    checked.push({ start: s, end: e });
  }
  checked.sort((a, b) => a.start - b.start || a.end - b.end);
  const merged: TextSpan[] = [];
  for (const span of checked) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) {
      if (span.end > last.end) last.end = span.end;
    } else {
      merged.push({ start: span.start, end: span.end });
    }
  }
  return merged;
}

/** Number of Unicode code points in `text.slice(start, end)` (a surrogate pair counts once). */
export function countCodePoints(text: string, start = 0, end = text.length): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    if (isHighSurrogate(text.charCodeAt(i)) && i + 1 < end && isLowSurrogate(text.charCodeAt(i + 1))) i++;
    n++;
  }
  return n;
}

/**
 * Replaces every character inside the given spans with ■ and leaves the rest untouched.
 *
 * Spans are UTF-16 code unit offsets (as `Finding.start`/`end`). Characters are counted as code
 * points: a surrogate pair (e.g. 𠀀 or an emoji) becomes ONE ■, so the result has as many code points
 * as the input (its `.length` in code units may be smaller). A span boundary that falls between the
 * two halves of a pair is widened to cover the whole pair, so no lone surrogate is ever produced.
 * Overlapping and touching spans are merged. Invalid spans throw `InvalidSpanError`.
 */
export function redact(text: string, spans: readonly TextSpan[]): string {
  const merged = normaliseSpans(text, spans);
  if (merged.length === 0) return text;
  const parts: string[] = [];
  let pos = 0;
  for (const { start, end } of merged) {
    parts.push(text.slice(pos, start), REDACTION_CHAR.repeat(countCodePoints(text, start, end)));
    pos = end;
  }
  parts.push(text.slice(pos));
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------
// Masking of personal numbers
// ---------------------------------------------------------------------------------------------

export const MASK_CHAR = '*';

/** ASCII or full-width digit (０-９). */
export function isDigitCode(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19);
}

/** Digit or the ID check character X/x (ASCII or full-width). */
function isIdCharCode(c: number): boolean {
  return isDigitCode(c) || c === 0x58 || c === 0x78 || c === 0xff38 || c === 0xff58;
}

/**
 * Masks the "digit-like" characters of `s` except the first `keepFirst` and the last `keepLast`
 * of them; separators (spaces, dashes, +) are kept, so the result has the same length as `s`.
 * A string with too few such characters to hide any is masked entirely.
 */
function maskCounted(s: string, keepFirst: number, keepLast: number, counts: (c: number) => boolean): string {
  let total = 0;
  for (let i = 0; i < s.length; i++) if (counts(s.charCodeAt(i))) total++;
  if (total <= keepFirst + keepLast) return MASK_CHAR.repeat(s.length);
  if (total === s.length) {
    return s.slice(0, keepFirst) + MASK_CHAR.repeat(total - keepFirst - keepLast) + s.slice(total - keepLast);
  }
  const out: string[] = [];
  let k = 0;
  for (let i = 0; i < s.length; i++) {
    if (counts(s.charCodeAt(i))) {
      out.push(k < keepFirst || k >= total - keepLast ? s[i] : MASK_CHAR);
      k++;
    } else {
      out.push(s[i]);
    }
  }
  return out.join('');
}

/** `11010519491231002X` → `110*************2X` (first 3 and last 2 visible). */
export function maskIdNumber(s: string): string {
  return maskCounted(s, 3, 2, isIdCharCode);
}

/**
 * `13800138000` → `138****8000`; separators and a country prefix are kept:
 * `+86 138-0013-8000` → `+86 138-****-8000`.
 */
export function maskMobilePhone(s: string): string {
  let digits = 0;
  for (let i = 0; i < s.length; i++) if (isDigitCode(s.charCodeAt(i))) digits++;
  // The subscriber number is the last 11 digits; anything before it is the country prefix.
  return maskCounted(s, Math.max(0, digits - 11) + 3, 4, isDigitCode);
}

/** `6222 0212 3456 7890` → `6222 **** **** 7890`; `6222021234567890` → `6222********7890`. */
export function maskBankCard(s: string): string {
  return maskCounted(s, 4, 4, isDigitCode);
}

/**
 * `zhang.san@example.com` → `z***@example.com` (the local part's length is not revealed). A run
 * of 7 or more digits in the domain is masked too: a number written against an address
 * (`…@example.com11010519491231002X.cn`) is part of its domain to the detector, and never shows.
 */
export function maskEmail(s: string): string {
  const at = s.lastIndexOf('@');
  if (at <= 0) return MASK_CHAR.repeat(3);
  return `${s[0]}${MASK_CHAR.repeat(3)}${maskLongDigitRuns(s.slice(at))}`;
}

/** Like `maskEmail` but keeps the length: `zhang@example.com` → `z****@example.com`. */
function maskEmailSameLength(s: string): string {
  const at = s.lastIndexOf('@');
  if (at <= 0) return MASK_CHAR.repeat(s.length);
  return `${s[0]}${MASK_CHAR.repeat(at - 1)}${maskLongDigitRuns(s.slice(at))}`;
}

/** Every digit (ASCII or full-width) of a run of 7 or more replaced by the mask, one per digit. */
function maskLongDigitRuns(s: string): string {
  return s.replace(/[0-9０-９]{7,}/g, (run) => MASK_CHAR.repeat(run.length));
}

/** The masked excerpt reported for a finding of `kind` whose matched text is `matched`. */
export function maskExcerpt(kind: FindingKind, matched: string): string {
  switch (kind) {
    case 'id_card_number':
      return maskIdNumber(matched);
    case 'mobile_phone':
      return maskMobilePhone(matched);
    case 'bank_card':
      return maskBankCard(matched);
    case 'email':
      return maskEmail(matched);
    case 'secrecy_marking':
    case 'internal_marking':
      return matched;
  }
}

/**
 * A mask with exactly `matched.length` code units, so that a slice of it lines up with a slice of
 * the original text (used to mask personal data that falls inside a marking's context window).
 */
export function maskSameLength(kind: FindingKind, matched: string): string {
  return kind === 'email' ? maskEmailSameLength(matched) : maskExcerpt(kind, matched);
}
