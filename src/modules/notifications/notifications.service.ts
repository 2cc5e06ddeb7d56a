import { Injectable } from '@nestjs/common';
import { invalidInput } from '../../common/errors/domain-error.js';
import { decodeCursor, toPage } from '../../common/pagination/pagination.js';
import type { NotificationPage, NotificationResponse } from './notification.dto.js';
import { NotificationsRepository, type NotificationRow } from './notifications.repository.js';

export function toNotificationResponse(r: NotificationRow): NotificationResponse {
  return {
    id: r.id,
    kind: r.kind,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    title: r.title,
    createdAt: new Date(r.createdAt).toISOString(),
    readAt: r.readAt ? new Date(r.readAt).toISOString() : null,
  };
}

/** The inbox: the caller's own notifications, newest first, and how many are unread. */
@Injectable()
export class NotificationsService {
  constructor(private readonly repo: NotificationsRepository) {}

  async list(userId: string, q: { unread: boolean; limit: number; cursor?: string }): Promise<NotificationPage> {
    const after = decodeCursor(q.cursor, ['string', 'string']) as [string, string] | null;
    if (after && (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(after[1]) || Number.isNaN(Date.parse(after[0])))) throw invalidInput('cursor is not valid');
    const [rows, unreadCount] = await Promise.all([this.repo.list(userId, q.unread, q.limit + 1, after), this.repo.unreadCount(userId)]);
    return { ...toPage(rows, q.limit, toNotificationResponse, (r) => [r.cursorTs, r.id]), unreadCount };
  }
}
