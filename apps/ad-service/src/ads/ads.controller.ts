import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AdDto, ApiErrorResponses, type Ad } from '@app/contracts';
import { ListAdsQuery } from './dto/list-ads.query';
import { AdHighCpuScenario } from './ad-high-cpu.scenario';
import { AdsService } from './ads.service';

@ApiTags('ads')
@Controller()
export class AdsController {
  constructor(
    private readonly ads: AdsService,
    private readonly highCpu: AdHighCpuScenario,
  ) {}

  @Get('ads')
  @ApiOperation({
    summary: 'Ads for products, for a category, or three at random',
    description:
      'By `product_ids` when given (up to two general ads when none of them has its own), ' +
      'else by `category`, else three distinct ads at random.',
  })
  @ApiOkResponse({ type: [AdDto], description: 'The ads (possibly none)' })
  @ApiErrorResponses({ 400: 'A parameter given twice, e.g. `category must be a single string`' })
  list(@Query() query: ListAdsQuery): Ad[] {
    this.highCpu.onAdsRequest(query.product_ids);
    return this.ads.select({ productIds: query.product_ids, category: query.category });
  }

  @Get('ad/:id')
  @ApiOperation({ summary: 'One ad' })
  @ApiParam({ name: 'id', example: 'ad1' })
  @ApiOkResponse({ type: AdDto, description: 'The ad' })
  @ApiErrorResponses({ 404: '`Ad not found`' })
  get(@Param('id') id: string): Ad {
    return this.ads.get(id);
  }
}
