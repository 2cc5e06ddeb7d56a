import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module.js';
import { CatalogueCache } from './catalogue-cache.js';
import { CatalogueController } from './catalogue.controller.js';
import { CatalogueRepository } from './catalogue.repository.js';
import { CatalogueService } from './catalogue.service.js';
import { ChangesRepository } from './changes.repository.js';
import { FeedsController } from './feeds.controller.js';
import { FeedsService } from './feeds.service.js';

@Module({
  imports: [DeliveryModule],
  controllers: [CatalogueController, FeedsController],
  providers: [CatalogueCache, CatalogueRepository, CatalogueService, ChangesRepository, FeedsService],
  exports: [CatalogueService, CatalogueRepository],
})
export class CatalogueModule {}
