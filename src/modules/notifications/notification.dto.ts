import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, Matches } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination.js';
import { Optional } from '../../common/validation/optional.js';
import { NOTIFICATION_KINDS, SUBJECT_TYPES, type NotificationKind, type SubjectType } from './notification.types.js';

export class ListNotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ type: Boolean, description: 'true: only the unread ones' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'unread must be true or false' })
  unread?: boolean;
}

export class NotificationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS, example: 'task' }) kind: NotificationKind;
  @ApiProperty({ enum: SUBJECT_TYPES, example: 'document', description: 'what it links to: /documents/:id, /applications/:id or /complaints/:id in the web UI' }) subjectType: SubjectType;
  @ApiProperty({ format: 'uuid' }) subjectId: string;
  @ApiProperty({ example: '待保密审查：《关于印发〈政府信息公开工作规则〉的通知》' }) title: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt: string | null;
}

export class NotificationPage {
  @ApiProperty({ type: [NotificationResponse] }) items: NotificationResponse[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
  @ApiProperty({ example: 3, description: 'the caller’s unread notifications, all of them (not only this page)' }) unreadCount: number;
}

export class ReadAllResponse {
  @ApiProperty({ example: 3, description: 'how many were unread and are now read' }) updated: number;
}

export class StreamTicketResponse {
  @ApiProperty({ example: 'q3m2Jv0m3l7c0xvW0p3m8m9b3kq2Z0Ffq0x2m0rX1yQ', description: 'single use, for GET /api/v1/notifications/stream?ticket=' }) ticket: string;
  @ApiProperty({ example: 60, description: 'seconds until the ticket expires unused' }) expiresIn: number;
}

export class StreamQuery {
  @ApiProperty({ description: 'a ticket from POST /api/v1/notifications/stream-tickets', example: 'q3m2Jv0m3l7c0xvW0p3m8m9b3kq2Z0Ffq0x2m0rX1yQ' })
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'ticket must be a ticket from POST /api/v1/notifications/stream-tickets' })
  ticket: string;
}

export class UpdateMeRequest {
  @ApiPropertyOptional({ type: Boolean, description: 'false: no notifications by e-mail for me (the inbox keeps them all)' })
  @Optional()
  @IsBoolean({ message: 'emailNotifications must be true or false' })
  emailNotifications?: boolean;
}
