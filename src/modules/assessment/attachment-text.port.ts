/** What the assessment needs from attachments: their extracted text, per attachment. */
export interface AttachmentText {
  id: string;
  filename: string;
  text: string;
  /** Whether the text could be read: images and damaged files cannot be scanned. */
  textStatus?: string;
}

export interface AttachmentTextSource {
  /**
   * The texts, oldest attachment first, as one scalar SQL expression (a JSON array) of the
   * document whose id is the SQL expression `documentId`, for a read of the assessment's own that
   * takes them in the same statement (AssessmentRepository.redactionsWith); `textsFrom` reads its value.
   */
  textsSql(documentId: string): string;
  textsFrom(value: unknown): AttachmentText[];
}

export const ATTACHMENT_TEXT = Symbol('ATTACHMENT_TEXT');
