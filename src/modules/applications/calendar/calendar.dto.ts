import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { Optional } from '../../../common/validation/optional.js';

const OVERRIDE_KINDS = ['holiday', 'workday'] as const;

/** The years whose working-day calendar an administrator may keep. */
export const CALENDAR_YEARS = { min: 2000, max: 2100 } as const;

class CalendarOverrideDto {
  @ApiProperty({ example: '2027-02-08', description: 'a China calendar date' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be written YYYY-MM-DD' })
  date: string;

  @ApiProperty({ enum: OVERRIDE_KINDS, example: 'holiday', description: 'holiday: not a working day; workday: an adjusted working day (调休)' })
  @IsIn(OVERRIDE_KINDS, { message: `kind must be one of ${OVERRIDE_KINDS.join(', ')}` })
  kind: 'holiday' | 'workday';

  @ApiPropertyOptional({ example: '春节', maxLength: 50 })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name?: string;
}

export class ChangeCalendarRequest {
  @ApiProperty({ type: [CalendarOverrideDto], description: 'added, or replacing the override of the same date', example: [{ date: '2027-02-08', kind: 'holiday', name: '春节' }] })
  @IsArray()
  @ArrayMaxSize(400)
  @ValidateNested({ each: true })
  @Type(() => CalendarOverrideDto)
  overrides: CalendarOverrideDto[];

  @ApiPropertyOptional({ example: 2027, description: 'mark this year’s holiday arrangement as complete (due dates in it are no longer flagged)' })
  @Optional()
  @IsInt()
  @Min(CALENDAR_YEARS.min)
  @Max(CALENDAR_YEARS.max)
  publishYear?: number;
}

export class CalendarQuery {
  @ApiPropertyOptional({ example: 2027 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(CALENDAR_YEARS.min)
  @Max(CALENDAR_YEARS.max)
  year?: number;
}

class CalendarOverrideResponse {
  @ApiProperty({ example: '2027-02-08' }) date: string;
  @ApiProperty({ enum: OVERRIDE_KINDS, example: 'holiday' }) kind: 'holiday' | 'workday';
  @ApiProperty({ type: String, nullable: true, example: '春节' }) name: string | null;
}

class CalendarGapResponse {
  @ApiProperty({ example: 2027 }) year: number;
  @ApiProperty({ example: 12, description: 'open applications whose clock reaches the year (their due dates are flagged calendarIncomplete)' }) openApplications: number;
}

export class CalendarResponse {
  @ApiProperty({ type: [CalendarOverrideResponse] }) items: CalendarOverrideResponse[];
  @ApiProperty({ type: [Number], example: [2027], description: 'years an administrator marked complete' }) publishedYears: number[];
  @ApiProperty({ type: [Number], example: [2024, 2025, 2026], description: 'years the State Council data of the chinese-days package covers' })
  packageYears: number[];
  @ApiProperty({
    type: [CalendarGapResponse],
    description:
      'years without holiday data that due dates need now: this year, the next year from 1 November, and every year an open application’s clock reaches; due dates in them assume Monday to Friday until the year’s arrangement is entered and published',
  })
  missing: CalendarGapResponse[];
}

export class CalendarChangeResponse {
  @ApiProperty({ type: [CalendarOverrideResponse] }) items: CalendarOverrideResponse[];
  @ApiProperty({ type: [Number], example: [2027] }) publishedYears: number[];
  @ApiProperty({ example: 3, description: 'open applications whose due date was recomputed' }) recomputed: number;
}

export class RecomputedResponse {
  @ApiProperty({ example: 3, description: 'open applications whose due date was recomputed' }) recomputed: number;
}
