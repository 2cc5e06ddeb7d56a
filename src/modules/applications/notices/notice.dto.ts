import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Optional } from '../../../common/validation/optional.js';
import { NOTICE_KINDS, type NoticeKind } from '../domain/notices.js';

export const NOTICE_FORMATS = ['docx', 'html'] as const;
export type NoticeFormat = (typeof NOTICE_FORMATS)[number];

export class NoticeFormatQuery {
  @ApiPropertyOptional({ enum: NOTICE_FORMATS, default: 'docx', description: 'docx (Word) or html (printable page); default docx' })
  @Optional()
  @IsIn(NOTICE_FORMATS, { message: `format must be one of ${NOTICE_FORMATS.join(', ')}` })
  format?: NoticeFormat;
}

export class NoticeResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOTICE_KINDS, example: 'receipt', description: 'receipt 受理回执, correction 补正告知书, extension 延期答复告知书, third_party 第三方意见征询函, fee 收费通知, reply 答复书' })
  kind: NoticeKind;
  @ApiProperty({ example: '〔2026〕第12号', description: 'gap-free per issuing agency and year' }) number: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-11T09:30:00.000+08:00' }) issuedAt: string;
}

export class TrackNotice {
  @ApiProperty({ enum: NOTICE_KINDS, example: 'reply' }) kind: NoticeKind;
  @ApiProperty({ example: '〔2026〕第12号' }) number: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-10T10:00:00.000+08:00' }) issuedAt: string;
  @ApiProperty({ example: '/api/v1/applications/track/K7QX2MZ4HB6TNW3RJ5VA/notices/reply', description: 'downloads the letter without login (?format=docx, the default, or html)' })
  url: string;
}

export class TrackDocument {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '2026年老旧小区改造资金拨付表' }) title: string;
  @ApiProperty({ example: true, description: 'parts withheld (Art. 37) are covered with ■ in every copy' }) redacted: boolean;
  @ApiProperty({ example: '/api/v1/applications/track/K7QX2MZ4HB6TNW3RJ5VA/documents/3f0c6e2a-8b1d-4c5e-9f7a-2d4b6c8e0a13', description: 'downloads the copy provided, redactions applied (?format=docx or html)' })
  url: string;
}

export class ExplanationLineDto {
  @ApiProperty({
    enum: ['receipt', 'correction_requested', 'restart', 'pause', 'resume', 'extension', 'replied', 'due', 'counted', 'holidays', 'workdays', 'calendar'],
    example: 'counted',
  })
  kind: string;
  @ApiProperty({ example: 'Counted 2026-09-08 – 2026-09-15: 6 working days' }) text: string;
  @ApiProperty({ example: '2026年9月8日至2026年9月15日计6个工作日' }) textZh: string;
}
