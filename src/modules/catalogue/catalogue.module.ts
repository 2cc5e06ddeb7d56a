import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module.js';
import { CatalogueCache } from './catalogue-cache.js';
import { CatalogueController } from './catalogue.controller.js';
import { CatalogueRepository } from './catalogue.repository.js';
import { CatalogueService } from './catalogue.service.js';
import { ChangesRepository } from './changes.repository.js';
import { FeedsController } from './feeds.controller.js';
import { FeedsService } from './feeds.service.js';
import { CatalogueSearchRepository, SEARCH_TUNING, SEARCH_TUNING_TOKEN } from './search/catalogue-search.repository.js';

@Module({
  imports: [DeliveryModule],
  controllers: [CatalogueController, FeedsController],
  providers: [
    CatalogueCache,
    CatalogueRepository,
    CatalogueSearchRepository,
    { provide: SEARCH_TUNING_TOKEN, useValue: SEARCH_TUNING },
    CatalogueService,
    ChangesRepository,
    FeedsService,
  ],
  exports: [CatalogueService, CatalogueRepository],
})
export class CatalogueModule {}
