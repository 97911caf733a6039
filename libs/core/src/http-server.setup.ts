import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { IncomingMessage, STATUS_CODES, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorBody } from '@app/contracts';
import { LifecycleState } from '@app/health';
import { SERVER_KEEP_ALIVE_TIMEOUT_MS } from '@app/http-client';

/** What Node's parser rejected, in the status Node itself would answer with. */
function describeClientError(error: NodeJS.ErrnoException): [number, string] {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'Request headers too large'];
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return [413, 'Request chunk extensions too large'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'Request timed out'];
    default:
      return [400, 'Malformed HTTP request'];
  }
}

/**
 * A whole HTTP answer with the `{"error"}` body, for a socket no response object owns.
 * An answer to HEAD has no body (a client would read it as the start of a next answer).
 */
function rawAnswer(status: number, message: string, method?: string): string {
  const body = JSON.stringify({ error: message } satisfies ErrorBody);
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
    'Content-Type: application/json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Connection: close\r\n\r\n' +
    (method === 'HEAD' ? '' : body)
  );
}

/**
 * The method of a request the parser gave up on, read from the bytes it was parsing
 * (they start with the request line whenever the request arrived in one piece).
 */
function methodOf(error: Error): string | undefined {
  const packet = (error as { rawPacket?: unknown }).rawPacket;
  if (!Buffer.isBuffer(packet)) return undefined;
  return /^([A-Z]+) /.exec(packet.subarray(0, 16).toString('latin1'))?.[1];
}

/**
 * The Node HTTP server under Express, set up once for every service (and for e2e tests,
 * which build the app from the same modules):
 * - its keep-alive timeout is the one our clients' pools are tuned against;
 * - requests Node would refuse on its own get the `{"error"}` shape instead of an empty
 *   answer or a closed socket: what its parser rejects (a bad request line, headers too
 *   large), an `Expect` it does not know (417), CONNECT (405: this is no proxy), and
 *   HTTP/1.1 without Host (left to RequestParsingMiddleware, so it is logged and counted);
 * - from the moment shutdown begins every answer carries `Connection: close`, so callers
 *   stop reusing their pooled connections before the server closes them.
 */
@Injectable()
export class HttpServerSetup implements OnApplicationBootstrap {
  private readonly logger = new Logger(HttpServerSetup.name);

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly lifecycle: LifecycleState,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    server.keepAliveTimeout = SERVER_KEEP_ALIVE_TIMEOUT_MS;
    server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) =>
      this.answerClientError(error, socket),
    );
    server.on('checkExpectation', (_req: IncomingMessage, res: ServerResponse) => {
      this.logger.warn('Rejected a request with an unsupported Expect header: 417');
      const body = JSON.stringify({ error: 'Unsupported Expect header' } satisfies ErrorBody);
      res.writeHead(417, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        Connection: 'close',
      });
      res.end(body);
    });
    server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
      this.logger.warn('Rejected a CONNECT request: 405');
      socket.end(rawAnswer(405, 'CONNECT is not supported'));
    });
    // read per request by Node (an option of createServer, which Nest calls for us)
    (server as Server & { requireHostHeader: boolean }).requireHostHeader = false;
    // prepended, so the header is set before Express starts on the request
    server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
      if (this.lifecycle.isShuttingDown) res.setHeader('Connection', 'close');
    });
  }

  private answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
    // As Node's own handler: write only while nothing of a response reached this socket.
    const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, message] = describeClientError(error);
    this.logger.warn(`Rejected a malformed request (${error.code ?? 'unknown'}): ${status}`);
    socket.end(rawAnswer(status, message, methodOf(error)));
  }
}
