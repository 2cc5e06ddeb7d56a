/**
 * What the applicant receives, laid out once for every copy (DOCX, printable HTML): a letter of
 * an application (domain/notices.ts), or a document provided in a reply with its redaction spans
 * applied (■). Pure: the renderers take this shape.
 */
import { REDACTION_CHAR } from '../../assessment/domain/redaction.js';
import type { Letter } from '../domain/notices.js';

export interface Printable {
  /** File metadata: what the copy is. */
  docTitle: string;
  /** The issuing body above the title (an agency, or a document's unit). */
  heading: string;
  title: string;
  /** Lines under the title: the letter's number and the tracking code, a document's number. */
  subtitle: string[];
  addressee: string | null;
  paragraphs: string[];
  attachments: string[];
  /** The signature block: the agency, the date, where the seal goes. */
  signature: { name: string; date: string; seal: string } | null;
  /** A note at the foot (what was covered), or null. */
  note: string | null;
}

export function printableLetter(l: Letter): Printable {
  return {
    docTitle: l.title,
    heading: l.agencyName,
    title: l.title,
    subtitle: [l.number, l.reference].filter((x): x is string => !!x),
    addressee: l.addressee,
    paragraphs: l.paragraphs.flatMap((p) => p.split('\n')),
    attachments: l.attachments,
    signature: { name: l.agencyName, date: l.date, seal: l.seal },
    note: null,
  };
}

export interface DocumentCopy {
  title: string;
  documentNumber: string | null;
  unitName: string;
  /** The body with every redaction span already replaced by ■. */
  body: string;
  redacted: boolean;
}

export function printableDocument(d: DocumentCopy): Printable {
  return {
    docTitle: d.title,
    heading: d.unitName,
    title: d.title,
    subtitle: d.documentNumber ? [d.documentNumber] : [],
    addressee: null,
    paragraphs: d.body.split(/\r?\n/).filter((p) => p.trim() !== ''),
    attachments: [],
    signature: null,
    note: d.redacted ? `本件为依申请提供的政府信息，不予公开的内容已作遮盖处理（以${REDACTION_CHAR}标示）。` : '本件为依申请提供的政府信息。',
  };
}
