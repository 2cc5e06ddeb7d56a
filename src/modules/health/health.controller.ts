import { Controller, Get, HttpException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../authorization/policy.decorator.js';
import { HealthService } from './health.service.js';

class HealthResponse {
  @ApiProperty({ example: 'ok' }) status: string;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'The process is up' })
  @ApiOkResponse({ type: HealthResponse })
  live(): HealthResponse {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOperation({ summary: 'The database answers' })
  @ApiOkResponse({ type: HealthResponse })
  @ApiServiceUnavailableResponse({ description: 'the database does not answer' })
  async ready(): Promise<HealthResponse> {
    if (!(await this.health.databaseAnswers())) {
      throw new HttpException({ statusCode: 503, message: 'database unavailable', error: 'Service Unavailable' }, 503);
    }
    return { status: 'ok' };
  }
}
