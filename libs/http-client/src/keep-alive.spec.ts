import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createServer, Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { SERVICE_CONFIG } from '@app/config';
import { sleep } from '@app/testing';
import { DownstreamHttp } from './downstream-http.service';
import { HttpClientModule } from './http-client.module';
import { CLIENT_IDLE_SOCKET_TIMEOUT_MS, SERVER_KEEP_ALIVE_TIMEOUT_MS } from './keep-alive';

@Global()
@Module({
  providers: [{ provide: SERVICE_CONFIG, useValue: { httpClientTimeoutMs: 3_000 } }],
  exports: [SERVICE_CONFIG],
})
class TestConfigModule {}

/** The client exactly as services get it: HttpClientModule's pooled agents. */
async function downstreamHttp(): Promise<DownstreamHttp> {
  const moduleRef = await Test.createTestingModule({
    imports: [TestConfigModule, HttpClientModule],
  }).compile();
  return moduleRef.get(DownstreamHttp);
}

interface Peer {
  server: Server;
  url: string;
  /** Connection number (1-based) of every request, in arrival order. */
  requests: number[];
  closedByClientAfterMs: number[];
}

/** A peer with our servers' keep-alive timeout that can misbehave on chosen connections. */
async function startPeer(
  onRequest: (connection: number, index: number, socket: Socket) => boolean = () => true,
): Promise<Peer> {
  const peer: Omit<Peer, 'server' | 'url'> = { requests: [], closedByClientAfterMs: [] };
  let connections = 0;
  const server = createServer((req, res) => {
    const socket = req.socket as Socket & { connection?: number };
    const requestsOnThisSocket = peer.requests.filter((n) => n === socket.connection).length;
    peer.requests.push(socket.connection ?? 0);
    if (onRequest(socket.connection ?? 0, requestsOnThisSocket, socket)) {
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    }
  });
  server.keepAliveTimeout = SERVER_KEEP_ALIVE_TIMEOUT_MS;
  server.on('connection', (socket: Socket & { connection?: number }) => {
    connections += 1;
    socket.connection = connections;
    let lastAnswerAt = Date.now();
    socket.on('data', () => (lastAnswerAt = Date.now()));
    // 'end' is the client's FIN; the server's own keep-alive close would not emit it first
    socket.on('end', () => peer.closedByClientAfterMs.push(Date.now() - lastAnswerAt));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { ...peer, server, url: `http://127.0.0.1:${port}` };
}

async function stop(peer: Peer): Promise<void> {
  peer.server.closeAllConnections();
  await new Promise((resolve) => peer.server.close(resolve));
}

/** The first connection answers once, then is reset when reused: a peer closing it just then. */
function resetFirstConnectionWhenReused(
  connection: number,
  index: number,
  socket: Socket,
): boolean {
  if (connection === 1 && index === 1) {
    socket.destroy();
    return false;
  }
  return true;
}

describe('keep-alive between our clients and servers', () => {
  it('drops an idle pooled socket before the peer keep-alive timeout would', async () => {
    expect(CLIENT_IDLE_SOCKET_TIMEOUT_MS).toBeLessThan(SERVER_KEEP_ALIVE_TIMEOUT_MS);
    const peer = await startPeer();
    const http = await downstreamHttp();
    try {
      await http.request({ service: 'peer', baseUrl: peer.url, method: 'GET', path: '/' });
      await sleep(SERVER_KEEP_ALIVE_TIMEOUT_MS - 500);
      // the client, not the server's timer, ended the idle connection, and early
      expect(peer.closedByClientAfterMs).toHaveLength(1);
      expect(peer.closedByClientAfterMs[0]).toBeGreaterThanOrEqual(
        CLIENT_IDLE_SOCKET_TIMEOUT_MS - 100,
      );
    } finally {
      await stop(peer);
    }
  }, 10_000);

  it('retries a GET once on a new socket when the peer resets the reused one', async () => {
    const peer = await startPeer(resetFirstConnectionWhenReused);
    const http = await downstreamHttp();
    const call = (method: 'GET' | 'POST') =>
      http.request({
        service: 'peer',
        baseUrl: peer.url,
        method,
        path: '/',
        body: method === 'POST' ? {} : undefined,
      });
    try {
      await call('GET');
      await expect(call('GET')).resolves.toEqual({ status: 200, data: { ok: true } });
      expect(peer.requests).toEqual([1, 1, 2]);
    } finally {
      await stop(peer);
    }
  });

  it('does not retry a POST: the peer may have acted on it', async () => {
    const peer = await startPeer(resetFirstConnectionWhenReused);
    const http = await downstreamHttp();
    try {
      await http.request({
        service: 'peer',
        baseUrl: peer.url,
        method: 'POST',
        path: '/',
        body: {},
      });
      await expect(
        http.request({ service: 'peer', baseUrl: peer.url, method: 'POST', path: '/', body: {} }),
      ).rejects.toMatchObject({ reason: 'connection' });
      expect(peer.requests).toEqual([1, 1]);
    } finally {
      await stop(peer);
    }
  });
});
