import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { ShopTrafficModule } from './shop-traffic/shop-traffic.module';

@Module({
  imports: [CoreModule.forRoot({ service: 'load-generator' }), ShopTrafficModule],
})
export class AppModule {}
