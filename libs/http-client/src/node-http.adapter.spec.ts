import axios, { AxiosError, CanceledError } from 'axios';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nodeHttpAdapter } from './node-http.adapter';

interface Seen {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: string;
}

describe('nodeHttpAdapter', () => {
  let server: Server;
  let base: string;
  let handle: (req: IncomingMessage, res: ServerResponse, seen: Seen) => void;
  const seen: Seen[] = [];
  const client = axios.create({ adapter: nodeHttpAdapter, proxy: false });

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const entry = {
          method: req.method,
          url: req.url,
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        };
        seen.push(entry);
        handle(req, res, entry);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    seen.length = 0;
    handle = (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"ok":true}');
    };
  });

  it('joins baseURL and url, encodes params as axios does, and parses JSON', async () => {
    const res = await client.get('/convert', {
      baseURL: `${base}/`,
      params: { from: 'USD', to: 'E R', ids: '1,2', at: 'a:b$', gone: undefined },
      headers: { 'x-request-id': 'r-1' },
    });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ ok: true });
    expect(res.headers['content-type']).toBe('application/json');
    expect(seen[0]).toMatchObject({
      method: 'GET',
      url: '/convert?from=USD&to=E+R&ids=1,2&at=a:b$',
      headers: expect.objectContaining({ 'x-request-id': 'r-1' }) as unknown,
    });
  });

  it('sends a JSON body with its length', async () => {
    await client.post(`${base}/cache/session`, { id: 'é' });
    expect(seen[0].body).toBe('{"id":"é"}');
    expect(seen[0].headers['content-length']).toBe(`${Buffer.byteLength('{"id":"é"}')}`);
    expect(seen[0].headers['content-type']).toContain('application/json');
  });

  it('leaves a body that is not JSON as text', async () => {
    handle = (_req, res) => res.end('plain words');
    expect((await client.get(base)).data).toBe('plain words');
  });

  it('rejects a status validateStatus refuses with the response, and resolves one it accepts', async () => {
    handle = (_req, res) => {
      res.statusCode = 503;
      res.end('{"error":"busy"}');
    };
    const error = await client.get(base).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AxiosError);
    expect(error).toMatchObject({
      code: AxiosError.ERR_BAD_RESPONSE,
      response: { status: 503, data: { error: 'busy' } },
    });
    const accepted = await client.get(base, { validateStatus: () => true });
    expect(accepted.status).toBe(503);
  });

  it('refuses an answer larger than maxContentLength', async () => {
    handle = (_req, res) => res.end('x'.repeat(10_000));
    await expect(client.get(base, { maxContentLength: 1_000 })).rejects.toMatchObject({
      code: AxiosError.ERR_BAD_RESPONSE,
      message: 'maxContentLength size of 1000 exceeded',
    });
  });

  it('stops at the abort signal with a CanceledError, before and during the call', async () => {
    const aborted = new AbortController();
    aborted.abort();
    await expect(client.get(base, { signal: aborted.signal })).rejects.toBeInstanceOf(
      CanceledError,
    );
    handle = (_req, res) => res.write('{"slow":');
    const during = new AbortController();
    setTimeout(() => during.abort(), 100);
    await expect(client.get(base, { signal: during.signal })).rejects.toBeInstanceOf(CanceledError);
  });

  it('fails with the socket error code when nobody listens or the peer cuts the body', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await client.get(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'ECONNREFUSED' });
    expect((refused as AxiosError).request).toBeDefined();

    handle = (_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":');
      setTimeout(() => res.destroy(), 20);
    };
    await expect(client.get(base)).rejects.toBeInstanceOf(AxiosError);
  });

  it.each([
    ['timeout', { timeout: 5 }],
    ['auth', { auth: { username: 'u', password: 'p' } }],
    ['proxy', { proxy: { host: 'proxy', port: 3128 } }],
    ['responseType stream', { responseType: 'stream' as const }],
  ])('refuses %s rather than ignore it', async (_name, options) => {
    await expect(client.get(base, options)).rejects.toMatchObject({
      code: AxiosError.ERR_BAD_OPTION,
    });
    expect(seen).toEqual([]);
  });
});
