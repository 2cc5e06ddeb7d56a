import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../../../config/configuration.js';
import { PUBLIC_REVALIDATE } from '../../common/http/http-edge.js';
import { APP_CONFIG } from '../../common/tokens.js';
import { Public } from '../authorization/policy.decorator.js';
import { FeedQuery } from './catalogue.dto.js';
import { FeedsService, type FeedFormat } from './feeds.service.js';
import { markLastModified, notModified } from './fast-lane.js';

@ApiTags('catalogue')
@Controller('feeds')
export class FeedsController {
  constructor(
    private readonly feeds: FeedsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('catalogue.atom')
  @Public()
  @ApiOperation({ summary: 'Atom 1.0 feed of the newest entries (?category=, ?unit=); revoked entries appear as RFC 6721 tombstones' })
  @ApiProduces('application/atom+xml')
  @ApiOkResponse({ description: 'the feed, with ETag and Last-Modified' })
  @ApiResponse({ status: 304, description: 'unchanged since If-None-Match / If-Modified-Since' })
  atom(@Query() q: FeedQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.serve('atom', q, req, reply);
  }

  @Get('catalogue.rss')
  @Public()
  @ApiOperation({ summary: 'RSS 2.0 feed of the newest entries (?category=, ?unit=)' })
  @ApiProduces('application/rss+xml')
  @ApiOkResponse({ description: 'the feed, with ETag and Last-Modified' })
  @ApiResponse({ status: 304, description: 'unchanged' })
  rss(@Query() q: FeedQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.serve('rss', q, req, reply);
  }

  @Get('catalogue.json')
  @Public()
  @ApiOperation({ summary: 'JSON Feed 1.1 of the newest entries (?category=, ?unit=)' })
  @ApiProduces('application/feed+json')
  @ApiOkResponse({ description: 'the feed, with ETag and Last-Modified' })
  @ApiResponse({ status: 304, description: 'unchanged' })
  json(@Query() q: FeedQuery, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    return this.serve('json', q, req, reply);
  }

  private async serve(format: FeedFormat, q: FeedQuery, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const base = this.config.publicUrl ?? `${req.protocol}://${req.host}`;
    const feed = await this.feeds.render(format, { category: q.category, unit: q.unit }, base);
    void reply.header('etag', feed.etag).header('last-modified', feed.lastModified.toUTCString()).header('cache-control', PUBLIC_REVALIDATE);
    markLastModified(reply, feed.lastModifiedValidates);
    if (notModified(req.headers, feed.etag, feed.lastModifiedValidates ? feed.lastModified : null)) {
      void reply.status(304).send();
      return;
    }
    void reply.header('content-type', feed.contentType).send(feed.body);
  }
}
