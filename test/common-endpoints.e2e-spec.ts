import type { INestApplication } from '@nestjs/common';
import { register } from 'prom-client';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { SERVICE_NAMES } from '@app/config';
import type { AddressInfo, Server } from 'node:net';
import { createE2eApp, metricSamples, metricValue, rawHttpExchange } from '@app/testing';
import { APP_MODULES, NOWHERE_TARGETS } from './support/app-modules';

/** Every service, load generators included, answers the common endpoints of docs/API.md alike. */
describe.each(SERVICE_NAMES)('%s common endpoints', (service) => {
  let app: INestApplication;

  beforeAll(async () => {
    // load generators would otherwise poll the default target on localhost
    app = await createE2eApp(await APP_MODULES[service](), { config: NOWHERE_TARGETS });
  });

  afterAll(async () => {
    await app.close();
    // each app gets a fresh registry, so a series seen here was recorded by this app
    register.clear();
  });

  const http = () => request(app.getHttpServer());

  it('GET /health answers {"status":"UP"}', async () => {
    const res = await http().get('/health').expect(200);
    expect(res.body).toEqual({ status: 'UP' });
  });

  it('GET /healthz/live and /healthz/ready answer 200', async () => {
    await http().get('/healthz/live').expect(200);
    await http().get('/healthz/ready').expect(200);
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await http().get('/no/such/route').expect(404);
    expect(res.body).toEqual({ error: 'Cannot GET /no/such/route' });
    const metrics = await http().get('/metrics').expect(200);
    expect(
      metricValue(metrics.text, 'http_requests_total', {
        method: 'GET',
        route: 'unmatched',
        status_code: '404',
      }),
    ).toBeGreaterThan(0);
    expect(metrics.text).not.toContain('/no/such/route');
  });

  it('answers a malformed JSON body with 400 on a route it serves', async () => {
    const res = await http()
      .get('/health')
      .set('content-type', 'application/json')
      .send('{"broken": ')
      .expect(400);
    expect(res.body).toEqual({ error: 'Malformed JSON body' });
  });

  it.each(['gzip', 'deflate', 'br'])(
    'answers a body that is not the %s it claims to be with 400, and reads one that is',
    async (encoding) => {
      const res = await http()
        .get('/health')
        .set('content-type', 'application/json')
        .set('content-encoding', encoding)
        .send('{"plain": true}')
        .expect(400);
      expect(res.body).toEqual({ error: `Request body is not valid ${encoding} data` });
      const compress = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync }[encoding];
      await http()
        .get('/health')
        .set('content-type', 'application/json')
        .set('content-encoding', encoding)
        // as it is: superagent would JSON-serialise a Buffer sent as application/json
        .serialize((packed: Buffer) => packed as unknown as string)
        .send(compress?.(Buffer.from('{"packed": true}')))
        .expect(200);
    },
  );

  it('answers a content encoding it does not know with 415', async () => {
    const res = await http()
      .get('/health')
      .set('content-type', 'application/json')
      .set('content-encoding', 'rot13')
      .send('{}')
      .expect(415);
    expect(res.body).toEqual({ error: 'Unsupported request body encoding' });
  });

  describe('requests Node would refuse on its own', () => {
    let port: number;

    beforeAll(async () => {
      const server = app.getHttpServer() as Server;
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });

    it.each([
      ['a broken request line', 'NOT HTTP AT ALL\r\n\r\n', 400, 'Malformed HTTP request'],
      [
        'a bad header',
        'GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
        400,
        'Malformed HTTP request',
      ],
      [
        'headers over 16 kB',
        `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
        431,
        'Request headers too large',
      ],
      [
        'HTTP/1.1 without Host',
        'GET /health HTTP/1.1\r\nConnection: close\r\n\r\n',
        400,
        'Missing Host header',
      ],
      [
        'an Expect it does not know',
        'GET /health HTTP/1.1\r\nHost: x\r\nExpect: a-miracle\r\n\r\n',
        417,
        'Unsupported Expect header',
      ],
      [
        'CONNECT (no proxy here)',
        'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n',
        405,
        'CONNECT is not supported',
      ],
    ])('answers %s with a JSON error and closes', async (_case, bytes, status, error) => {
      const answer = await rawHttpExchange(port, bytes);
      expect(answer.status).toBe(status);
      expect(answer.headers).toMatchObject({
        'content-type': expect.stringContaining('application/json'),
        connection: 'close',
      });
      expect(JSON.parse(answer.body)).toEqual({ error });
      await http().get('/health').expect(200);
    });

    it('answers HEAD with headers over 16 kB without a body, which HEAD must not get', async () => {
      const answer = await rawHttpExchange(
        port,
        `HEAD /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      );
      expect(answer.status).toBe(431);
      expect(answer.headers['content-type']).toContain('application/json');
      expect(answer.body).toBe('');
    });
  });

  it('answers JSON nested deeper than 32 levels with 400, however deep', async () => {
    for (const depth of [33, 20_000]) {
      const res = await http()
        .get('/health')
        .set('content-type', 'application/json')
        .send('['.repeat(depth) + ']'.repeat(depth))
        .expect(400);
      expect(res.body).toEqual({ error: 'JSON body nested deeper than 32 levels' });
    }
    await http()
      .get('/health')
      .set('content-type', 'application/json')
      .send('['.repeat(32) + ']'.repeat(32))
      .expect(200);
  });

  it('answers a 10 MB body with 413 and stays up', async () => {
    const res = await http()
      .post('/health')
      .set('content-type', 'application/json')
      .send(`{"data":"${'x'.repeat(10 * 1024 * 1024)}"}`)
      .expect(413);
    expect(res.body).toEqual({ error: 'Request body too large' });
    await http().get('/health').expect(200);
  });

  it('exposes Prometheus metrics with process and uniform HTTP metrics', async () => {
    await http().get('/health').expect(200);
    const res = await http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(metricSamples(res.text, 'process_cpu_user_seconds_total')).toHaveLength(1);
    expect(
      metricValue(res.text, 'http_requests_total', {
        method: 'GET',
        route: '/health',
        status_code: '200',
      }),
    ).toBeGreaterThan(0);
    expect(metricSamples(res.text, 'http_request_duration_seconds_bucket')).not.toHaveLength(0);
  });
});
