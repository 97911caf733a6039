import { Module } from '@nestjs/common';
import { CoreModule } from '@app/core';
import { AdminModule } from './admin/admin.module';
import { SessionModule } from './session/session.module';

@Module({
  imports: [
    CoreModule.forRoot({
      service: 'instabook-cache',
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
