import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsIsoInstant } from '../applications/http/iso-instant.js';
import { UNIT_CODE_PATTERN } from '../identity/unit-code.js';

const REPORT_FORMATS = ['json', 'csv', 'xlsx', 'html'] as const;
type ReportFormat = (typeof REPORT_FORMATS)[number];

export class ReportScopeQuery {
  @ApiPropertyOptional({ example: 'FGW', description: 'one unit’s report; default the whole government' })
  @IsOptional()
  @IsString()
  @Matches(UNIT_CODE_PATTERN, { message: 'unit must be a unit code (2–20 characters of A–Z, 0–9 and -)' })
  unit?: string;
}

export class ReportQuery extends ReportScopeQuery {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json', description: 'csv, xlsx and html are file downloads' })
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: `format must be one of ${REPORT_FORMATS.join(', ')}` })
  format?: ReportFormat;
}

// ---------------------------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------------------------

class UnitRef {
  @ApiProperty({ example: 'FGW' }) code: string;
  @ApiProperty({ example: '区发展和改革委员会' }) name: string;
}

class ProactiveRowDto {
  @ApiProperty({ example: 'normative_documents' }) key: string;
  @ApiProperty({ example: '行政规范性文件' }) label: string;
  @ApiProperty({ example: '第二十条第（一）项' }) section: string;
  @ApiPropertyOptional({ type: Number, nullable: true, example: 12, description: '2021: 本年制发件数' }) issued?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, example: 1, description: '2021: 本年废止件数' }) repealed?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, example: 87, description: '2021: 现行有效件数' }) in_force?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, example: 1520, description: '本年处理决定数量 (entered)' }) decisions?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, example: 36.5, description: '2021 fees: 本年收费金额（万元）; 2019 procurement: 采购总金额' }) amount?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: '2019: 本年新制作数量' }) newly_made?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: '2019: 本年新公开数量' }) newly_published?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: '2019: 对外公开总数量' }) total_published?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: '2019: 上一年项目数量' }) last_year_items?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: '2019: 本年增/减' }) change?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true, description: '2019: 采购项目数量' }) items?: number | null;
}

class ApplicationRowDto {
  @ApiProperty({ example: 'not_disclosed.state_secret' }) key: string;
  @ApiProperty({ example: '1.属于国家秘密' }) label: string;
  @ApiProperty({ example: 3 }) natural_person: number;
  @ApiProperty({ example: 1 }) commercial_enterprise: number;
  @ApiProperty({ example: 0 }) research_institution: number;
  @ApiProperty({ example: 0 }) social_welfare_org: number;
  @ApiProperty({ example: 0 }) legal_service_org: number;
  @ApiProperty({ example: 0 }) other_org: number;
  @ApiProperty({ example: 4 }) total: number;
}

class AppealCountsDto {
  @ApiProperty({ example: 2 }) upheld: number;
  @ApiProperty({ example: 1 }) corrected: number;
  @ApiProperty({ example: 0 }) other: number;
  @ApiProperty({ example: 1 }) pending: number;
  @ApiProperty({ example: 4 }) total: number;
}

class AppealsTableDto {
  @ApiProperty({ type: AppealCountsDto, description: '行政复议' }) reconsideration: AppealCountsDto;
  @ApiProperty({ type: AppealCountsDto, description: '行政诉讼：未经复议直接起诉' }) litigation: AppealCountsDto;
  @ApiProperty({ type: AppealCountsDto, description: '行政诉讼：复议后起诉' }) litigation_after_reconsideration: AppealCountsDto;
}

class ProactiveTableDto {
  @ApiProperty({ type: [ProactiveRowDto] }) rows: ProactiveRowDto[];
}

class ApplicationsTableDto {
  @ApiProperty({ type: [ApplicationRowDto], description: 'new, carried_over, the result rows, results_total, carried_forward — in the table’s order' })
  rows: ApplicationRowDto[];
}

export class ComplaintFiguresDto {
  @ApiProperty({ example: 12, description: 'received in the year' }) received: number;
  @ApiProperty({ example: 3, description: 'replied in the year, found substantiated or partly substantiated' }) substantiated: number;
  @ApiProperty({ example: 2, description: 'rectifications reported done in the year' }) rectified: number;
  @ApiProperty({ example: 0, description: 'replied in the year with accountability (talk, criticism or sanction)' }) accountability: number;
}

export class AnnualReportResponse {
  @ApiProperty({ example: 2025 }) year: number;
  @ApiProperty({ enum: ['2019', '2021'], example: '2021', description: '2019: 国办公开办函〔2019〕60号 (reports for 2019–2020); 2021: 国办公开办函〔2021〕30号' })
  template: '2019' | '2021';
  @ApiProperty({ type: UnitRef, nullable: true, description: 'null: the whole government' }) unit: UnitRef | null;
  @ApiProperty({ example: 356, description: 'items published proactively in the year (catalogue entries not revoked)' }) publishedCount: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { rules_and_normative_documents: 12, budgets_and_accounts: 30 } }) publishedByCategory: Record<string, number>;
  @ApiProperty({ type: [Number], example: [20, 25, 31, 28, 30, 27, 33, 29, 30, 35, 40, 28] }) publishedByMonth: number[];
  @ApiProperty({ type: ProactiveTableDto, description: 'Table 2' }) proactive: ProactiveTableDto;
  @ApiProperty({ type: ApplicationsTableDto, description: 'Table 3' }) applications: ApplicationsTableDto;
  @ApiProperty({ type: AppealsTableDto, description: 'Table 4' }) appeals: AppealsTableDto;
  @ApiProperty({ type: ComplaintFiguresDto, description: '一（六）监督保障: complaints and reports of the year' }) complaints: ComplaintFiguresDto;
}


// ---------------------------------------------------------------------------------------------
// Figures entered from other systems
// ---------------------------------------------------------------------------------------------

const count = (description: string) => ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, example: 120, description });

class ItemFiguresDto {
  @count('本年处理决定数量')
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  decisions?: number | null;

  @count('2019 template: 上一年项目数量')
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  lastYearItems?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: -3, description: '2019 template: 本年增/减 (may be negative)' })
  @IsOptional()
  @IsInt()
  @Min(-100_000_000)
  @Max(100_000_000)
  change?: number | null;
}

class FeeFiguresDto {
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, example: 36.5, description: '2021 template: 本年收费金额, in 万元 (¥10,000), up to 4 decimals' })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 4, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100_000_000)
  amount?: number | null;

  @count('2019 template: 上一年项目数量')
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  lastYearItems?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 0, description: '2019 template: 本年增/减' })
  @IsOptional()
  @IsInt()
  @Min(-100_000_000)
  @Max(100_000_000)
  change?: number | null;
}

class ProcurementFiguresDto {
  @count('2019 template: 采购项目数量')
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  items?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, example: 1250.8, description: '2019 template: 采购总金额 (万元)' })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 4, allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100_000_000)
  amount?: number | null;
}

/** Table 2 figures that come from other systems (licensing, penalties, coercion, fees, procurement). */
export class ReportInputsRequest {
  @ApiPropertyOptional({ type: ItemFiguresDto, description: '行政许可', example: { decisions: 1520 } })
  @IsOptional()
  @ValidateNested()
  @Type(() => ItemFiguresDto)
  licensing?: ItemFiguresDto;

  @ApiPropertyOptional({ type: ItemFiguresDto, description: '2019 template: 其他对外管理服务事项' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ItemFiguresDto)
  otherServices?: ItemFiguresDto;

  @ApiPropertyOptional({ type: ItemFiguresDto, description: '行政处罚', example: { decisions: 310 } })
  @IsOptional()
  @ValidateNested()
  @Type(() => ItemFiguresDto)
  penalty?: ItemFiguresDto;

  @ApiPropertyOptional({ type: ItemFiguresDto, description: '行政强制', example: { decisions: 12 } })
  @IsOptional()
  @ValidateNested()
  @Type(() => ItemFiguresDto)
  coercion?: ItemFiguresDto;

  @ApiPropertyOptional({ type: FeeFiguresDto, description: '行政事业性收费', example: { amount: 36.5 } })
  @IsOptional()
  @ValidateNested()
  @Type(() => FeeFiguresDto)
  fees?: FeeFiguresDto;

  @ApiPropertyOptional({ type: ProcurementFiguresDto, description: '2019 template: 政府集中采购' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProcurementFiguresDto)
  procurement?: ProcurementFiguresDto;
}

export class ReportInputsResponse {
  @ApiProperty({ example: 2025 }) year: number;
  @ApiProperty({ enum: ['2019', '2021'], example: '2021' }) template: '2019' | '2021';
  @ApiProperty({ type: UnitRef, nullable: true }) unit: UnitRef | null;
  @ApiProperty({ type: ReportInputsRequest, example: { licensing: { decisions: 1520 }, penalty: { decisions: 310 }, coercion: { decisions: 12 }, fees: { amount: 36.5 } } })
  inputs: ReportInputsRequest;
  @ApiProperty({ example: 1, description: '0 while nothing has been entered; also the ETag' }) version: number;
}

// ---------------------------------------------------------------------------------------------
// Narrative
// ---------------------------------------------------------------------------------------------

export class NarrativeRequest {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 20000, example: '2025年，区政府坚持以公开为常态、不公开为例外……', description: '一、总体情况' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  overall?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 20000, example: '政策解读的形式还不够丰富……', description: '五、存在的主要问题及改进情况' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  problems?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 20000, example: '本年度未收取信息处理费。', description: '六、其他需要报告的事项' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  other?: string | null;
}

export class NarrativeResponse {
  @ApiProperty({ example: 2025 }) year: number;
  @ApiProperty({ type: UnitRef, nullable: true }) unit: UnitRef | null;
  @ApiProperty({ type: String, nullable: true }) overall: string | null;
  @ApiProperty({ type: String, nullable: true }) problems: string | null;
  @ApiProperty({ type: String, nullable: true }) other: string | null;
  @ApiProperty({ example: 1 }) version: number;
}

// ---------------------------------------------------------------------------------------------
// Publication, reminders, repeal
// ---------------------------------------------------------------------------------------------

export class PublishReportResponse {
  @ApiProperty({ example: 2025 }) year: number;
  @ApiProperty({ type: UnitRef, nullable: true }) unit: UnitRef | null;
  @ApiProperty({ example: 'BGS-2026-000031' }) indexNo: string;
  @ApiProperty({ example: '2025年政府信息公开工作年度报告' }) title: string;
  @ApiProperty({ format: 'date-time' }) publishedAt: string;
  @ApiProperty({ example: '/api/v1/catalogue/BGS-2026-000031' }) url: string;
}

class ReminderItem {
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({ enum: ['government', 'department'], example: 'department' }) scope: 'government' | 'department';
  @ApiProperty({ type: UnitRef, nullable: true, description: 'null for the government’s own report' }) unit: UnitRef | null;
  @ApiProperty({ example: '2027-01-31', description: 'departments: 31 January; the government: 31 March (Art. 49)' }) dueDate: string;
  @ApiProperty({ example: 65, description: 'calendar days from today (China time); negative when late' }) daysRemaining: number;
  @ApiProperty({ example: false }) overdue: boolean;
  @ApiProperty({ example: false }) published: boolean;
  @ApiProperty({ type: String, nullable: true, example: null }) indexNo: string | null;
}

export class RemindersResponse {
  @ApiProperty({ example: '2026-11-27' }) today: string;
  @ApiProperty({ type: [ReminderItem], description: 'unpublished first, then by due date' }) items: ReminderItem[];
}

export class RepealRequest {
  @ApiProperty({ example: '2026-06-30T00:00:00+08:00', description: 'when the document ceased to be in force; not in the future, not before its publication' })
  @IsIsoInstant()
  repealedAt: string;
}

export class RepealResponse {
  @ApiProperty({ format: 'uuid' }) documentId: string;
  @ApiProperty({ example: '关于印发《区节能审查实施细则》的通知' }) title: string;
  @ApiProperty({ type: String, nullable: true, example: 'FGW-2024-000003' }) indexNo: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-06-30T00:00:00.000+08:00' }) repealedAt: string;
}
