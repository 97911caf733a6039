import { Module } from '@nestjs/common';
import { ShopTrafficService } from './shop-traffic.service';

@Module({
  providers: [ShopTrafficService],
})
export class ShopTrafficModule {}
