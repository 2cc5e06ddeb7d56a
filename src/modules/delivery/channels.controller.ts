import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Policy } from '../authorization/policy.decorator.js';
import { BacklogPage, BacklogQuery, ChannelSummary, EntryChannel } from './channels.dto.js';
import { ChannelsService } from './channels.service.js';
import { DEFAULT_PAGE_LIMIT } from '../../common/pagination/pagination.js';

@ApiTags('delivery')
@ApiBearerAuth()
@Controller('api/v1')
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Get('catalogue/:indexNo/channels')
  @Policy('read', 'Channel')
  @ApiOperation({ summary: 'Where a catalogue entry stands on each publication channel: pending, delivered, failed or withdrawn, with the receiver’s URL of it (office, admin)' })
  @ApiOkResponse({ type: [EntryChannel] })
  @ApiNotFoundResponse({ description: 'no such entry' })
  ofEntry(@Param('indexNo') indexNo: string): Promise<EntryChannel[]> {
    return this.channels.ofEntry(indexNo);
  }

  @Get('channels')
  @Policy('read', 'Channel')
  @ApiOperation({ summary: 'The publication channels: receivers, and how many entries in the catalogue reached them, are on their way or failed (office, admin)' })
  @ApiOkResponse({ type: [ChannelSummary] })
  summary(): Promise<ChannelSummary[]> {
    return this.channels.summary();
  }

  @Get('channels/backlog')
  @Policy('read', 'Channel')
  @ApiOperation({ summary: 'Entries in the catalogue not yet on every channel they were sent to, newest first, with the receivers not reached (office, admin)' })
  @ApiOkResponse({ type: BacklogPage })
  backlog(@Query() q: BacklogQuery): Promise<BacklogPage> {
    return this.channels.backlog({ channel: q.channel, limit: q.limit ?? DEFAULT_PAGE_LIMIT, cursor: q.cursor });
  }
}
