import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { AdminModule } from './admin/admin.module';
import { SessionModule } from './session/session.module';
import { instabookCacheConfig } from './config/instabook-cache.config';

@Module({
  imports: [
    CoreModule.forRoot({
      service: 'instabook-cache',
      config: [instabookCacheConfig],
      requestMetrics: {
        counter: 'instabook_cache_request_count',
        statusLabel: 'status',
        histogram: 'instabook_cache_response_time',
      },
    }),
    SessionModule,
    AdminModule,
  ],
})
export class AppModule {}
