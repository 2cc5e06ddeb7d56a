import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, Policy, Public } from '../authorization/policy.decorator.js';
import { UserResponse } from '../identity/identity.dto.js';
import { IdentityService } from '../identity/identity.service.js';
import type { Actor } from '../identity/user.types.js';
import { ChangeMailPreferenceUseCase } from './change-mail-preference.use-case.js';
import { IssueStreamTicketUseCase } from './issue-stream-ticket.use-case.js';
import { MarkAllNotificationsReadUseCase } from './mark-all-notifications-read.use-case.js';
import { MarkNotificationReadUseCase } from './mark-notification-read.use-case.js';
import { ListNotificationsQuery, NotificationPage, NotificationResponse, ReadAllResponse, StreamQuery, StreamTicketResponse, UpdateMeRequest } from './notification.dto.js';
import { NotificationHub } from './notification-hub.js';
import { NotificationsService, toNotificationResponse } from './notifications.service.js';
import { OpenNotificationStreamUseCase } from './open-notification-stream.use-case.js';
import { DEFAULT_PAGE_LIMIT } from '../../common/pagination/pagination.js';

@ApiTags('notifications')
@Controller('api/v1')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly markRead: MarkNotificationReadUseCase,
    private readonly markAllRead: MarkAllNotificationsReadUseCase,
    private readonly issueTicket: IssueStreamTicketUseCase,
    private readonly openStream: OpenNotificationStreamUseCase,
    private readonly changeMailPreference: ChangeMailPreferenceUseCase,
    private readonly identity: IdentityService,
    private readonly hub: NotificationHub,
  ) {}

  @Get('notifications')
  @Policy('read', 'Profile')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The caller’s own notifications, newest first, with the unread count' })
  @ApiOkResponse({ type: NotificationPage })
  list(@Query() q: ListNotificationsQuery, @CurrentActor() actor: Actor): Promise<NotificationPage> {
    return this.notifications.list(actor.id, { unread: q.unread === true, limit: q.limit ?? DEFAULT_PAGE_LIMIT, cursor: q.cursor });
  }

  @Post('notifications/read-all')
  @HttpCode(200)
  @Policy('read', 'Profile')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Mark every unread notification of the caller read' })
  @ApiOkResponse({ type: ReadAllResponse })
  readAll(@CurrentActor() actor: Actor): Promise<ReadAllResponse> {
    return this.markAllRead.execute({ actor });
  }

  @Post('notifications/stream-tickets')
  @Policy('read', 'Profile')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'A single-use ticket (valid 60 s) to open the live stream with (EventSource cannot send Authorization)' })
  @ApiCreatedResponse({ type: StreamTicketResponse })
  ticket(@CurrentActor() actor: Actor): Promise<StreamTicketResponse> {
    return this.issueTicket.execute({ actor });
  }

  @Get('notifications/stream')
  @Public()
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary: 'Live updates of the caller’s inbox (Server-Sent Events), opened with a stream ticket',
    description:
      'Sends `event: notifications` with `data: {"unreadCount": n}` when it opens and whenever the caller’s notifications change (on any instance), and a comment line every 20 s. Ends after the access token lifetime: open it again with a new ticket.',
  })
  @ApiOkResponse({ description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @ApiUnauthorizedResponse({ description: 'the ticket is unknown, already used or expired' })
  async stream(@Query() q: StreamQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const user = await this.openStream.execute({ ticket: q.ticket });
    void reply.hijack();
    this.hub.attach(user, req.raw, reply.raw);
  }

  @Post('notifications/:id/read')
  @HttpCode(200)
  @Policy('read', 'Profile')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Mark one of the caller’s notifications read' })
  @ApiOkResponse({ type: NotificationResponse })
  @ApiNotFoundResponse({ description: 'no such notification of the caller’s' })
  async read(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor): Promise<NotificationResponse> {
    return toNotificationResponse(await this.markRead.execute({ actor, id }));
  }

  @Patch('me')
  @Policy('read', 'Profile')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change one’s own settings: whether notifications also come by e-mail' })
  @ApiOkResponse({ type: UserResponse })
  async updateMe(@Body() body: UpdateMeRequest, @CurrentActor() actor: Actor): Promise<UserResponse> {
    await this.changeMailPreference.execute({ actor, emailNotifications: body.emailNotifications });
    return this.identity.me(actor);
  }
}
