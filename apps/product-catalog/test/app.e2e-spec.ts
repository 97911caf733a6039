import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createE2eApp, metricSamples, uncounted } from '@app/testing';
import { AppModule } from '../src/app.module';

describe('product-catalog (e2e)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createE2eApp(AppModule);
  });

  afterAll(async () => {
    await app.close();
  });

  const http = () => request(app.getHttpServer());

  it('lists the five products', async () => {
    const res = await http().get('/products').expect(200);
    expect(res.body).toHaveLength(5);
    expect(res.body[0]).toEqual({
      id: 1,
      name: 'Smartphone Model X',
      description: 'Latest smartphone with advanced features',
      price: 699.99,
      currency: 'USD',
      image_url: 'https://example.com/smartphone.jpg',
      categories: ['Electronics', 'Phones'],
    });
  });

  it('filters by exact category', async () => {
    const res = await http().get('/products?category=Audio').expect(200);
    expect((res.body as { id: number }[]).map((p) => p.id)).toEqual([3, 5]);
  });

  it('treats an empty category as no filter', async () => {
    const res = await http().get('/products?category=').expect(200);
    expect(res.body).toHaveLength(5);
  });

  it('answers [] (not null) when no product matches the category', async () => {
    const res = await http().get('/products?category=audio').expect(200);
    expect(res.body).toEqual([]);
  });

  it('rejects a repeated category parameter with 400', async () => {
    const res = await http().get('/products?category=Audio&category=Phones').expect(400);
    expect(res.body).toEqual({ error: 'category must be a single string' });
  });

  it('returns one product', async () => {
    const res = await http().get('/product/2').expect(200);
    expect(res.body).toMatchObject({ id: 2, name: 'Laptop Pro', price: 1299.99 });
  });

  it.each(['abc', '1.5', '2x', '..%2F..%2Fx', '%20', '99999999999999999999'])(
    'answers 400 Invalid product ID for %s',
    async (id) => {
      const res = await http().get(`/product/${id}`).expect(400);
      expect(res.body).toEqual({ error: 'Invalid product ID' });
    },
  );

  it.each(['0', '6', '-1', '999999999999999'])(
    'answers 404 Product not found for %s',
    async (id) => {
      const res = await http().get(`/product/${id}`).expect(404);
      expect(res.body).toEqual({ error: 'Product not found' });
    },
  );

  it('answers unknown routes with a JSON 404', async () => {
    const res = await http().get('/nope').expect(404);
    expect(res.body).toEqual({ error: 'Cannot GET /nope' });
  });

  it('exposes its documented and the uniform metrics labelled by route template', async () => {
    await http().get('/product/3').expect(200);
    await http().get('/product/42').expect(404);
    const res = await http().get('/metrics').expect(200);
    expect(
      uncounted(res.text, [
        [
          'product_catalog_request_count',
          { method: 'GET', endpoint: '/product/:id', status: '200' },
        ],
        [
          'product_catalog_request_count',
          { method: 'GET', endpoint: '/product/:id', status: '404' },
        ],
        ['http_requests_total', { method: 'GET', route: '/product/:id', status_code: '200' }],
      ]),
    ).toEqual([]);
    expect(
      metricSamples(res.text, 'product_catalog_response_time_bucket', {
        le: '0.005',
        method: 'GET',
        endpoint: '/product/:id',
      }),
    ).toHaveLength(1);
    expect(res.text).not.toContain('/product/42');
  });
});
