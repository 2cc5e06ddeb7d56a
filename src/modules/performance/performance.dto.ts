import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, Max, Min, ValidateNested, registerDecorator } from 'class-validator';
import { chinaYearOf } from '../../common/china-time.js';
import { Optional } from '../../common/validation/optional.js';
import { MAX_WEIGHT, RUBRIC_KEYS, type RubricKey } from './domain/metrics.js';

const FIRST_YEAR = 2019;
const FORMATS = ['json', 'xlsx'] as const;

/**
 * At most the current year (China time), read on each request. Registered as class-validator's
 * `max` with the bound as a live constraint, so the OpenAPI document (which reads `max`) states
 * the bound the service applies.
 */
function MaxCurrentYear(): PropertyDecorator {
  const constraints: number[] = [];
  Object.defineProperty(constraints, 0, { enumerable: true, get: () => chinaYearOf(new Date()) });
  return (target, property) =>
    registerDecorator({
      name: 'max',
      target: target.constructor,
      propertyName: String(property),
      constraints,
      validator: {
        validate: (v: unknown) => typeof v === 'number' && v <= chinaYearOf(new Date()),
        defaultMessage: (a) => `${a?.property ?? 'year'} must not be greater than ${chinaYearOf(new Date())}`,
      },
    });
}

export class PerformanceYearQuery {
  @ApiPropertyOptional({ example: 2025, description: 'the year (China time), from 2019 up to the current year; default: the current year' })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(FIRST_YEAR)
  @MaxCurrentYear()
  year?: number;
}

export class PerformanceQuery extends PerformanceYearQuery {
  @ApiPropertyOptional({ enum: [...FORMATS], default: 'json', description: 'xlsx: the ranking and the rubric as a workbook (a download)' })
  @Optional()
  @IsIn([...FORMATS], { message: `format must be one of ${FORMATS.join(', ')}` })
  format?: (typeof FORMATS)[number];
}

// ---------------------------------------------------------------------------------------------
// The rubric
// ---------------------------------------------------------------------------------------------

export class PerformanceRubricWeight {
  @ApiProperty({ enum: [...RUBRIC_KEYS], example: 'onTimeShare', description: 'the metric weighed' })
  @IsIn([...RUBRIC_KEYS], { message: `key must be one of ${RUBRIC_KEYS.join(', ')}` })
  key: RubricKey;

  @ApiProperty({ minimum: 0, maximum: MAX_WEIGHT, example: 15, description: 'its weight in the score (a whole number; 0: not scored)' })
  @IsInt()
  @Min(0)
  @Max(MAX_WEIGHT)
  weight: number;
}

export class SetPerformanceRubricRequest {
  @ApiProperty({
    type: [PerformanceRubricWeight],
    description: 'the whole rubric: each metric at most once; metrics left out weigh 0; not every weight 0',
    example: RUBRIC_KEYS.map((key) => ({ key, weight: 10 })),
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(RUBRIC_KEYS.length)
  @ValidateNested({ each: true })
  @Type(() => PerformanceRubricWeight)
  rubric: PerformanceRubricWeight[];
}

export class PerformanceRubricResponse {
  @ApiProperty({ type: [PerformanceRubricWeight], description: 'every metric with its weight, in the assessment’s order' }) rubric: PerformanceRubricWeight[];
  @ApiProperty({ example: 2, description: 'the rubric’s version (its ETag); version 1 is the default rubric' }) version: number;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'who set it (null: the default rubric)' }) updatedBy: string | null;
}

// ---------------------------------------------------------------------------------------------
// The assessment
// ---------------------------------------------------------------------------------------------

const count = (description: string) => ApiProperty({ type: 'integer', minimum: 0, example: 3, description });
const shareOf = (description: string) => ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, example: 0.85, description });

/** The metrics of a unit that are counted by month too. */
class PerformanceMonthlyMetrics {
  @count('catalogue entries published in the year and not revoked') documentsPublished: number;
  @ApiProperty({ type: Number, nullable: true, example: 6, description: 'median working days from the first submission to the publication (entries from the review chain); null without any' })
  medianWorkingDaysToPublish: number | null;
  @count('documents signed off in the year') documentsDecided: number;
  @shareOf('of those, the share decided proactive (主动公开); null when none was decided') proactiveShare: number | null;
  @count('applications handled by the unit received in the year') applicationsReceived: number;
  @count('… replied in the year') applicationsReplied: number;
  @count('… of those, replied by their due date') repliedOnTime: number;
  @shareOf('repliedOnTime / applicationsReplied; null when none was replied') onTimeShare: number | null;
  @count('applications whose due date fell in the year and that were not replied by it') overdue: number;
  @count('review steps of the unit’s documents past their due date in the year') stepsOverdue: number;
  @count('reconsiderations and lawsuits concluded in the year with the act corrected') correctedOnAppeal: number;
  @count('complaints and reports concerning the unit replied in the year as (partly) substantiated') complaintsSubstantiated: number;
}

export class PerformanceMetrics extends PerformanceMonthlyMetrics {
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'the disclosure guide’s last update before the end of the year (or now); null without a guide' })
  guideUpdatedAt: string | null;
  @ApiProperty({ minimum: 0, maximum: 1, example: 0.6, description: '1 − days since that update / 365, at least 0; 0 without a guide' }) guideFreshness: number;
}

const normalisedProperty = ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, description: 'scaled to 0..1 (1 best); null: no value, not scored' });

export class PerformanceNormalised {
  @normalisedProperty documentsPublished: number | null;
  @normalisedProperty medianWorkingDaysToPublish: number | null;
  @normalisedProperty proactiveShare: number | null;
  @normalisedProperty onTimeShare: number | null;
  @normalisedProperty overdue: number | null;
  @normalisedProperty stepsOverdue: number | null;
  @normalisedProperty correctedOnAppeal: number | null;
  @normalisedProperty complaintsSubstantiated: number | null;
  @normalisedProperty guideFreshness: number | null;
}

export class UnitPerformance {
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ example: 'FGW' }) code: string;
  @ApiProperty({ example: '区发展和改革委员会' }) name: string;
  @ApiProperty({ type: PerformanceMetrics }) metrics: PerformanceMetrics;
  @ApiProperty({ type: PerformanceNormalised, description: 'each weighed metric scaled to 0..1 (docs/performance-assessment.md)' }) normalised: PerformanceNormalised;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 100, example: 83.4, description: 'Σ weight · normalised / Σ weight × 100 over the metrics with a value' })
  score: number | null;
  @ApiProperty({ type: 'integer', nullable: true, minimum: 1, example: 1, description: 'by score; equal scores share a rank (1, 2, 2, 4)' }) rank: number | null;
}

export class PerformanceAssessmentResponse {
  @ApiProperty({ example: 2025 }) year: number;
  @ApiProperty({ format: 'date-time', description: 'counted up to here: the end of the year, or now while it runs' }) asOf: string;
  @ApiProperty({ example: 3, description: 'the version of the rubric used' }) rubricVersion: number;
  @ApiProperty({ type: [PerformanceRubricWeight] }) rubric: PerformanceRubricWeight[];
  @ApiProperty({ type: [UnitPerformance], description: 'every unit, best first (then by code); units without a score last' }) units: UnitPerformance[];
}

// ---------------------------------------------------------------------------------------------
// Trends and public statistics
// ---------------------------------------------------------------------------------------------

export class PerformanceTrendMonth extends PerformanceMonthlyMetrics {
  @ApiProperty({ minimum: 1, maximum: 12, example: 3 }) month: number;
}

class PerformanceTrendUnit {
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ example: 'FGW' }) code: string;
  @ApiProperty({ example: '区发展和改革委员会' }) name: string;
}

export class PerformanceTrendResponse {
  @ApiProperty({ example: 2025 }) year: number;
  @ApiProperty({ format: 'date-time' }) asOf: string;
  @ApiProperty({ type: PerformanceTrendUnit, nullable: true, description: 'null: every unit together' }) unit: PerformanceTrendUnit | null;
  @ApiProperty({ type: [PerformanceTrendMonth], description: 'January onwards, up to the current month while the year runs' }) months: PerformanceTrendMonth[];
}

class UnitStatisticsUnit {
  @ApiProperty({ example: 'FGW' }) code: string;
  @ApiProperty({ example: '区发展和改革委员会' }) name: string;
}

export class UnitStatisticsResponse {
  @ApiProperty({ type: UnitStatisticsUnit }) unit: UnitStatisticsUnit;
  @ApiProperty({ example: 2025 }) year: number;
  @ApiProperty({ format: 'date-time', description: 'counted up to here: the end of the year, or now while it runs' }) asOf: string;
  @count('items published proactively (catalogue entries not revoked)') documentsPublished: number;
  @ApiProperty({ type: 'array', items: { type: 'integer', minimum: 0 }, example: [3, 5, 4, 6, 2, 7, 3, 4, 5, 6, 4, 8], description: 'by month, January onwards' })
  publishedByMonth: number[];
  @count('disclosure applications received') applicationsReceived: number;
  @count('applications replied') applicationsReplied: number;
  @count('… of those, by their due date') repliedOnTime: number;
  @count('applications not replied by their due date') overdue: number;
  @count('reconsiderations and lawsuits that corrected the unit’s act') correctedOnAppeal: number;
  @count('complaints and reports found (partly) substantiated') complaintsSubstantiated: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'the disclosure guide’s last update' }) guideUpdatedAt: string | null;
}
