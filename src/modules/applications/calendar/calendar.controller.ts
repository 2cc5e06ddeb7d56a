import { Body, Controller, Delete, Get, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { invalidInput } from '../../../common/errors/domain-error.js';
import { CurrentActor, Policy } from '../../authorization/policy.decorator.js';
import type { Actor } from '../../identity/user.types.js';
import { CalendarChangeResponse, CalendarQuery, CalendarResponse, ChangeCalendarRequest, RecomputedResponse } from './calendar.dto.js';
import { CalendarService } from './calendar.service.js';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('api/v1/calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('overrides')
  @Policy('manage', 'Calendar')
  @ApiOperation({ summary: 'The working-day calendar’s overrides, the published years and the years the package covers (admin)' })
  @ApiOkResponse({ type: CalendarResponse })
  list(@Query() q: CalendarQuery): Promise<CalendarResponse> {
    return this.calendar.list(q.year);
  }

  @Post('overrides')
  @Policy('manage', 'Calendar')
  @ApiOperation({
    summary: 'Add or replace overrides and optionally publish a year (admin); open applications’ due dates are recomputed in the same transaction',
  })
  @ApiCreatedResponse({ type: CalendarChangeResponse })
  @ApiBadRequestResponse({ description: 'an invalid or repeated date, an unknown kind, or a year without holidays to publish' })
  async change(@Body() body: ChangeCalendarRequest, @CurrentActor() actor: Actor): Promise<CalendarChangeResponse> {
    if (body.overrides.length === 0 && body.publishYear === undefined) throw invalidInput('send overrides, publishYear or both');
    const res = await this.calendar.change(actor, body.overrides, body.publishYear);
    return { items: res.overrides, publishedYears: res.publishedYears, recomputed: res.recomputed };
  }

  @Delete('overrides/:date')
  @Policy('manage', 'Calendar')
  @ApiOperation({ summary: 'Remove the override of a date (admin); open applications’ due dates are recomputed' })
  @ApiOkResponse({ type: RecomputedResponse })
  @ApiNotFoundResponse({ description: 'no override on that date' })
  async remove(@Param('date') date: string, @CurrentActor() actor: Actor): Promise<RecomputedResponse> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw invalidInput('date must be written YYYY-MM-DD');
    return { recomputed: await this.calendar.removeOverride(actor, date) };
  }

  @Delete('years/:year')
  @Policy('manage', 'Calendar')
  @ApiOperation({ summary: 'Withdraw the publication of a year (admin); its due dates are flagged as incomplete again' })
  @ApiOkResponse({ type: RecomputedResponse })
  @ApiNotFoundResponse({ description: 'the year was not published' })
  async unpublish(@Param('year', new ParseIntPipe()) year: number, @CurrentActor() actor: Actor): Promise<RecomputedResponse> {
    return { recomputed: await this.calendar.unpublishYear(actor, year) };
  }
}
