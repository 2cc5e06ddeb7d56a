import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { BoundedIntPipe, PatternParam } from '../../../common/http/params.js';
import { CurrentActor, Policy } from '../../authorization/policy.decorator.js';
import type { Actor } from '../../identity/user.types.js';
import { CALENDAR_YEARS, CalendarChangeResponse, CalendarQuery, CalendarResponse, ChangeCalendarRequest, RecomputedResponse } from './calendar.dto.js';
import { CalendarService } from './calendar.service.js';
import { ChangeCalendarUseCase } from './change-calendar.use-case.js';
import { RemoveCalendarOverrideUseCase } from './remove-calendar-override.use-case.js';
import { UnpublishCalendarYearUseCase } from './unpublish-calendar-year.use-case.js';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('api/v1/calendar')
export class CalendarController {
  constructor(
    private readonly calendar: CalendarService,
    private readonly changeCalendar: ChangeCalendarUseCase,
    private readonly removeOverride: RemoveCalendarOverrideUseCase,
    private readonly unpublishYear: UnpublishCalendarYearUseCase,
  ) {}

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
    const res = await this.changeCalendar.execute({ actor, overrides: body.overrides, publishYear: body.publishYear });
    return { items: res.overrides, publishedYears: res.publishedYears, recomputed: res.recomputed };
  }

  @Delete('overrides/:date')
  @Policy('manage', 'Calendar')
  @PatternParam('date', /^\d{4}-\d{2}-\d{2}$/, 'a China calendar date, YYYY-MM-DD')
  @ApiOperation({ summary: 'Remove the override of a date (admin); open applications’ due dates are recomputed' })
  @ApiOkResponse({ type: RecomputedResponse })
  @ApiNotFoundResponse({ description: 'no override on that date' })
  async remove(@Param('date') date: string, @CurrentActor() actor: Actor): Promise<RecomputedResponse> {
    return { recomputed: await this.removeOverride.execute({ actor, date }) };
  }

  @Delete('years/:year')
  @Policy('manage', 'Calendar')
  @ApiOperation({ summary: 'Withdraw the publication of a year (admin); its due dates are flagged as incomplete again' })
  @ApiOkResponse({ type: RecomputedResponse })
  @ApiNotFoundResponse({ description: 'the year was not published' })
  async unpublish(@Param('year', new BoundedIntPipe('year', CALENDAR_YEARS.min, () => CALENDAR_YEARS.max)) year: number, @CurrentActor() actor: Actor): Promise<RecomputedResponse> {
    return { recomputed: await this.unpublishYear.execute({ actor, year }) };
  }
}
