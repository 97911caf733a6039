import { HttpModule } from '@nestjs/axios';
import { Global, Module } from '@nestjs/common';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { SERVICE_CONFIG, ServiceConfig } from '@app/config';
import { DownstreamHttp } from './downstream-http.service';

/** Largest downstream answer we accept, so a misbehaving peer cannot exhaust our memory. */
const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

@Global()
@Module({
  imports: [
    HttpModule.registerAsync({
      inject: [SERVICE_CONFIG],
      useFactory: (config: ServiceConfig) => ({
        timeout: config.httpClientTimeoutMs,
        maxContentLength: MAX_RESPONSE_BYTES,
        maxBodyLength: MAX_RESPONSE_BYTES,
        maxRedirects: 0,
        httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
        httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
      }),
    }),
  ],
  providers: [DownstreamHttp],
  exports: [DownstreamHttp],
})
export class HttpClientModule {}
