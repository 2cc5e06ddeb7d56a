/** What the assessment needs from attachments: their extracted text, per attachment. */
export interface AttachmentText {
  id: string;
  filename: string;
  text: string;
  /** Whether the text could be read: images and damaged files cannot be scanned. */
  textStatus?: string;
}

export interface AttachmentTextSource {
  texts(documentId: string): Promise<AttachmentText[]>;
}

export const ATTACHMENT_TEXT = Symbol('ATTACHMENT_TEXT');
