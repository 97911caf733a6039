import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { loadGeneratorConfig } from './config/load-generator.config';
import { ShopTrafficModule } from './shop-traffic/shop-traffic.module';

@Module({
  imports: [
    CoreModule.forRoot({ service: 'load-generator', config: [loadGeneratorConfig] }),
    ShopTrafficModule,
  ],
})
export class AppModule {}
