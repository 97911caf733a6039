import { Module } from '@nestjs/common';
import { trafficMetricsProviders } from '@app/load';
import { ShopTrafficService } from './shop-traffic.service';

@Module({
  providers: [ShopTrafficService, ...trafficMetricsProviders('load-generator')],
})
export class ShopTrafficModule {}
