import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class CreateSubscriberRequest {
  @ApiProperty({ example: 'https://portal.example.gov.cn/hooks/gongkai' }) @IsString() @MaxLength(2000) url: string;
  @ApiPropertyOptional({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'Standard Webhooks secret; generated when absent' })
  @IsOptional()
  @IsString()
  @Matches(/^whsec_[A-Za-z0-9+/=]{24,}$/, { message: 'secret must be whsec_ followed by base64 (at least 18 bytes)' })
  secret?: string;
  @ApiPropertyOptional({ example: '区政府门户网站' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) description?: string;
}

export class UpdateSubscriberRequest {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) url?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) description?: string;
}

export class SubscriberResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() url: string;
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
  @ApiProperty({ type: [DeliveryAttempt] }) attemptLog: DeliveryAttempt[];
}

export class DeliveryPage {
  @ApiProperty({ type: [DeliveryResponse] }) items: DeliveryResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
