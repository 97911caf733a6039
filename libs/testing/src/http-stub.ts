import express, { Express } from 'express';
import type { Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';

export interface RunningServer {
  url: string;
  /** Every request the server received, in order: `METHOD /path?query`. */
  requests: {
    method: string;
    url: string;
    headers: Record<string, string | string[] | undefined>;
    body: unknown;
  }[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 standing in for a downstream service: tests declare its
 * routes with Express, and our client talks to it over a real socket.
 */
export async function startHttpServer(routes: (app: Express) => void): Promise<RunningServer> {
  const app = express();
  app.use(express.json());
  const requests: RunningServer['requests'] = [];
  app.use((req, _res, next) => {
    requests.push({
      method: req.method,
      url: req.originalUrl,
      headers: req.headers,
      body: req.body as unknown,
    });
    next();
  });
  routes(app);
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A local URL on which nothing listens: connections are refused. Port 1 (tcpmux, long unused)
 * is below the range the kernel hands out for port 0, so no server a test starts can ever take
 * it. A closed ephemeral port could: the next `listen(0)` sometimes got the same one, and a
 * "service down" test then found a stub answering there (once in CI).
 */
export async function refusedUrl(): Promise<string> {
  const url = 'http://127.0.0.1:1';
  await new Promise<void>((resolve, reject) => {
    const socket = connect(1, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      reject(new Error(`refusedUrl: something listens on ${url}; tests need it closed`));
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNREFUSED' ? resolve() : reject(error),
    );
  });
  return url;
}
