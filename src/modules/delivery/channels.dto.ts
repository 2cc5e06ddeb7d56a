import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination.js';
import { Optional } from '../../common/validation/optional.js';
import { CHANNEL_PATTERN } from './delivery.dto.js';

export const CHANNEL_STATES = ['pending', 'delivered', 'failed', 'withdrawn'] as const;
export type ChannelState = (typeof CHANNEL_STATES)[number];

export class EntryChannel {
  @ApiProperty({ example: 'wechat' }) channel: string;
  @ApiProperty({ format: 'uuid' }) subscriberId: string;
  @ApiProperty({ type: String, nullable: true, example: '“朝阳发布”微信公众号' }) description: string | null;
  @ApiProperty({
    enum: CHANNEL_STATES,
    description: 'pending: on its way (retrying, or held back behind an earlier delivery about the same document); delivered: the receiver took it; failed: it gave up retrying (replay it); withdrawn: the revocation reached the receiver',
  })
  state: ChannelState;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when the publication reached the receiver' }) deliveredAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when the revocation reached the receiver' }) withdrawnAt: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'https://mp.weixin.qq.com/s/Xq3', description: 'where the receiver published it: "url" of its 2xx JSON answer' })
  remoteUrl: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the last failure, while not delivered' }) lastError: string | null;
  @ApiProperty() attempts: number;
}

export class ChannelSummary {
  @ApiProperty({ example: 'portal' }) channel: string;
  @ApiProperty({ description: 'receivers registered for the channel' }) subscribers: number;
  @ApiProperty({ description: 'of them, active' }) active: number;
  @ApiProperty({ description: 'publications of entries in the catalogue that reached a receiver' }) delivered: number;
  @ApiProperty({ description: '… on their way' }) pending: number;
  @ApiProperty({ description: '… given up (replay them)' }) failed: number;
}

class BacklogChannel {
  @ApiProperty() channel: string;
  @ApiProperty({ format: 'uuid' }) subscriberId: string;
  @ApiProperty({ enum: ['pending', 'failed'] }) state: 'pending' | 'failed';
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty() attempts: number;
  @ApiProperty({ description: 'held back behind an earlier delivery about the same document' }) waiting: boolean;
}

export class BacklogItem {
  @ApiProperty({ example: 'FGW-2026-000017' }) indexNo: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time' }) publishedAt: string;
  @ApiProperty({ type: [BacklogChannel], description: 'the receivers it has not reached yet' }) channels: BacklogChannel[];
}

export class BacklogPage {
  @ApiProperty({ type: [BacklogItem] }) items: BacklogItem[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class BacklogQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'wechat', description: 'only this channel' })
  @Optional()
  @IsString()
  @Matches(CHANNEL_PATTERN, { message: 'channel must be a channel code' })
  channel?: string;
}
