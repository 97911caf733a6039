import express, { Express } from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

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

/** A local URL on which nothing listens: connections are refused. */
export async function refusedUrl(): Promise<string> {
  const server = await startHttpServer(() => undefined);
  await server.close();
  return server.url;
}
