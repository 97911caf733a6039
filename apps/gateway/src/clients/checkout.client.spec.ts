import { answering, fakeDownstreamHttp } from '@app/testing';
import { GATEWAY_CONFIG } from '../../test/gateway-config';
import { CheckoutClient } from './checkout.client';

describe('CheckoutClient', () => {
  it('posts the body as it came to /process', async () => {
    const { http, calls } = fakeDownstreamHttp(answering(200, { status: 'PROCESSED' }));
    const body = { user_id: 'u', anything: [1, { nested: null }] };
    await expect(new CheckoutClient(http, GATEWAY_CONFIG).process(body)).resolves.toEqual({
      status: 'PROCESSED',
    });
    expect(calls).toEqual([
      expect.objectContaining({
        service: 'checkout-service',
        baseUrl: 'http://checkout:8084',
        method: 'POST',
        path: '/process',
        body,
      }),
    ]);
  });

  it('encodes the order id so it stays one path segment', async () => {
    const { http, calls } = fakeDownstreamHttp(answering(200, {}));
    await new CheckoutClient(http, GATEWAY_CONFIG).order('../../admin?x=1');
    expect(calls[0]).toMatchObject({ method: 'GET', path: '/order/..%2F..%2Fadmin%3Fx%3D1' });
  });
});
