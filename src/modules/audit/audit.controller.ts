import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Policy } from '../authorization/policy.decorator.js';
import { AuditService } from './audit.service.js';

class AuditVerifyResponse {
  @ApiProperty({ example: true }) ok: boolean;
  @ApiProperty({ example: 1204 }) checked: number;
  @ApiProperty({ type: String, nullable: true, example: null }) firstBrokenId: string | null;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('verify')
  @Policy('verify', 'AuditLog')
  @ApiOperation({ summary: 'Walk the hash chain of the audit log and report the first broken row (admin)' })
  @ApiOkResponse({ type: AuditVerifyResponse })
  verify(): Promise<AuditVerifyResponse> {
    return this.audit.verify();
  }
}
