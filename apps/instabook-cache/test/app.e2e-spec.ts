import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import fc from 'fast-check';
import { register } from 'prom-client';
import request from 'supertest';
import { APP_OPTIONS, configureApp } from '@app/core';
import { createE2eApp, metricSamples, metricValue, uncounted, withConfig } from '@app/testing';
import { AppModule } from '../src/app.module';
import { instabookCacheConfig } from '../src/config/instabook-cache.config';

const TOKEN = 'instabook-secret-token-2024';
const AUTH = `Bearer ${TOKEN}`;
const AUTH_FAILURES = 'instabook_cache_auth_failures_total';

const SESSION = {
  id: '3f2b6c1e-8d4a-4f5e-9a7b-1c2d3e4f5a6b',
  user_id: 'user-12',
  booking_id: 'BK-1A2B3C4D',
  status: 'pending',
  data: 'Booking for flight - 2 items',
};

describe('instabook-cache (e2e)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createE2eApp(AppModule);
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());
  const setTokenAuth = async (enabled: boolean) => {
    const { body } = await http().get('/admin/token').expect(200);
    if ((body as { enabled: boolean }).enabled !== enabled) {
      await http().post('/admin/token').expect(200);
    }
  };

  describe('session storage', () => {
    it('stores a session and answers 201 with created_at set by the cache', async () => {
      const before = Date.now();
      const res = await http().post('/cache/session').set('Authorization', AUTH).send(SESSION);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ ...SESSION, created_at: expect.any(String) });
      const createdAt = Date.parse(res.body.created_at);
      expect(new Date(createdAt).toISOString()).toBe(res.body.created_at);
      expect(createdAt).toBeGreaterThanOrEqual(before - 1);
      expect(createdAt).toBeLessThanOrEqual(Date.now());
    });

    it('returns a stored session', async () => {
      const created = await http()
        .post('/cache/session')
        .set('Authorization', AUTH)
        .send({ ...SESSION, id: 'get-me' })
        .expect(201);
      const res = await http().get('/cache/session/get-me').set('Authorization', AUTH).expect(200);
      expect(res.body).toEqual(created.body);
    });

    it('replaces a session posted again under the same id', async () => {
      const auth = { Authorization: AUTH };
      await http()
        .post('/cache/session')
        .set(auth)
        .send({ ...SESSION, id: 'again' })
        .expect(201);
      await http()
        .post('/cache/session')
        .set(auth)
        .send({ ...SESSION, id: 'again', status: 'confirmed' })
        .expect(201);
      const res = await http().get('/cache/session/again').set(auth).expect(200);
      expect(res.body.status).toBe('confirmed');
    });

    it('ignores fields that are not part of a session, including a forged created_at', async () => {
      const res = await http()
        .post('/cache/session')
        .set('Authorization', AUTH)
        .send({ ...SESSION, id: 'extras', created_at: 'forged', role: 'admin' })
        .expect(201);
      expect(Object.keys(res.body).sort()).toEqual(
        ['booking_id', 'created_at', 'data', 'id', 'status', 'user_id'].sort(),
      );
      expect(res.body.created_at).not.toBe('forged');
    });

    it.each(['never-stored', '..%2F..%2Fx', '%20', 'a%00b', 'x'.repeat(500)])(
      'answers 404 Session not found for %s',
      async (id) => {
        const res = await http().get(`/cache/session/${id}`).set('Authorization', AUTH).expect(404);
        expect(res.body).toEqual({ error: 'Session not found' });
      },
    );
  });

  describe('bad session bodies', () => {
    const post = () => http().post('/cache/session').set('Authorization', AUTH);
    const invalid = { error: 'Invalid session data' };

    it.each<[string, unknown]>([
      ['an array', [SESSION]],
      ['an empty object', {}],
      ['a missing id', { ...SESSION, id: undefined }],
      ['a missing user_id', { ...SESSION, user_id: undefined }],
      ['a missing booking_id', { ...SESSION, booking_id: undefined }],
      ['a missing status', { ...SESSION, status: undefined }],
      ['a missing data', { ...SESSION, data: undefined }],
      ['a numeric id', { ...SESSION, id: 7 }],
      ['an object user_id', { ...SESSION, user_id: { name: 'x' } }],
      ['an array booking_id', { ...SESSION, booking_id: ['BK-1'] }],
      ['a boolean status', { ...SESSION, status: true }],
      ['a null data', { ...SESSION, data: null }],
      ['an empty id', { ...SESSION, id: '' }],
      ['an empty data', { ...SESSION, data: '' }],
      ['an id of 129 characters', { ...SESSION, id: 'a'.repeat(129) }],
      ['an id with a slash', { ...SESSION, id: '../../etc/passwd' }],
      ['an id with a space', { ...SESSION, id: 'a b' }],
      ['a user_id of 129 characters', { ...SESSION, user_id: 'u'.repeat(129) }],
      ['a status of 65 characters', { ...SESSION, status: 's'.repeat(65) }],
      ['a data of 4097 characters', { ...SESSION, data: 'd'.repeat(4097) }],
    ])('answers 400 Invalid session data for %s', async (_case, body) => {
      const res = await post().set('Content-Type', 'application/json').send(JSON.stringify(body));
      expect(res.status).toBe(400);
      expect(res.body).toEqual(invalid);
    });

    it.each(['%', '%E0%A4%A'])('answers 400 for the undecodable id %s', async (id) => {
      const res = await http().get(`/cache/session/${id}`).set('Authorization', AUTH).expect(400);
      expect(res.body).toEqual({ error: `Failed to decode param '${id}'` });
    });

    it('accepts the longest allowed values', async () => {
      await post()
        .send({ ...SESSION, id: 'a'.repeat(128), data: 'd'.repeat(4096) })
        .expect(201);
    });

    it('answers 400 Invalid session data for a body that is not JSON at all', async () => {
      const res = await post().set('Content-Type', 'text/plain').send('id=1').expect(400);
      expect(res.body).toEqual(invalid);
      const empty = await post().expect(400);
      expect(empty.body).toEqual(invalid);
    });

    it.each([
      '{"id": ',
      '"session"',
      '42',
      'null',
      '{"a":'.repeat(3_000) + '1' + '}'.repeat(3_000),
    ])(
      'answers 400 Invalid session data for %s (malformed, not an object, or too deep)',
      async (text) => {
        const res = await post().set('Content-Type', 'application/json').send(text).expect(400);
        expect(res.body).toEqual(invalid);
      },
    );

    it('answers 413 for a 10 MB body', async () => {
      const res = await post()
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ ...SESSION, data: 'x'.repeat(10 * 1024 * 1024) }))
        .expect(413);
      expect(res.body).toEqual({ error: 'Request body too large' });
    });

    it('never answers 5xx to random JSON bodies', async () => {
      const field = fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.constantFrom('', 'a'.repeat(129), '../x', 'ok-id'),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(fc.string(), { maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
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
          const res = await post()
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(value));
          expect([201, 400]).toContain(res.status);
          if (res.status === 400) {
            expect(res.body).toEqual(invalid);
          }
        }),
        { numRuns: 100 },
      );
    });

    it('never answers 5xx to random session ids', async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ minLength: 1, maxLength: 300 }), async (id) => {
          const res = await http()
            .get(`/cache/session/${encodeURIComponent(id)}`)
            .set('Authorization', AUTH);
          expect([200, 404]).toContain(res.status);
        }),
        { numRuns: 100 },
      );
    });
  });

  describe('bearer-token guard', () => {
    it.each<[string, string | undefined, string]>([
      ['no Authorization header', undefined, 'Missing Authorization header'],
      ['a Basic scheme', 'Basic x', 'Invalid Authorization header format'],
      ['Bearer without a token', 'Bearer', 'Invalid Authorization header format'],
      ['Bearer with two words', `Bearer ${TOKEN} extra`, 'Invalid Authorization header format'],
      ['a wrong token', 'Bearer not-the-token', 'Invalid API token'],
      ['a token with a suffix', `Bearer ${TOKEN}x`, 'Invalid API token'],
    ])('answers 401 for %s', async (_case, header, message) => {
      const headers: Record<string, string> = header === undefined ? {} : { Authorization: header };
      const get = await http().get(`/cache/session/${SESSION.id}`).set(headers);
      const post = await http().post('/cache/session').set(headers).send(SESSION);
      for (const res of [get, post]) {
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ error: message });
      }
    });

    it('accepts the Bearer scheme in any case', async () => {
      await http()
        .post('/cache/session')
        .set('Authorization', `bearer ${TOKEN}`)
        .send({ ...SESSION, id: 'lower-case' })
        .expect(201);
      await http()
        .get('/cache/session/lower-case')
        .set('Authorization', `BEARER ${TOKEN}`)
        .expect(200);
    });

    it('checks the token before the body, so an unauthenticated bad body is a 401', async () => {
      const res = await http().post('/cache/session').send([]).expect(401);
      expect(res.body).toEqual({ error: 'Missing Authorization header' });
    });

    it.each([
      ['malformed', '{"id": '],
      ['too deep', '['.repeat(40) + ']'.repeat(40)],
    ])(
      'checks the token before a %s body too: 401 without it, 400 only with it',
      async (_kind, text) => {
        const send = () => http().post('/cache/session').set('Content-Type', 'application/json');
        const missingHeaders = async () =>
          metricValue((await http().get('/metrics').expect(200)).text, AUTH_FAILURES, {
            reason: 'missing_header',
          });
        const before = await missingHeaders();
        const missing = await send().send(text).expect(401);
        expect(missing.body).toEqual({ error: 'Missing Authorization header' });
        const wrong = await send().set('Authorization', 'Bearer nope').send(text).expect(401);
        expect(wrong.body).toEqual({ error: 'Invalid API token' });
        const right = await send().set('Authorization', AUTH).send(text).expect(400);
        expect(right.body).toEqual({ error: 'Invalid session data' });
        // the guard ran once for the refused request, not twice
        expect(await missingHeaders()).toBe(before + 1);
      },
    );
  });

  describe('admin', () => {
    afterEach(async () => {
      await setTokenAuth(true);
    });

    it('starts enabled and flips on every POST, answering the new state', async () => {
      expect((await http().get('/admin/token').expect(200)).body).toEqual({ enabled: true });
      expect((await http().post('/admin/token').expect(200)).body).toEqual({ enabled: false });
      expect((await http().get('/admin/token').expect(200)).body).toEqual({ enabled: false });
      expect((await http().post('/admin/token').expect(200)).body).toEqual({ enabled: true });
      expect((await http().get('/admin/token').expect(200)).body).toEqual({ enabled: true });
    });

    it('refuses every /cache call while token auth is disabled, even with the right token', async () => {
      await http()
        .post('/cache/session')
        .set('Authorization', AUTH)
        .send({ ...SESSION, id: 'before-outage' })
        .expect(201);
      await http().post('/admin/token').expect(200);

      for (const res of [
        await http().get('/cache/session/before-outage').set('Authorization', AUTH),
        await http().post('/cache/session').set('Authorization', AUTH).send(SESSION),
        await http().get('/cache/session/before-outage'),
      ]) {
        expect(res.status).toBe(401);
        expect(res.body).toEqual({ error: 'API token authentication is disabled' });
      }

      await http().post('/admin/token').expect(200);
      await http().get('/cache/session/before-outage').set('Authorization', AUTH).expect(200);
    });

    it.each(['/admin', '/admin/'])('serves the admin page at %s', async (path) => {
      const res = await http().get(path).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('id="token-state"');
      expect(res.text).toContain('id="toggle-token"');
      expect(res.text).toContain('src="/admin/admin.js"');
      expect(res.text).not.toMatch(/https?:\/\//);
    });

    it('serves the page script, which polls and toggles /admin/token', async () => {
      const res = await http().get('/admin/admin.js').expect(200);
      expect(res.headers['content-type']).toMatch(/javascript/);
      expect(res.text).toContain("fetch('/admin/token'");
      expect(res.text).toContain('3000');
      await http()
        .get('/admin/admin.css')
        .expect('Content-Type', /text\/css/)
        .expect(200);
    });

    it.each(['/admin', '/admin/', '/admin/admin.css'])(
      'answers a failed precondition or an unsatisfiable range on %s as JSON',
      async (path) => {
        const failed = await http().get(path).set('If-Match', '"no-such-etag"').expect(412);
        expect(failed.headers['content-type']).toMatch(/^application\/json/);
        expect(failed.body).toEqual({ error: 'Precondition Failed' });
        const stale = await http()
          .get(path)
          .set('If-Unmodified-Since', 'Thu, 01 Jan 1970 00:00:00 GMT')
          .expect(412);
        expect(stale.body).toEqual({ error: 'Precondition Failed' });
        const range = await http().get(path).set('Range', 'bytes=999999-').expect(416);
        expect(range.headers['content-type']).toMatch(/^application\/json/);
        expect(range.headers['content-range']).toMatch(/^bytes \*\/\d+$/);
        expect(range.body).toEqual({ error: 'Range Not Satisfiable' });
        await http().get(path).set('Range', 'bytes=0-9').expect(206);
      },
    );

    it('keeps /admin/token answering JSON from the controller, not the page', async () => {
      const res = await http().get('/admin/token/').expect(200);
      expect(res.body).toEqual({ enabled: true });
      expect((await http().get('/admin/token/x').expect(404)).body).toEqual({
        error: 'Cannot GET /admin/token/x',
      });
    });

    it.each(['/admin/nope', '/admin/../package.json', '/admin/%2e%2e/package.json'])(
      'answers 404 JSON for %s',
      async (path) => {
        const res = await http().get(path).expect(404);
        expect(res.body).toEqual({ error: expect.stringMatching(/^Cannot GET /) });
      },
    );

    it('counts refusals by reason and exposes the token state as a gauge', async () => {
      const metrics = async () => (await http().get('/metrics').expect(200)).text;
      const refused = async (reason: string) =>
        metricValue(await metrics(), 'instabook_cache_auth_failures_total', { reason });
      const before = await metrics();
      expect(metricValue(before, 'instabook_cache_token_auth_enabled')).toBe(1);
      // every reason is there from the start, so dashboards read 0 instead of no data
      for (const reason of [
        'auth_disabled',
        'missing_header',
        'malformed_header',
        'invalid_token',
      ]) {
        expect(
          metricSamples(before, 'instabook_cache_auth_failures_total', { reason }),
        ).toHaveLength(1);
      }
      const disabledBefore = await refused('auth_disabled');
      const missingBefore = await refused('missing_header');
      const wrongBefore = await refused('invalid_token');

      await http().get('/cache/session/x').expect(401);
      await http().get('/cache/session/x').set('Authorization', 'Bearer nope').expect(401);
      expect(await refused('missing_header')).toBe(missingBefore + 1);
      expect(await refused('invalid_token')).toBe(wrongBefore + 1);

      await http().post('/admin/token').expect(200);
      expect(metricValue(await metrics(), 'instabook_cache_token_auth_enabled')).toBe(0);
      await http().get('/cache/session/x').set('Authorization', AUTH).expect(401);
      await http().get('/cache/session/x').set('Authorization', AUTH).expect(401);
      expect(await refused('auth_disabled')).toBe(disabledBefore + 2);

      await http().post('/admin/token').expect(200);
      expect(metricValue(await metrics(), 'instabook_cache_token_auth_enabled')).toBe(1);
    });

    it('answers 404 to methods the admin routes do not take', async () => {
      await http().put('/admin/token').expect(404);
      await http().post('/admin').expect(404);
    });
  });

  it('exposes the documented metrics labelled by route template, refusals included', async () => {
    await http().post('/cache/session').send(SESSION).expect(401);
    await http().get('/cache/session/metric-probe').set('Authorization', AUTH).expect(404);
    const res = await http().get('/metrics').expect(200);
    expect(
      uncounted(res.text, [
        [
          'instabook_cache_request_count',
          { method: 'POST', endpoint: '/cache/session', status: '401' },
        ],
        [
          'instabook_cache_request_count',
          { method: 'POST', endpoint: '/cache/session', status: '201' },
        ],
        [
          'instabook_cache_request_count',
          { method: 'GET', endpoint: '/cache/session/:id', status: '404' },
        ],
        ['http_requests_total', { method: 'GET', route: '/cache/session/:id', status_code: '200' }],
      ]),
    ).toEqual([]);
    expect(
      metricSamples(res.text, 'instabook_cache_response_time_bucket', {
        le: '0.005',
        method: 'POST',
        endpoint: '/cache/session',
      }),
    ).toHaveLength(1);
    expect(res.text).not.toContain('metric-probe');
  });
});

describe('instabook-cache session bounds (e2e)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    // Date alone is faked: the HTTP stack under test keeps its real timers and ticks
    jest.useFakeTimers({
      now: Date.parse('2024-01-01T00:00:00.000Z'),
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
    app = await createE2eApp(AppModule, {
      config: [withConfig(instabookCacheConfig, { sessionStoreMax: 2, sessionTtlSeconds: 60 })],
    });
  });

  afterAll(async () => {
    await app.close();
    jest.useRealTimers();
  });

  const post = (id: string) =>
    request(app.getHttpServer())
      .post('/cache/session')
      .set('Authorization', AUTH)
      .send({ ...SESSION, id })
      .expect(201);
  const get = (id: string) =>
    request(app.getHttpServer()).get(`/cache/session/${id}`).set('Authorization', AUTH);

  it('evicts the oldest session beyond SESSION_STORE_MAX', async () => {
    await post('first');
    await post('second');
    await post('third');
    expect((await get('first')).status).toBe(404);
    expect((await get('second')).status).toBe(200);
    expect((await get('third')).status).toBe(200);
  });

  it('forgets sessions older than SESSION_TTL_SECONDS', async () => {
    const created = await post('ageing');
    expect(created.body.created_at).toBe(new Date().toISOString());
    jest.advanceTimersByTime(59_000);
    expect((await get('ageing')).status).toBe(200);
    jest.advanceTimersByTime(1_000);
    const res = await get('ageing');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'Session not found' });
  });
});

describe('instabook-cache created as in production', () => {
  let app: INestApplication;

  beforeAll(async () => {
    // an empty registry, as in a process of its own (createE2eApp clears it for the others)
    register.clear();
    app = configureApp(
      await NestFactory.create<NestExpressApplication>(AppModule, {
        ...APP_OPTIONS,
        logger: false,
      }),
    );
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  it('serves the admin page without any test-only wiring', async () => {
    const res = await request(app.getHttpServer()).get('/admin').expect(200);
    expect(res.text).toContain('id="token-state"');
    await request(app.getHttpServer()).get('/admin/token').expect(200, { enabled: true });
  });
});
