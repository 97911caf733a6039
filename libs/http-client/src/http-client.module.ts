import { HttpModule } from '@nestjs/axios';
import { Global, Module } from '@nestjs/common';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { DownstreamHttp } from './downstream-http.service';
import { nodeHttpAdapter } from './node-http.adapter';
import { CLIENT_IDLE_SOCKET_TIMEOUT_MS } from './keep-alive';

/** Largest downstream answer we accept, so a misbehaving peer cannot exhaust our memory. */
const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

/**
 * Pooled connections to the other services. The timeout is what closes an idle pooled
 * socket before the peer's keep-alive timer does (see keep-alive.ts); during a call the
 * request's own deadline (DownstreamHttp) applies instead.
 */
const POOL = { keepAlive: true, maxSockets: 64, timeout: CLIENT_IDLE_SOCKET_TIMEOUT_MS };

@Global()
@Module({
  imports: [
    HttpModule.registerAsync({
      // no axios `timeout`: DownstreamHttp gives each call one deadline for the whole exchange
      useFactory: () => ({
        adapter: nodeHttpAdapter,
        proxy: false,
        maxContentLength: MAX_RESPONSE_BYTES,
        maxBodyLength: MAX_RESPONSE_BYTES,
        maxRedirects: 0,
        httpAgent: new HttpAgent(POOL),
        httpsAgent: new HttpsAgent(POOL),
      }),
    }),
  ],
  providers: [DownstreamHttp],
  exports: [DownstreamHttp],
})
export class HttpClientModule {}
