import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DEFAULT_PAGE_LIMIT, PageQuery } from '../../common/pagination/pagination.js';
import { CurrentActor, Policy } from '../authorization/policy.decorator.js';
import type { Actor } from '../identity/user.types.js';
import { CreateSubscriberRequest, CreatedSubscriberResponse, DeliveryPage, DeliveryResponse, SubscriberResponse, UpdateSubscriberRequest } from './delivery.dto.js';
import type { SubscriberRow } from './delivery.repository.js';
import { CreateSubscriberUseCase } from './create-subscriber.use-case.js';
import { DeliveryService } from './delivery.service.js';
import { ReplayDeliveryUseCase } from './replay-delivery.use-case.js';
import { UpdateSubscriberUseCase } from './update-subscriber.use-case.js';

const view = ({ secret: _s, createdAt, ...s }: SubscriberRow): SubscriberResponse => ({ ...s, createdAt: new Date(createdAt).toISOString() });

@ApiTags('delivery')
@ApiBearerAuth()
@Controller('api/v1')
export class DeliveryController {
  constructor(
    private readonly delivery: DeliveryService,
    private readonly createSubscriber: CreateSubscriberUseCase,
    private readonly updateSubscriber: UpdateSubscriberUseCase,
    private readonly replayDelivery: ReplayDeliveryUseCase,
  ) {}

  @Post('subscribers')
  @Policy('manage', 'Subscriber')
  @ApiOperation({ summary: 'Register a portal endpoint for signed webhooks of every publication and revocation (admin)' })
  @ApiCreatedResponse({ type: CreatedSubscriberResponse })
  async create(@Body() body: CreateSubscriberRequest, @CurrentActor() actor: Actor): Promise<CreatedSubscriberResponse> {
    const row = await this.createSubscriber.execute({ actor, subscriber: body });
    return { ...view(row), secret: row.secret };
  }

  @Get('subscribers')
  @Policy('manage', 'Subscriber')
  @ApiOperation({ summary: 'Registered endpoints (admin)' })
  @ApiOkResponse({ type: [SubscriberResponse] })
  async list(): Promise<SubscriberResponse[]> {
    return (await this.delivery.listSubscribers()).map(view);
  }

  @Patch('subscribers/:id')
  @Policy('manage', 'Subscriber')
  @ApiOperation({ summary: 'Pause, resume or move an endpoint (admin)' })
  @ApiOkResponse({ type: SubscriberResponse })
  async update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateSubscriberRequest, @CurrentActor() actor: Actor): Promise<SubscriberResponse> {
    return view(await this.updateSubscriber.execute({ actor, id, patch: body }));
  }

  @Get('subscribers/:id/deliveries')
  @Policy('manage', 'Subscriber')
  @ApiOperation({ summary: 'The delivery log of an endpoint, newest first, with every attempt (admin)' })
  @ApiOkResponse({ type: DeliveryPage })
  async deliveries(@Param('id', new ParseUUIDPipe()) id: string, @Query() q: PageQuery): Promise<DeliveryPage> {
    const page = await this.delivery.deliveries(id, q.limit ?? DEFAULT_PAGE_LIMIT, q.cursor);
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((d) => ({
        id: d.id,
        eventType: d.eventType,
        payload: d.payload,
        status: d.status,
        attempts: d.attempts,
        lastStatus: d.lastStatus,
        lastError: d.lastError,
        createdAt: new Date(d.createdAt).toISOString(),
        deliveredAt: d.deliveredAt ? new Date(d.deliveredAt).toISOString() : null,
        remoteUrl: d.remoteUrl,
        waiting: d.waiting,
        attemptLog: (d.attemptLog as { at: Date; statusCode: number | null; error: string | null; durationMs: number }[]).map((a) => ({ ...a, at: new Date(a.at).toISOString() })),
      })),
    };
  }

  @Post('deliveries/:id/replay')
  @HttpCode(202)
  @Policy('manage', 'Subscriber')
  @ApiOperation({ summary: 'Send a delivery again (admin)' })
  @ApiOkResponse({ description: 'queued' })
  async replay(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor): Promise<{ id: string; status: string }> {
    const d = await this.replayDelivery.execute({ actor, deliveryId: id });
    return { id: d.id, status: d.status };
  }
}
