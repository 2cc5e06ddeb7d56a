import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsString, Matches, MaxLength, MinLength, registerDecorator } from 'class-validator';
import { Optional } from '../../common/validation/optional.js';

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
}

export class SubscriberResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
  @ApiProperty({ example: 'portal' }) channel: string;
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
  @ApiProperty({ example: 'catalogue.published' }) eventType: string;
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
