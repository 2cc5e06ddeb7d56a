/**
 * The public-attribute assessment and the confidentiality gate.
 *
 * - `assess` scans the body, title, summary and attachments (detectors in domain/), and suggests
 *   an attribute from the rule table, with its legal basis.
 * - `publicationCopy` is the only way text leaves for the catalogue: the body with every
 *   redaction span replaced by ■, one per character. The original stays internal.
 * - The gate: approving at secrecy review with findings needs acknowledgement; a secrecy marking
 *   is never published; no finding left unredacted is ever published.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error.js';
import { INTERPRETED_DOC_TYPES, type PublicAttribute } from '../documents/document.types.js';
import { DocumentsRepository, type DocumentRow } from '../documents/documents.repository.js';
import type { PublicCopy } from '../catalogue/catalogue.repository.js';
import { AssessmentRepository, type RedactionRow } from './assessment.repository.js';
import { ATTACHMENT_TEXT, type AttachmentText, type AttachmentTextSource } from './attachment-text.port.js';
import { redact, scanText, suggestAttribute, type Finding } from './domain/index.js';

export interface SourcedFinding extends Omit<Finding, 'kind'> {
  /** A detector's kind, or `unscanned_attachment`: a file whose text could not be read (an image, a scan). */
  kind: Finding['kind'] | 'unscanned_attachment';
  /** `body`, `title`, `summary` or `attachment:<id>` (offsets are into that text). */
  source: string;
  /** The finding lies inside a redaction span (body only). */
  redacted: boolean;
}

/** What the gate reads besides the document: its redaction spans and its attachments' texts. */
export interface GateInputs {
  spans: RedactionRow[];
  attachments: AttachmentText[];
}

export interface Assessment {
  suggestedAttribute: PublicAttribute;
  nonDisclosureReason: string | null;
  basis: { rule: string; article: string; explanation: string; explanationZh: string }[];
  mandatory: boolean;
  redactionSuggested: boolean;
  findings: SourcedFinding[];
  redactions: { id: string; start: number; end: number; findingId: string | null; note: string | null }[];
  /** What the reviewers should know that is not a finding: a proactive normative document or plan without an interpretation (三同步). */
  warnings: { code: 'missing_interpretation'; message: string; messageZh: string }[];
}

type AssessableDocument = Pick<DocumentRow, 'id' | 'title' | 'summary' | 'body' | 'docType' | 'category'> & Partial<Pick<DocumentRow, 'publicAttribute'>>;

@Injectable()
export class AssessmentService {
  constructor(
    private readonly repo: AssessmentRepository,
    @Inject(ATTACHMENT_TEXT) private readonly attachments: AttachmentTextSource,
    private readonly documents: DocumentsRepository,
  ) {}

  /** Redaction spans and attachment texts of a document: everything the scan needs besides the form. */
  private async load(doc: AssessableDocument): Promise<GateInputs> {
    // One statement: the spans, and the attachments' texts beside them.
    const { spans, alongside } = await this.repo.redactionsWith(doc.id, this.attachments.textsSql('$1'));
    return { spans, attachments: this.attachments.textsFrom(alongside) };
  }

  /**
   * What the gate reads (the spans and the attachments' texts), as one scalar SQL expression of
   * the document's id `$1`, for the statement that reads the document to carry (`inputsFrom` reads its value).
   */
  inputsSql(): string {
    return this.repo.withSql('$1', this.attachments.textsSql('$1'));
  }

  inputsFrom(value: unknown): GateInputs {
    const { spans, alongside } = this.repo.withFrom(value);
    return { spans, attachments: this.attachments.textsFrom(alongside) };
  }

  async findings(doc: AssessableDocument): Promise<SourcedFinding[]> {
    const { spans, attachments } = await this.load(doc);
    return scanDocument(doc, spans, attachments);
  }

  async assess(doc: AssessableDocument): Promise<Assessment> {
    const { spans, attachments } = await this.load(doc);
    const findings = scanDocument(doc, spans, attachments);
    const detected = findings.filter((f): f is SourcedFinding & Finding => f.kind !== 'unscanned_attachment');
    const s = suggestAttribute({ docType: doc.docType, category: doc.category, title: doc.title, body: doc.body, findings: detected });
    return {
      suggestedAttribute: s.suggestedAttribute,
      nonDisclosureReason: s.nonDisclosureReason,
      basis: s.basis,
      mandatory: s.mandatory,
      redactionSuggested: s.redactionSuggested,
      findings,
      redactions: spans.map(({ id, start, end, findingId, note }) => ({ id, start, end, findingId, note })),
      warnings: await this.warnings(doc),
    };
  }

  /** A proactive normative document or plan is published with its policy interpretation (三同步): warn while it has none. */
  private async warnings(doc: AssessableDocument): Promise<Assessment['warnings']> {
    if (doc.publicAttribute !== 'proactive' || !INTERPRETED_DOC_TYPES.includes(doc.docType)) return [];
    if ((await this.documents.countInterpretations(doc.id)) > 0) return [];
    return [
      {
        code: 'missing_interpretation',
        message: 'A proactive normative document or plan is published with its policy interpretation (text, graphic, video or Q&A); this one has none yet: add an interpretation from the document.',
        messageZh: '主动公开的行政规范性文件和规划方案应同步发布政策解读（文字、图解、视频或问答），本文件尚无解读：请从本文件“添加解读”。',
      },
    ];
  }

  /**
   * At secrecy review: findings need the reviewer's explicit acknowledgement. `inputs`: the
   * gate's inputs read with the document (`inputsSql`), or read here.
   */
  async beforeSecrecyApproval(doc: DocumentRow, acknowledged: boolean, inputs?: GateInputs): Promise<void> {
    if (acknowledged) return;
    const { spans, attachments } = inputs ?? (await this.load(doc));
    const open = scanDocument(doc, spans, attachments).filter((f) => !f.redacted);
    if (open.length > 0) {
      throw new DomainError(
        'invalid_state',
        `the document has ${open.length} assessment finding(s) (${describe(open)}); approve with "findingsAcknowledged": true once you have checked them`,
        { findings: open.map(({ id, kind, excerpt, source }) => ({ id, kind, excerpt, source })) },
      );
    }
  }

  /**
   * The gate before publication, and what the catalogue, the feeds and the search index may then
   * hold. A secrecy marking anywhere refuses publication, whoever asks; any other finding must
   * have been redacted (attachments cannot be, so they must be clean). The copy has every
   * redaction span replaced by ■; the original stays internal.
   */
  async publicationCopy(doc: DocumentRow, inputs?: GateInputs): Promise<PublicCopy> {
    const { spans, attachments } = inputs ?? (await this.load(doc));
    const findings = scanDocument(doc, spans, attachments);
    const secrecy = findings.filter((f) => f.kind === 'secrecy_marking');
    if (secrecy.length > 0) {
      throw new DomainError('invalid_state', `the document carries a secrecy marking (${describe(secrecy)}) and can never be published proactively (Art. 14)`, {
        findings: secrecy.map(({ id, kind, excerpt, source }) => ({ id, kind, excerpt, source })),
      });
    }
    // Unscanned attachments were acknowledged at secrecy review; everything detected must be redacted.
    const open = findings.filter((f) => !f.redacted && f.kind !== 'unscanned_attachment');
    if (open.length > 0) {
      throw new DomainError(
        'invalid_state',
        `${open.length} finding(s) would be published unredacted (${describe(open)}): redact them, replace the attachment, or choose another attribute`,
        { findings: open.map(({ id, kind, excerpt, source }) => ({ id, kind, excerpt, source })) },
      );
    }
    return {
      title: doc.title,
      summary: doc.summary,
      body: spans.length ? redact(doc.body, spans) : doc.body,
      attachmentsText: attachments.map((a) => a.text).join('\n\n'),
    };
  }
}

/** Every finding in the title, summary, body (marked when a span covers it) and attachments. */
function scanDocument(doc: AssessableDocument, spans: RedactionRow[], attachments: AttachmentText[]): SourcedFinding[] {
  const inSpan = (f: Finding) => spans.some((s) => s.start <= f.start && f.end <= s.end);
  const out: SourcedFinding[] = [];
  const add = (source: string, text: string | null, redactable: boolean) => {
    if (!text) return;
    for (const f of scanText(text)) {
      out.push({ ...f, id: source === 'body' ? f.id : `${source}/${f.id}`, source, redacted: redactable && inSpan(f) });
    }
  };
  add('title', doc.title, false);
  add('summary', doc.summary, false);
  add('body', doc.body, true);
  for (const a of attachments) {
    add(`attachment:${a.id}`, a.text, false);
    if (a.textStatus && a.textStatus !== 'extracted') {
      // Nobody can tell what an image or an unreadable file shows: the secrecy reviewer must look.
      out.push({
        id: `attachment:${a.id}/unscanned`,
        kind: 'unscanned_attachment',
        severity: 'medium',
        excerpt: a.filename,
        start: 0,
        end: 0,
        source: `attachment:${a.id}`,
        redacted: false,
      });
    }
  }
  return out;
}

function describe(fs: SourcedFinding[]): string {
  const shown = fs.slice(0, 5).map((f) => `${f.kind} ${f.excerpt} in ${f.source}`);
  return fs.length > 5 ? `${shown.join('; ')}; and ${fs.length - 5} more` : shown.join('; ');
}
