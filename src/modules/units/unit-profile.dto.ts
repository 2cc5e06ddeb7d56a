import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsString, IsUrl, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { Optional } from '../../common/validation/optional.js';

/**
 * A telephone number as a guide prints it: 5–24 digits, with spaces, hyphens, an area code in
 * brackets, a leading + and an extension (转 / ext): 010-65091234, (010)65091234,
 * +86 10 6509 1234, 13800138000, 12345, 010-65091234转8001.
 */
export const PHONE_PATTERN = /^(?=(?:[^0-9]*[0-9]){5,24}[^0-9]*$)\+?(?:\(\d{1,5}\)\s?)?\d[\d\s-]{2,22}\d(?:\s*(?:转|ext\.?|x)\s*\d{1,6})?$/i;
/** A mainland postal code (邮政编码): six digits. */
export const POSTCODE_PATTERN = /^\d{6}$/;

const PHONE_MESSAGE = (field: string) => `${field} must be a telephone number (digits, spaces, +, -, an area code in brackets, an extension with 转 or ext), e.g. 010-65091234`;

export class UnitLeader {
  @ApiProperty({ example: '王明', maxLength: 50 }) @IsString() @MinLength(1) @MaxLength(50) name: string;
  @ApiProperty({ example: '局长', maxLength: 100 }) @IsString() @MinLength(1) @MaxLength(100) title: string;
  @ApiProperty({ example: '主持全面工作，分管办公室、政务公开。', maxLength: 2000, description: 'the duties the leader is in charge of (分工)' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  duties: string;
}

/** A unit's profile: what its disclosure guide (政府信息公开指南) says about it (Art. 12). */
export class SaveUnitProfileRequest {
  @ApiProperty({ example: '负责全区国民经济和社会发展规划的拟订和组织实施……', maxLength: 10000, description: 'the unit’s functions (机构职能)' })
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  functions: string;

  @ApiProperty({ example: '北京市朝阳区日坛北路33号', maxLength: 300 }) @IsString() @MinLength(1) @MaxLength(300) address: string;

  @ApiProperty({ example: '100020', pattern: POSTCODE_PATTERN.source })
  @IsString()
  @Matches(POSTCODE_PATTERN, { message: 'postcode must be a 6-digit postal code (邮政编码), e.g. 100020' })
  postcode: string;

  @ApiProperty({ example: '工作日 上午9:00—12:00，下午13:30—17:00', maxLength: 300 }) @IsString() @MinLength(1) @MaxLength(300) officeHours: string;

  @ApiProperty({ example: '010-65091234', description: 'the disclosure office’s telephone' })
  @IsString()
  @MaxLength(40)
  @Matches(PHONE_PATTERN, { message: PHONE_MESSAGE('phone') })
  phone: string;

  @ApiPropertyOptional({ example: '010-65091235' })
  @Optional()
  @IsString()
  @MaxLength(40)
  @Matches(PHONE_PATTERN, { message: PHONE_MESSAGE('fax') })
  fax?: string;

  @ApiPropertyOptional({ format: 'email', maxLength: 254, example: 'gongkai@fgw.example.gov.cn' })
  @Optional()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email?: string;

  @ApiPropertyOptional({ format: 'uri', maxLength: 500, example: 'https://fgw.example.gov.cn/' })
  @Optional()
  @MaxLength(500)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'website must be an http(s) address, e.g. https://fgw.example.gov.cn/' })
  website?: string;

  @ApiProperty({ type: [UnitLeader], maxItems: 30, description: 'the unit’s leaders and what each is in charge of (领导信息)' })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => UnitLeader)
  leaders: UnitLeader[];

  @ApiProperty({ description: 'whether the unit itself receives applications for disclosure (依申请公开的受理机构)' })
  @IsBoolean({ message: 'acceptsApplications must be true or false' })
  acceptsApplications: boolean;
}

/** The profile's fields as stored (the request's, with absent optional ones as null). */
export class UnitProfileFields {
  @ApiProperty() functions: string;
  @ApiProperty() address: string;
  @ApiProperty({ example: '100020' }) postcode: string;
  @ApiProperty() officeHours: string;
  @ApiProperty({ example: '010-65091234' }) phone: string;
  @ApiProperty({ type: String, nullable: true }) fax: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, nullable: true }) website: string | null;
  @ApiProperty({ type: [UnitLeader] }) leaders: UnitLeader[];
  @ApiProperty() acceptsApplications: boolean;
}

export class UnitProfileResponse extends UnitProfileFields {
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ example: 'FGW' }) unitCode: string;
  @ApiProperty({ example: '区发展和改革委员会' }) unitName: string;
  @ApiProperty({ example: 3, description: 'also the ETag: send it as If-Match to change the profile' }) version: number;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ format: 'uuid' }) updatedBy: string;
  @ApiProperty({ description: 'not updated for 365 days: the guide is due for review' }) stale: boolean;
}

export class GuideSection {
  @ApiProperty({ enum: ['organisation', 'scope', 'proactive_channels', 'application_procedure', 'fees', 'remedies', 'contacts'] }) key: string;
  @ApiProperty({ example: '主动公开的范围' }) title: string;
  @ApiProperty({ description: 'plain text; paragraphs separated by blank lines' }) text: string;
}

class GuideUnit {
  @ApiProperty({ example: 'FGW' }) code: string;
  @ApiProperty({ example: '区发展和改革委员会' }) name: string;
}

export class GuideResponse {
  @ApiProperty({ type: GuideUnit }) unit: GuideUnit;
  @ApiProperty({ type: UnitProfileFields }) profile: UnitProfileFields;
  @ApiProperty({ type: [GuideSection] }) sections: GuideSection[];
  @ApiProperty({ description: 'the profile’s version the guide is made from' }) version: number;
  @ApiProperty({ format: 'date-time', description: 'last updated' }) updatedAt: string;
  @ApiProperty({ description: 'true when not updated for 365 days' }) stale: boolean;
  @ApiProperty({ format: 'date-time', description: 'when it becomes (or became) stale without an update' }) staleAt: string;
  @ApiProperty({ enum: ['zh', 'en'] }) lang: 'zh' | 'en';
}

export class GuideQuery {
  @ApiPropertyOptional({ enum: ['zh', 'en'], default: 'zh', description: 'the language of the standard sections (the profile stays as written)' })
  @Optional()
  @IsIn(['zh', 'en'], { message: 'lang must be zh or en' })
  lang?: 'zh' | 'en';
}
