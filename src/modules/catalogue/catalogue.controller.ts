import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../authorization/policy.decorator.js';
import { CatalogueEntryDetail, CataloguePage, CatalogueQuery } from './catalogue.dto.js';
import { CatalogueService } from './catalogue.service.js';

@ApiTags('catalogue')
@Controller('api/v1/catalogue')
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'The public disclosure catalogue, newest first' })
  @ApiOkResponse({ type: CataloguePage })
  list(@Query() q: CatalogueQuery): Promise<CataloguePage> {
    return this.catalogue.list({ q: q.q, category: q.category, unit: q.unit, limit: q.limit ?? 20, cursor: q.cursor });
  }

  @Get(':indexNo')
  @Public()
  @ApiOperation({ summary: 'One published entry with its body' })
  @ApiOkResponse({ type: CatalogueEntryDetail })
  @ApiNotFoundResponse({ description: 'unknown or revoked' })
  detail(@Param('indexNo') indexNo: string): Promise<CatalogueEntryDetail> {
    return this.catalogue.detail(indexNo);
  }
}
