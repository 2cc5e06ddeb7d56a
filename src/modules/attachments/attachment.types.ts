/** The kinds of file a document may carry (Art. 24: the official files, for viewing and download). */
export const ATTACHMENT_KINDS = {
  pdf: { mediaType: 'application/pdf', extensions: ['.pdf'], label: 'PDF', inline: true },
  ofd: { mediaType: 'application/ofd', extensions: ['.ofd'], label: 'OFD', inline: false },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['.docx'], label: 'DOCX', inline: false },
  xlsx: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['.xlsx'], label: 'XLSX', inline: false },
  png: { mediaType: 'image/png', extensions: ['.png'], label: 'PNG', inline: true },
  jpeg: { mediaType: 'image/jpeg', extensions: ['.jpg', '.jpeg'], label: 'JPEG', inline: true },
} as const;

export type AttachmentKind = keyof typeof ATTACHMENT_KINDS;
export const ATTACHMENT_MEDIA_TYPES = Object.values(ATTACHMENT_KINDS).map((k) => k.mediaType);

export function kindOfMediaType(mediaType: string): AttachmentKind | null {
  for (const [kind, k] of Object.entries(ATTACHMENT_KINDS)) if (k.mediaType === mediaType) return kind as AttachmentKind;
  return null;
}

/**
 * What became of the text of a file: `extracted` (all of it), `truncated` (the first
 * MAX_TEXT_CHARS characters), `not_supported` (images: no text layer is read), `failed` (the
 * extraction ran out of time; the file is kept but its text is not searched or scanned).
 */
export const TEXT_STATUSES = ['extracted', 'truncated', 'not_supported', 'failed'] as const;
export type TextStatus = (typeof TEXT_STATUSES)[number];

/** Extracted text kept per attachment (characters). */
export const MAX_TEXT_CHARS = 2_000_000;
/** Files a document may carry. */
export const MAX_ATTACHMENTS_PER_DOCUMENT = 100;
/** Longest file name kept (characters, extension included). */
export const MAX_FILE_NAME_CHARS = 255;
