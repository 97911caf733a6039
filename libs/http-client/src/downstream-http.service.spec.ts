import { HttpService } from '@nestjs/axios';
import axios from 'axios';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceConfig } from '@app/config';
import { DownstreamHttp } from './downstream-http.service';
import { DownstreamUnavailableError } from './downstream.errors';

const TIMEOUT_MS = 300;

/** A peer that answers headers at once, then trickles its body forever. */
async function tricklingServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('[');
    const drip = setInterval(() => res.write(' '), 50);
    res.on('close', () => clearInterval(drip));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('DownstreamHttp', () => {
  const config = { httpClientTimeoutMs: TIMEOUT_MS } as ServiceConfig;
  const http = new DownstreamHttp(new HttpService(axios.create()), config);

  it('gives up on a peer that trickles its body past the deadline', async () => {
    const { url, server } = await tricklingServer();
    const started = Date.now();
    try {
      const call = http.request({ service: 'slow-peer', baseUrl: url, method: 'GET', path: '/' });
      await expect(call).rejects.toBeInstanceOf(DownstreamUnavailableError);
      await expect(call).rejects.toMatchObject({ reason: 'timeout', service: 'slow-peer' });
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1_000);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('says "connection" when nobody listens', async () => {
    const { url, server } = await tricklingServer();
    server.close();
    server.closeAllConnections();
    await expect(
      http.request({ service: 'gone', baseUrl: url, method: 'GET', path: '/' }),
    ).rejects.toMatchObject({ reason: 'connection' });
  });
});
