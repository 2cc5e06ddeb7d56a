import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PUBLIC_REVALIDATE } from '../../common/http/http-edge.js';
import { PatternParam } from '../../common/http/params.js';
import { Public } from '../authorization/policy.decorator.js';
import { CatalogueEntryDetail, CataloguePage, CatalogueQuery, ChangesQuery, ChangesResponse, PublishingUnit } from './catalogue.dto.js';
import { CatalogueService } from './catalogue.service.js';
import { INDEX_NO_PATTERN } from './index-number.js';
import { DEFAULT_PAGE_LIMIT } from '../../common/pagination/pagination.js';

@ApiTags('catalogue')
@Controller('api/v1/catalogue')
export class CatalogueController {
  constructor(private readonly catalogue: CatalogueService) {}

  @Get()
  @Public()
  @Header('cache-control', PUBLIC_REVALIDATE)
  @ApiOperation({ summary: 'The public disclosure catalogue, newest first; q searches titles, summaries, bodies and attachments (Chinese and English)' })
  @ApiOkResponse({ type: CataloguePage })
  list(@Query() q: CatalogueQuery): Promise<CataloguePage> {
    return this.catalogue.list({ q: q.q, sort: q.sort, category: q.category, unit: q.unit, limit: q.limit ?? DEFAULT_PAGE_LIMIT, cursor: q.cursor });
  }

  @Get('changes')
  @Public()
  @Header('cache-control', PUBLIC_REVALIDATE)
  @ApiOperation({
    summary: 'Every publication and revocation, in order, exactly once',
    description: 'Store lastSeq and poll again with after=lastSeq. Changes whose transactions are still running are held back until they are final, so none is skipped.',
  })
  @ApiOkResponse({ type: ChangesResponse })
  changes(@Query() q: ChangesQuery): Promise<ChangesResponse> {
    return this.catalogue.changesAfter(q.after ?? 0, q.limit ?? 100);
  }

  @Get('units')
  @Public()
  @Header('cache-control', PUBLIC_REVALIDATE)
  @ApiOperation({ summary: 'The publishing units (code and name), for the catalogue’s unit filter, each with a link to its disclosure guide' })
  @ApiOkResponse({ type: [PublishingUnit] })
  units(): Promise<PublishingUnit[]> {
    return this.catalogue.units();
  }

  @Get(':indexNo')
  @Public()
  @PatternParam('indexNo', INDEX_NO_PATTERN, 'the index number, e.g. FGW-2026-000017')
  @Header('cache-control', PUBLIC_REVALIDATE)
  @ApiOperation({ summary: 'One published entry with its body' })
  @ApiOkResponse({ type: CatalogueEntryDetail })
  @ApiNotFoundResponse({ description: 'unknown or revoked' })
  detail(@Param('indexNo') indexNo: string): Promise<CatalogueEntryDetail> {
    return this.catalogue.detail(indexNo);
  }
}
