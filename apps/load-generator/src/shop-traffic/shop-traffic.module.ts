import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { loadGeneratorConfig } from '@app/config';
import { ShopTrafficService } from './shop-traffic.service';

@Module({
  imports: [ConfigModule.forFeature(loadGeneratorConfig)],
  providers: [ShopTrafficService],
})
export class ShopTrafficModule {}
