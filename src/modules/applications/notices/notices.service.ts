/**
 * Reading the letters of an application: the office's list and downloads, and the applicant's by
 * tracking code (the letters and the documents a reply provided, with their redaction spans
 * applied). Every copy is made from the facts stored when the letter was issued.
 */
import { Injectable } from '@nestjs/common';
import { notFound } from '../../../common/errors/domain-error.js';
import { AssessmentRepository } from '../../assessment/assessment.repository.js';
import { redact } from '../../assessment/domain/redaction.js';
import { DocumentsRepository } from '../../documents/documents.repository.js';
import { TRACKING_CODE_PATTERN } from '../applicant-identity.js';
import { iso } from '../application.mapper.js';
import { ApplicationsRepository, type ApplicationRow } from '../applications.repository.js';
import { noticeLetter, NOTICE_TITLES_ZH, type NoticeKind } from '../domain/notices.js';
import type { NoticeFormat, NoticeResponse, TrackDocument, TrackNotice } from './notice.dto.js';
import { DEFAULT_AGENCY_NAME } from './notice-issuer.js';
import { NoticesRepository, type NoticeRow } from './notices.repository.js';
import { printableDocument, printableLetter, type Printable } from './printable.js';
import { printableDocx } from './printable-docx.js';
import { printableHtml } from './printable-html.js';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface FileAnswer {
  fileName: string;
  asciiName: string;
  contentType: string;
  /** html opens in the browser (to print); docx downloads. */
  disposition: 'inline' | 'attachment';
  body: Buffer | string;
}

/** Outcomes whose replies provide documents. */
const PROVIDING = ['disclosed', 'partially_disclosed'];

@Injectable()
export class NoticesService {
  constructor(
    private readonly repo: NoticesRepository,
    private readonly applications: ApplicationsRepository,
    private readonly documents: DocumentsRepository,
    private readonly redactions: AssessmentRepository,
  ) {}

  async list(applicationId: string): Promise<NoticeResponse[]> {
    if (!(await this.applications.findById(applicationId))) throw notFound('application');
    return (await this.repo.forApplication(applicationId)).map((n) => ({ id: n.id, kind: n.kind, number: n.facts.number ?? '', issuedAt: iso(n.issuedAt)! }));
  }

  /** The latest letter of a kind; 404 for an unknown application or a kind not issued. */
  async file(applicationId: string, kind: NoticeKind, format: NoticeFormat): Promise<FileAnswer> {
    const a = await this.applications.findById(applicationId);
    if (!a) throw notFound('application');
    return this.letterFile(a, kind, format);
  }

  /**
   * The application of a tracking code. Every code, well-formed or not, costs one lookup by the
   * unique index, so an unknown code and a wrong one answer alike and in the same time.
   */
  async byTrackingCode(code: string): Promise<ApplicationRow> {
    const normalised = code.trim().toUpperCase();
    const a = await this.applications.findByTrackingCode(TRACKING_CODE_PATTERN.test(normalised) ? normalised : 'INVALID-TRACKING-CODE');
    if (!a) throw notFound('application');
    return a;
  }

  async trackFile(code: string, kind: NoticeKind, format: NoticeFormat): Promise<FileAnswer> {
    return this.letterFile(await this.byTrackingCode(code), kind, format);
  }

  /** What the tracking page lists: each letter issued and each document provided, with the address that downloads it. */
  async trackLinks(a: ApplicationRow): Promise<{ notices: TrackNotice[]; documents: TrackDocument[] }> {
    const base = `/api/v1/applications/track/${a.trackingCode}`;
    const notices = (await this.repo.forApplication(a.id)).map((n) => ({ kind: n.kind, number: n.facts.number ?? '', issuedAt: iso(n.issuedAt)!, url: `${base}/notices/${n.kind}` }));
    // A kind issued twice (a third party consulted again) downloads its latest letter: list it once.
    const latest = [...new Map(notices.map((n) => [n.kind, n])).values()].sort((x, y) => x.issuedAt.localeCompare(y.issuedAt));
    const documents: TrackDocument[] = [];
    if (a.outcome && PROVIDING.includes(a.outcome)) {
      for (const id of await this.applications.documentIds(a.id)) {
        const d = await this.documents.findById(id);
        if (d) documents.push({ id, title: d.title, redacted: (await this.redactions.redactions(id)).length > 0, url: `${base}/documents/${id}` });
      }
    }
    return { notices: latest, documents };
  }

  /** A document a disclosing reply provided, as the applicant receives it: every redaction span applied. */
  async trackDocument(code: string, documentId: string, format: NoticeFormat): Promise<FileAnswer> {
    const a = await this.byTrackingCode(code);
    const provided = a.outcome !== null && PROVIDING.includes(a.outcome) && (await this.applications.documentIds(a.id)).includes(documentId);
    const d = provided ? await this.documents.findById(documentId) : null;
    if (!d) throw notFound('document');
    const spans = await this.redactions.redactions(d.id);
    const printable = printableDocument({
      title: d.title,
      documentNumber: d.documentNumber,
      unitName: (await this.repo.unitName(d.unitId)) ?? DEFAULT_AGENCY_NAME,
      body: spans.length ? redact(d.body, spans) : d.body,
      redacted: spans.length > 0,
    });
    return render(printable, format, `${d.title}-${a.trackingCode}`, `document-${a.trackingCode}`);
  }

  /** The stored reply letter's facts, if the reply issued one. */
  async replyNotice(applicationId: string): Promise<NoticeRow | null> {
    return this.repo.latest(applicationId, 'reply');
  }

  private async letterFile(a: ApplicationRow, kind: NoticeKind, format: NoticeFormat): Promise<FileAnswer> {
    const n = await this.repo.latest(a.id, kind);
    if (!n) throw notFound('notice');
    return render(printableLetter(noticeLetter(n.facts)), format, `${NOTICE_TITLES_ZH[kind]}-${a.trackingCode}`, `${kind}-${a.trackingCode}`);
  }
}

async function render(p: Printable, format: NoticeFormat, title: string, ascii: string): Promise<FileAnswer> {
  const name = title.replace(/[\\/:*?"<>|\r\n]+/g, '_');
  if (format === 'html') return { fileName: `${name}.html`, asciiName: `${ascii}.html`, contentType: 'text/html; charset=utf-8', disposition: 'inline', body: printableHtml(p) };
  return { fileName: `${name}.docx`, asciiName: `${ascii}.docx`, contentType: DOCX_TYPE, disposition: 'attachment', body: await printableDocx(p) };
}
