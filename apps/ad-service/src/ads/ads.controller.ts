import { Controller, Get, Param, Query } from '@nestjs/common';
import type { Ad } from '@app/contracts';
import { ListAdsQuery } from './dto/list-ads.query';
import { AdsService } from './ads.service';

@Controller()
export class AdsController {
  constructor(private readonly ads: AdsService) {}

  @Get('ads')
  list(@Query() query: ListAdsQuery): Ad[] {
    return this.ads.select({ productIds: query.product_ids, category: query.category });
  }

  @Get('ad/:id')
  get(@Param('id') id: string): Ad {
    return this.ads.get(id);
  }
}
