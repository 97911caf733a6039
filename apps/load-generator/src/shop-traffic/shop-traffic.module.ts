import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { loadGeneratorConfig } from '@app/config';
import { trafficMetricsProviders } from '@app/load';
import { ShopTrafficService } from './shop-traffic.service';

@Module({
  imports: [ConfigModule.forFeature(loadGeneratorConfig)],
  providers: [ShopTrafficService, ...trafficMetricsProviders('load_generator')],
})
export class ShopTrafficModule {}
