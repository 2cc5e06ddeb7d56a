import { Controller, Get, Param, ParseUUIDPipe, Query, Res, type PipeTransform } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { notFound } from '../../../common/errors/domain-error.js';
import { contentDisposition } from '../../../common/http/content-disposition.js';
import type { DescribedPipe } from '../../../common/http/openapi.js';
import { PatternParam } from '../../../common/http/params.js';
import { Policy, Public } from '../../authorization/policy.decorator.js';
import { TRACKING_CODE_PATTERN } from '../applicant-identity.js';
import { NOTICE_KINDS, type NoticeKind } from '../domain/notices.js';
import { NoticeFormatQuery, NoticeResponse } from './notice.dto.js';
import { DOCX_TYPE, NoticesService, type FileAnswer } from './notices.service.js';

/** A letter's kind in the path; any other value is a letter that does not exist (404). */
class NoticeKindPipe implements PipeTransform<string, NoticeKind>, DescribedPipe {
  readonly openApiSchema = { type: 'string', enum: [...NOTICE_KINDS] };
  transform(value: string): NoticeKind {
    if (!(NOTICE_KINDS as readonly string[]).includes(value)) throw notFound('notice');
    return value as NoticeKind;
  }
}

const KIND_PARAM = ApiParam({ name: 'kind', enum: NOTICE_KINDS, description: 'receipt 受理回执, correction 补正告知书, extension 延期答复告知书, third_party 第三方意见征询函, fee 收费通知, reply 答复书' });
const FILE_ANSWER = ApiOkResponse({
  description: `DOCX (${DOCX_TYPE}, attachment) or printable HTML (text/html, inline)`,
  content: { [DOCX_TYPE]: { schema: { type: 'string', format: 'binary' } }, 'text/html': { schema: { type: 'string' } } },
});

function send(reply: FastifyReply, f: FileAnswer): Buffer | string {
  void reply.header('content-type', f.contentType).header('content-disposition', contentDisposition(f.fileName, { type: f.disposition, fallback: f.asciiName }));
  return f.body;
}

@ApiTags('applications')
@Controller('api/v1/applications')
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @Get(':id/notices')
  @Policy('manage', 'Application')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The statutory letters issued on an application, in the order issued (disclosure officer)' })
  @ApiOkResponse({ type: [NoticeResponse] })
  @ApiNotFoundResponse({ description: 'unknown application' })
  list(@Param('id', new ParseUUIDPipe()) id: string): Promise<NoticeResponse[]> {
    return this.notices.list(id);
  }

  @Get(':id/notices/:kind')
  @Policy('manage', 'Application')
  @ApiBearerAuth()
  @KIND_PARAM
  @ApiProduces(DOCX_TYPE, 'text/html')
  @ApiOperation({ summary: 'A letter of the application in Chinese, as DOCX or printable HTML (disclosure officer); the latest of its kind' })
  @FILE_ANSWER
  @ApiNotFoundResponse({ description: 'unknown application, or no letter of this kind issued' })
  async file(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('kind', new NoticeKindPipe()) kind: NoticeKind,
    @Query() q: NoticeFormatQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | string> {
    return send(reply, await this.notices.file(id, kind, q.format ?? 'docx'));
  }

  @Get('track/:trackingCode/notices/:kind')
  @Public()
  @PatternParam('trackingCode', TRACKING_CODE_PATTERN, 'the tracking code of the receipt (20 characters; case does not matter)')
  @KIND_PARAM
  @ApiProduces(DOCX_TYPE, 'text/html')
  @ApiOperation({ summary: 'A letter issued to the applicant, by tracking code (public), as DOCX or printable HTML' })
  @FILE_ANSWER
  @ApiNotFoundResponse({ description: 'no application has this tracking code, or no letter of this kind was issued' })
  async trackFile(
    @Param('trackingCode') code: string,
    @Param('kind', new NoticeKindPipe()) kind: NoticeKind,
    @Query() q: NoticeFormatQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | string> {
    return send(reply, await this.notices.trackFile(code, kind, q.format ?? 'docx'));
  }

  @Get('track/:trackingCode/documents/:documentId')
  @Public()
  @PatternParam('trackingCode', TRACKING_CODE_PATTERN, 'the tracking code of the receipt (20 characters; case does not matter)')
  @ApiProduces(DOCX_TYPE, 'text/html')
  @ApiOperation({ summary: 'A document the reply provided, by tracking code (public): its text with the withheld parts covered (■), as DOCX or printable HTML' })
  @FILE_ANSWER
  @ApiNotFoundResponse({ description: 'no application has this tracking code, or its reply did not provide this document' })
  async trackDocument(
    @Param('trackingCode') code: string,
    @Param('documentId', new ParseUUIDPipe()) documentId: string,
    @Query() q: NoticeFormatQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | string> {
    return send(reply, await this.notices.trackDocument(code, documentId, q.format ?? 'docx'));
  }
}
