import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsString, Matches, MaxLength, MinLength, ValidateNested, registerDecorator } from 'class-validator';
import { Optional } from '../../common/validation/optional.js';
import { SENDER_CODE_PATTERN, SUBSCRIBER_FORMATS, type SubscriberFormat } from './exchange-package.js';

/** Why `url` cannot receive webhooks, or null: an http(s) URL with a host and without credentials (the signature authenticates deliveries). */
function webhookUrlProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'is not a valid URL';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return 'must be http(s)';
  if (!u.hostname) return 'must name a host';
  if (u.username || u.password) return 'must not carry credentials; the signature authenticates deliveries';
  return null;
}

function IsWebhookUrl(): PropertyDecorator {
  return (target: object, property: string | symbol) =>
    registerDecorator({
      name: 'isWebhookUrl',
      target: target.constructor,
      propertyName: property as string,
      validator: {
        validate: (v: unknown) => typeof v === 'string' && webhookUrlProblem(v) === null,
        defaultMessage: (a) => `${a?.property ?? 'url'} ${typeof a?.value === 'string' ? (webhookUrlProblem(a.value) ?? 'is not valid') : 'must be a string'}`,
      },
    });
}

const URL_SCHEMA = { format: 'uri', pattern: '^[Hh][Tt][Tt][Pp][Ss]?://', maxLength: 2000, example: 'https://portal.example.gov.cn/hooks/gongkai' };

/** A channel's short code (Art. 23: the portal, the WeChat account, Weibo, the gazette, …). */
export const CHANNEL_PATTERN = /^[a-z][a-z0-9_-]{1,31}$/;
const CHANNEL_SCHEMA = {
  pattern: CHANNEL_PATTERN.source,
  example: 'wechat',
  description: 'the channel the receiver publishes on, a short code: portal (default), wechat, weibo, gazette, … (a–z, 0–9, _ and -, 2–32 characters)',
};

const FORMAT_SCHEMA = {
  enum: SUBSCRIBER_FORMATS,
  example: 'standard',
  description:
    'standard: Standard Webhooks events (catalogue.published, catalogue.revoked); exchange: the exchange package of docs/exchange.schema.json for the upper-level platform (needs sender)',
};

/** Who the exchange packages come from: the agency as the receiving platform knows it. */
export class ExchangeSenderDto {
  @ApiProperty({ pattern: SENDER_CODE_PATTERN.source, maxLength: 64, example: '11110105000078452X', description: 'the agency’s code at the receiving platform, e.g. its unified social credit code (统一社会信用代码)' })
  @IsString()
  @MaxLength(64)
  @Matches(SENDER_CODE_PATTERN, { message: 'sender.code must be 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit' })
  code: string;
  @ApiProperty({ minLength: 1, maxLength: 200, example: '北京市朝阳区人民政府' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
}

const SENDER_DOC = 'who the exchange packages come from (required with format exchange); replaces the stored one';

export class CreateSubscriberRequest {
  @ApiProperty(URL_SCHEMA) @IsString() @MaxLength(2000) @IsWebhookUrl() url: string;
  @ApiPropertyOptional({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'Standard Webhooks secret; generated when absent' })
  @Optional()
  @IsString()
  @Matches(/^whsec_[A-Za-z0-9+/=]{24,}$/, { message: 'secret must be whsec_ followed by base64 (at least 18 bytes)' })
  secret?: string;
  @ApiPropertyOptional({ example: '区政府门户网站' }) @Optional() @IsString() @MinLength(1) @MaxLength(200) description?: string;
  @ApiPropertyOptional({ ...CHANNEL_SCHEMA, default: 'portal' })
  @Optional()
  @IsString()
  @Matches(CHANNEL_PATTERN, { message: 'channel must be a short code: a–z first, then a–z, 0–9, _ or -, 2–32 characters' })
  channel?: string;
  @ApiPropertyOptional({ ...FORMAT_SCHEMA, default: 'standard' })
  @Optional()
  @IsIn(SUBSCRIBER_FORMATS, { message: `format must be one of ${SUBSCRIBER_FORMATS.join(', ')}` })
  format?: SubscriberFormat;
  @ApiPropertyOptional({ type: ExchangeSenderDto, description: SENDER_DOC })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => ExchangeSenderDto)
  sender?: ExchangeSenderDto;
}

export class UpdateSubscriberRequest {
  @ApiPropertyOptional() @Optional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional(URL_SCHEMA) @Optional() @IsString() @MaxLength(2000) @IsWebhookUrl() url?: string;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(200) description?: string;
  @ApiPropertyOptional(CHANNEL_SCHEMA)
  @Optional()
  @IsString()
  @Matches(CHANNEL_PATTERN, { message: 'channel must be a short code: a–z first, then a–z, 0–9, _ or -, 2–32 characters' })
  channel?: string;
  @ApiPropertyOptional(FORMAT_SCHEMA)
  @Optional()
  @IsIn(SUBSCRIBER_FORMATS, { message: `format must be one of ${SUBSCRIBER_FORMATS.join(', ')}` })
  format?: SubscriberFormat;
  @ApiPropertyOptional({ type: ExchangeSenderDto, description: SENDER_DOC })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => ExchangeSenderDto)
  sender?: ExchangeSenderDto;
}

class ExchangeSenderView {
  @ApiProperty({ example: '11110105000078452X' }) code: string;
  @ApiProperty({ example: '北京市朝阳区人民政府' }) name: string;
}

export class SubscriberResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ example: 'portal' }) channel: string;
  @ApiProperty({ enum: SUBSCRIBER_FORMATS, example: 'standard', description: 'what the deliveries carry: Standard Webhooks events, or exchange packages (docs/exchange.schema.json)' })
  format: SubscriberFormat;
  @ApiProperty({ type: ExchangeSenderView, nullable: true, description: 'who the exchange packages come from; null when none is set' }) sender: ExchangeSenderView | null;
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CreatedSubscriberResponse extends SubscriberResponse {
  @ApiProperty({ description: 'shown once: verify webhook-signature with it' }) secret: string;
}

class DeliveryAttempt {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: Number, nullable: true, example: 200 }) statusCode: number | null;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty() durationMs: number;
}

export class DeliveryResponse {
  @ApiProperty({ format: 'uuid', description: 'also the webhook-id header' }) id: string;
  @ApiProperty({ example: 'catalogue.published', description: 'catalogue.published, catalogue.revoked; exchange.publication, exchange.revocation, exchange.annual_report' }) eventType: string;
  @ApiProperty({ type: Object }) payload: Record<string, unknown>;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: Number, nullable: true }) lastStatus: number | null;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the URL the receiver answered with ({"url": …})' }) remoteUrl: string | null;
  @ApiProperty({ description: 'held back until an earlier delivery about the same document reaches the receiver' }) waiting: boolean;
  @ApiProperty({ type: [DeliveryAttempt] }) attemptLog: DeliveryAttempt[];
}

export class DeliveryPage {
  @ApiProperty({ type: [DeliveryResponse] }) items: DeliveryResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
