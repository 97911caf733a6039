import type { INestApplication } from '@nestjs/common';
import type { Express, Request, Response } from 'express';
import fc from 'fast-check';
import request from 'supertest';
import type { Session, SessionInput } from '@app/contracts';
import { instabookTokenConfig } from '@app/auth';
import {
  E2eAppOptions,
  RunningServer,
  createE2eApp,
  metricSamples,
  metricType,
  uncounted,
  refusedUrl,
  startHttpServer,
  withConfig,
} from '@app/testing';
import { AppModule } from '../src/app.module';
import { instabookConfig } from '../src/config/instabook.config';

const TOKEN = 'e2e-shared-token';

const INPUT: SessionInput = {
  id: '0b6f3c52-6c1d-4e8a-9f3e-2a1b3c4d5e6f',
  user_id: 'user-4',
  booking_id: 'BK-9F8E7D6C',
  status: 'confirmed',
  data: 'Booking for package - 3 items',
};

/**
 * Creates an instabook app pointed at `cacheUrl` and sending `token` (by default the one
 * every instabook-cache expects).
 */
async function createInstabook(
  cacheUrl: string,
  { token, service }: { token?: string; service?: E2eAppOptions['service'] } = {},
): Promise<INestApplication> {
  return createE2eApp(AppModule, {
    // no readiness drain on close: nothing routes traffic to a test app
    service: { shutdownDrainMs: 0, ...service },
    config: [
      withConfig(instabookConfig, { cacheUrl }),
      ...(token === undefined ? [] : [withConfig(instabookTokenConfig, { token })]),
    ],
  });
}

async function cacheErrors(app: INestApplication): Promise<Record<string, number>> {
  const res = await request(app.getHttpServer()).get('/metrics').expect(200);
  const counts: Record<string, number> = {};
  for (const match of res.text.matchAll(/^instabook_cache_errors\{error_type="(\w+)"\} (\d+)$/gm)) {
    counts[match[1]] = Number(match[2]);
  }
  return counts;
}

/** A forced answer for every /cache call, standing in for a cache that refuses or fails. */
interface Forced {
  status: number;
  body: unknown;
}

/** Behaves like instabook-cache: token check, then an in-memory session store. */
function fakeCache(state: { forced?: Forced; sessions: Map<string, Session> }) {
  return (app: Express) => {
    app.use('/cache', (req: Request, res: Response, next: () => void) => {
      if (state.forced) {
        res.status(state.forced.status).json(state.forced.body);
      } else if (req.header('authorization') !== `Bearer ${TOKEN}`) {
        res.status(401).json({ error: 'Invalid API token' });
      } else {
        next();
      }
    });
    app.post('/cache/session', (req: Request, res: Response) => {
      const session = { ...(req.body as SessionInput), created_at: '2024-02-03T04:05:06.789Z' };
      state.sessions.set(session.id, session);
      res.status(201).json(session);
    });
    app.get('/cache/session/:id', (req: Request<{ id: string }>, res: Response) => {
      const session = state.sessions.get(req.params.id);
      if (session) res.json(session);
      else res.status(404).json({ error: 'Session not found' });
    });
  };
}

describe('instabook (e2e)', () => {
  const state: { forced?: Forced; sessions: Map<string, Session> } = { sessions: new Map() };
  let cache: RunningServer;
  let app: INestApplication;

  beforeAll(async () => {
    cache = await startHttpServer(fakeCache(state));
    app = await createInstabook(cache.url, { token: TOKEN });
  });

  afterAll(async () => {
    await app.close();
    await cache.close();
  });

  beforeEach(() => {
    state.forced = undefined;
    cache.requests.length = 0;
  });

  const http = () => request(app.getHttpServer());

  it('shows every instabook_cache_errors series at 0 before the first failure', async () => {
    expect(await cacheErrors(app)).toEqual({
      auth_failure: 0,
      connection_error: 0,
      cache_error: 0,
    });
  });

  describe('relaying sessions', () => {
    it('creates a session in the cache with the Bearer token and answers 201 with it', async () => {
      const res = await http()
        .post('/booking/session')
        .send({ ...INPUT, created_at: 'forged', extra: 1 })
        .expect(201);
      expect(res.body).toEqual({ ...INPUT, created_at: '2024-02-03T04:05:06.789Z' });
      expect(cache.requests).toHaveLength(1);
      const [sent] = cache.requests;
      expect(sent.method).toBe('POST');
      expect(sent.url).toBe('/cache/session');
      expect(sent.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(sent.headers['content-type']).toMatch(/^application\/json/);
      expect(sent.body).toEqual(INPUT);
    });

    it('reads a session back from the cache', async () => {
      await http().post('/booking/session').send(INPUT).expect(201);
      cache.requests.length = 0;
      const res = await http().get(`/booking/session/${INPUT.id}`).expect(200);
      expect(res.body).toEqual({ ...INPUT, created_at: '2024-02-03T04:05:06.789Z' });
      expect(cache.requests).toHaveLength(1);
      expect(cache.requests[0]).toMatchObject({
        method: 'GET',
        url: `/cache/session/${INPUT.id}`,
        headers: expect.objectContaining({ authorization: `Bearer ${TOKEN}` }),
      });
    });

    it.each(['never-created', '..%2F..%2Fx', 'a%20b', '%3Fq%3D1'])(
      'answers 404 Session not found for %s, keeping the id in one path segment',
      async (id) => {
        const res = await http().get(`/booking/session/${id}`).expect(404);
        expect(res.body).toEqual({ error: 'Session not found' });
        expect(cache.requests.map((r) => r.url)).toEqual([`/cache/session/${id}`]);
      },
    );
  });

  describe('cache failures', () => {
    it.each<[string, () => request.Test]>([
      ['create', () => http().post('/booking/session').send(INPUT)],
      ['read', () => http().get(`/booking/session/${INPUT.id}`)],
    ])(
      'turns a cache 401 on %s into 500 Internal service authentication failure',
      async (_op, call) => {
        state.forced = { status: 401, body: { error: 'API token authentication is disabled' } };
        const before = await cacheErrors(app);
        const res = await call().expect(500);
        expect(res.body).toEqual({ error: 'Internal service authentication failure' });
        const after = await cacheErrors(app);
        expect(after.auth_failure - before.auth_failure).toBe(1);
        expect(after.cache_error).toBe(before.cache_error);
      },
    );

    it('sends the configured token, so a token mismatch surfaces as the authentication failure', async () => {
      state.sessions.set('mismatch', { ...INPUT, id: 'mismatch', created_at: 'x' });
      const other = await createInstabook(cache.url, { token: 'rotated-on-one-side-only' });
      try {
        const res = await request(other.getHttpServer()).get('/booking/session/mismatch');
        expect(res.status).toBe(500);
        expect(res.body).toEqual({ error: 'Internal service authentication failure' });
        expect(cache.requests[0].headers.authorization).toBe('Bearer rotated-on-one-side-only');
      } finally {
        await other.close();
      }
    });

    it.each<[string, Forced, () => request.Test]>([
      [
        '503 on create',
        { status: 503, body: { error: 'busy' } },
        () => http().post('/booking/session').send(INPUT),
      ],
      [
        '503 on read',
        { status: 503, body: { error: 'busy' } },
        () => http().get(`/booking/session/${INPUT.id}`),
      ],
      [
        '500 on read',
        { status: 500, body: 'not json' },
        () => http().get(`/booking/session/${INPUT.id}`),
      ],
      [
        '400 on create',
        { status: 400, body: { error: 'Invalid session data' } },
        () => http().post('/booking/session').send(INPUT),
      ],
      [
        '404 on create',
        { status: 404, body: { error: 'Cannot POST' } },
        () => http().post('/booking/session').send(INPUT),
      ],
      [
        '403 on read',
        { status: 403, body: { error: 'Forbidden' } },
        () => http().get(`/booking/session/${INPUT.id}`),
      ],
    ])('turns a cache %s into 500 Internal service error', async (_case, forced, call) => {
      state.forced = forced;
      const before = await cacheErrors(app);
      const res = await call().expect(500);
      expect(res.body).toEqual({ error: 'Internal service error' });
      const after = await cacheErrors(app);
      expect(after.cache_error - before.cache_error).toBe(1);
      expect(after.auth_failure).toBe(before.auth_failure);
    });
  });

  describe('bad input', () => {
    const invalid = { error: 'Invalid session data' };

    it.each<[string, unknown]>([
      ['an array', [INPUT]],
      ['an empty object', {}],
      ['a missing id', { ...INPUT, id: undefined }],
      ['a missing user_id', { ...INPUT, user_id: undefined }],
      ['a missing booking_id', { ...INPUT, booking_id: undefined }],
      ['a missing status', { ...INPUT, status: undefined }],
      ['a missing data', { ...INPUT, data: undefined }],
      ['a numeric id', { ...INPUT, id: 12 }],
      ['a boolean user_id', { ...INPUT, user_id: false }],
      ['an object data', { ...INPUT, data: { items: 3 } }],
      ['an empty status', { ...INPUT, status: '' }],
      ['an id of 129 characters', { ...INPUT, id: 'i'.repeat(129) }],
      ['an id with a slash', { ...INPUT, id: '../admin/token' }],
      ['a data of 4097 characters', { ...INPUT, data: 'd'.repeat(4097) }],
    ])('answers 400 Invalid session data for %s without calling the cache', async (_c, body) => {
      const res = await http()
        .post('/booking/session')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body))
        .expect(400);
      expect(res.body).toEqual(invalid);
      expect(cache.requests).toHaveLength(0);
    });

    it.each(['%', '%E0%A4%A', '%ED%A0%80'])(
      'answers 400 for the undecodable id %s without calling the cache',
      async (id) => {
        const res = await http().get(`/booking/session/${id}`).expect(400);
        expect(res.body).toEqual({ error: `Failed to decode param '${id}'` });
        expect(cache.requests).toHaveLength(0);
      },
    );

    it('answers 400 Invalid session data for a non-JSON body', async () => {
      const res = await http()
        .post('/booking/session')
        .set('Content-Type', 'text/plain')
        .send('id=1')
        .expect(400);
      expect(res.body).toEqual(invalid);
      expect(cache.requests).toHaveLength(0);
    });

    it('answers 400 for malformed JSON without calling the cache', async () => {
      const res = await http()
        .post('/booking/session')
        .set('Content-Type', 'application/json')
        .send('{"id": "x", ')
        .expect(400);
      expect(res.body).toEqual({ error: 'Invalid session data' });
      expect(cache.requests).toHaveLength(0);
    });

    it('answers 413 for a 10 MB body without calling the cache', async () => {
      const res = await http()
        .post('/booking/session')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ ...INPUT, data: 'x'.repeat(10 * 1024 * 1024) }))
        .expect(413);
      expect(res.body).toEqual({ error: 'Request body too large' });
      expect(cache.requests).toHaveLength(0);
    });

    it('never answers 5xx to random bodies while the cache is healthy', async () => {
      const field = fc.oneof(
        fc.string({ maxLength: 150 }),
        fc.constantFrom('', 'ok', 'a/b', 'x'.repeat(129)),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
      );
      const body = fc.oneof(
        fc.record(
          { id: field, user_id: field, booking_id: field, status: field, data: field },
          { requiredKeys: [] },
        ),
        fc.jsonValue({ maxDepth: 3 }),
      );
      await fc.assert(
        fc.asyncProperty(body, async (value) => {
          const res = await http()
            .post('/booking/session')
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(value));
          expect([201, 400]).toContain(res.status);
        }),
        { numRuns: 100 },
      );
    });

    it('never answers 5xx to random session ids while the cache is healthy', async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ minLength: 1, maxLength: 200 }), async (id) => {
          const res = await http().get(`/booking/session/${encodeURIComponent(id)}`);
          expect([200, 404]).toContain(res.status);
        }),
        { numRuns: 100 },
      );
    });
  });

  it('exposes the documented metrics labelled by route template', async () => {
    await http().post('/booking/session').send(INPUT).expect(201);
    await http().get('/booking/session/metric-probe').expect(404);
    state.forced = { status: 401, body: { error: 'Invalid API token' } };
    await http().get(`/booking/session/${INPUT.id}`).expect(500);
    const res = await http().get('/metrics').expect(200);
    expect(
      uncounted(res.text, [
        [
          'instabook_request_count',
          { method: 'POST', endpoint: '/booking/session', status: '201' },
        ],
        [
          'instabook_request_count',
          { method: 'GET', endpoint: '/booking/session/:id', status: '404' },
        ],
        [
          'instabook_request_count',
          { method: 'GET', endpoint: '/booking/session/:id', status: '500' },
        ],
        ['instabook_cache_errors', { error_type: 'auth_failure' }],
        [
          'http_requests_total',
          { method: 'GET', route: '/booking/session/:id', status_code: '200' },
        ],
      ]),
    ).toEqual([]);
    expect(
      metricSamples(res.text, 'instabook_response_time_bucket', {
        le: '0.005',
        method: 'POST',
        endpoint: '/booking/session',
      }),
    ).toHaveLength(1);
    expect(metricType(res.text, 'instabook_cache_errors')).toBe('counter');
    expect(res.text).not.toContain('metric-probe');
  });
});

describe('instabook with an unreachable cache (e2e)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createInstabook(await refusedUrl());
  });

  afterAll(async () => {
    await app.close();
  });

  it.each<[string, () => request.Test]>([
    ['create', () => request(app.getHttpServer()).post('/booking/session').send(INPUT)],
    ['read', () => request(app.getHttpServer()).get(`/booking/session/${INPUT.id}`)],
  ])('answers 500 Internal service error on %s, counted as connection_error', async (_op, call) => {
    const before = await cacheErrors(app);
    const res = await call().expect(500);
    expect(res.body).toEqual({ error: 'Internal service error' });
    const after = await cacheErrors(app);
    expect(after.connection_error - before.connection_error).toBe(1);
    expect(after.cache_error).toBe(before.cache_error);
  });
});

describe('instabook with a cache that does not answer in time (e2e)', () => {
  let cache: RunningServer;
  let app: INestApplication;

  beforeAll(async () => {
    cache = await startHttpServer((server) => {
      // accepts the call and never answers
      server.use(() => undefined);
    });
    app = await createInstabook(cache.url, { service: { httpClientTimeoutMs: 300 } });
  });

  afterAll(async () => {
    await app.close();
    await cache.close();
  });

  it('gives up after the client timeout with 500 Internal service error (connection_error)', async () => {
    const before = await cacheErrors(app);
    const started = Date.now();
    const res = await request(app.getHttpServer()).get(`/booking/session/${INPUT.id}`).expect(500);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(res.body).toEqual({ error: 'Internal service error' });
    expect(cache.requests).toHaveLength(1);
    const after = await cacheErrors(app);
    expect(after.connection_error - before.connection_error).toBe(1);
  });
});
