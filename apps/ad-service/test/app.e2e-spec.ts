import type { INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import request from 'supertest';
import { createE2eApp, metricSamples, uncounted } from '@app/testing';
import { AppModule } from '../src/app.module';

const ids = (body: { id: string }[]) => body.map((ad) => ad.id);

describe('ad-service (e2e)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createE2eApp(AppModule);
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());

  describe('GET /ads', () => {
    it('answers the ads of the listed products with every documented field', async () => {
      const res = await http().get('/ads?product_ids=1,2,3').expect(200);
      expect(res.body).toEqual([
        {
          id: 'ad1',
          redirect_url: 'https://example.com/promo/smartphone',
          text: 'Get 10% off on the latest smartphones!',
          image_url: 'https://example.com/assets/ad1.jpg',
          product_id: 1,
          category: 'Electronics',
        },
        {
          id: 'ad2',
          redirect_url: 'https://example.com/promo/laptop',
          text: 'Back to school sale! Laptops starting at $699',
          image_url: 'https://example.com/assets/ad2.jpg',
          product_id: 2,
          category: 'Electronics',
        },
        {
          id: 'ad3',
          redirect_url: 'https://example.com/promo/headphones',
          text: 'Premium headphones - free shipping for limited time',
          image_url: 'https://example.com/assets/ad3.jpg',
          product_id: 3,
          category: 'Audio',
        },
      ]);
    });

    it('ignores non-numeric entries and spaces around entries', async () => {
      const res = await http().get('/ads?product_ids=x,%204%20,,5.0,5').expect(200);
      expect(ids(res.body)).toEqual(['ad4', 'ad5']);
    });

    it('falls back to the general ad, without product_id, when nothing matches', async () => {
      const res = await http().get('/ads?product_ids=99,abc').expect(200);
      expect(res.body).toEqual([
        {
          id: 'ad6',
          redirect_url: 'https://example.com/promo/general',
          text: 'Free shipping on orders over $50!',
          image_url: 'https://example.com/assets/ad6.jpg',
          category: 'General',
        },
      ]);
    });

    it('answers the ads of a category', async () => {
      const res = await http().get('/ads?category=Audio').expect(200);
      expect(ids(res.body)).toEqual(['ad3', 'ad5']);
    });

    it('answers [] for a category without ads (exact match)', async () => {
      expect((await http().get('/ads?category=audio').expect(200)).body).toEqual([]);
      expect((await http().get('/ads?category=Phones').expect(200)).body).toEqual([]);
    });

    it('prefers product_ids over category', async () => {
      const res = await http().get('/ads?category=Audio&product_ids=4').expect(200);
      expect(ids(res.body)).toEqual(['ad4']);
    });

    it.each(['/ads', '/ads?product_ids=', '/ads?category=', '/ads?unknown=1'])(
      'answers three distinct random ads for %s',
      async (url) => {
        const res = await http().get(url).expect(200);
        const picked = ids(res.body);
        expect(picked).toHaveLength(3);
        expect(new Set(picked).size).toBe(3);
        picked.forEach((id) => expect(id).toMatch(/^ad[1-6]$/));
      },
    );

    it.each([
      ['product_ids=1&product_ids=2', 'product_ids must be a single comma-separated list'],
      ['category=Audio&category=General', 'category must be a single string'],
    ])('answers 400 for the repeated parameter in %s', async (query, error) => {
      const res = await http().get(`/ads?${query}`).expect(400);
      expect(res.body).toEqual({ error });
    });

    it('never answers 5xx, whatever the query values', async () => {
      const value = fc.oneof(
        fc.string(),
        fc.array(fc.oneof(fc.nat(), fc.string()), { maxLength: 5 }).map((list) => list.join(',')),
        fc.array(fc.string(), { minLength: 2, maxLength: 3 }),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.record({ product_ids: value, category: value }, { requiredKeys: [] }),
          async (query) => {
            const res = await http().get('/ads').query(query);
            expect([200, 400]).toContain(res.status);
            if (res.status === 200) expect(Array.isArray(res.body)).toBe(true);
            else expect(typeof res.body.error).toBe('string');
          },
        ),
        { numRuns: 100 },
      );
    });
  });

  describe('GET /ad/:id', () => {
    it('answers one ad', async () => {
      const res = await http().get('/ad/ad4').expect(200);
      expect(res.body).toEqual({
        id: 'ad4',
        redirect_url: 'https://example.com/promo/smartwatch',
        text: 'Track your fitness with our new smartwatch collection',
        image_url: 'https://example.com/assets/ad4.jpg',
        product_id: 4,
        category: 'Wearables',
      });
    });

    it.each(['ad7', 'AD1', '1', '..%2F..%2Fx', '%20', 'ad1%00', 'x'.repeat(2000)])(
      'answers 404 Ad not found for %s',
      async (id) => {
        const res = await http().get(`/ad/${id}`).expect(404);
        expect(res.body).toEqual({ error: 'Ad not found' });
      },
    );

    it('answers 400 for an id that is not valid percent-encoding', async () => {
      const res = await http().get('/ad/%E0%A4%A').expect(400);
      expect(res.body).toEqual({ error: "Failed to decode param '%E0%A4%A'" });
    });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await http().get('/ad').expect(404);
    expect(res.body).toEqual({ error: 'Cannot GET /ad' });
  });

  it('exposes its documented and the uniform metrics labelled by route template', async () => {
    await http().get('/ad/ad1').expect(200);
    await http().get('/ad/ad99').expect(404);
    await http().get('/ads?category=Audio').expect(200);
    const res = await http().get('/metrics').expect(200);
    expect(
      uncounted(res.text, [
        ['ad_service_request_count', { method: 'GET', endpoint: '/ad/:id', status: '200' }],
        ['ad_service_request_count', { method: 'GET', endpoint: '/ad/:id', status: '404' }],
        ['ad_service_request_count', { method: 'GET', endpoint: '/ads', status: '200' }],
        ['http_requests_total', { method: 'GET', route: '/ad/:id', status_code: '404' }],
      ]),
    ).toEqual([]);
    expect(
      metricSamples(res.text, 'ad_service_response_time_bucket', {
        le: '0.005',
        method: 'GET',
        endpoint: '/ad/:id',
      }),
    ).toHaveLength(1);
    expect(res.text).not.toContain('ad99');
  });
});
