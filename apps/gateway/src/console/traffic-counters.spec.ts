import { Counter, Registry } from 'prom-client';
import { TOPOLOGY } from '@app/config';
import { trafficCounters } from './traffic-counters';

/** A page as prom-client writes it, from counters named and labelled as docs/METRICS.md says. */
async function exposition(
  name: string,
  labels: string[],
  samples: [Record<string, string>, number][],
): Promise<string> {
  const registry = new Registry();
  const counter = new Counter({ name, help: name, labelNames: labels, registers: [registry] });
  for (const [values, count] of samples) counter.inc(values, count);
  return registry.metrics();
}

describe('trafficCounters', () => {
  it("counts a service's served requests, leaving out probes, scrapes, admin, console and docs", async () => {
    const page = await exposition(
      'http_requests_total',
      ['method', 'route', 'status_code'],
      [
        [{ method: 'GET', route: '/products', status_code: '200' }, 10],
        [{ method: 'GET', route: '/product/:id', status_code: '500' }, 3],
        [{ method: 'GET', route: '/product/:id', status_code: '503' }, 1],
        [{ method: 'GET', route: '/product/:id', status_code: '404' }, 2],
        [{ method: 'GET', route: 'unmatched', status_code: '404' }, 1],
        [{ method: 'GET', route: '/metrics', status_code: '200' }, 50],
        [{ method: 'GET', route: '/health', status_code: '503' }, 4],
        [{ method: 'GET', route: '/healthz/live', status_code: '200' }, 4],
        [{ method: 'GET', route: '/healthz/ready', status_code: '503' }, 4],
        [{ method: 'PUT', route: '/admin/scenarios/:name', status_code: '400' }, 2],
        [{ method: 'GET', route: '/admin', status_code: '200' }, 2],
        [{ method: 'GET', route: '/console/api/services', status_code: '200' }, 2],
        [{ method: 'GET', route: '/docs-json', status_code: '200' }, 2],
        [{ method: 'GET', route: '/docs', status_code: '200' }, 2],
        [{ method: 'GET', route: '/administrators', status_code: '500' }, 5],
      ],
    );
    expect(trafficCounters(TOPOLOGY['product-catalog'], page)).toEqual({
      requests: 22,
      errors: 9,
    });
  });

  it("counts a load generator's sent requests: 5xx and no answer are errors", async () => {
    const page = [
      await exposition(
        'load_generator_instabook_request_count',
        ['method', 'endpoint', 'status'],
        [
          [{ method: 'POST', endpoint: '/booking/session', status: '201' }, 8],
          [{ method: 'GET', endpoint: '/booking/session/:id', status: '404' }, 2],
          [{ method: 'POST', endpoint: '/booking/session', status: '500' }, 3],
          [{ method: 'POST', endpoint: '/booking/session', status: 'error' }, 1],
        ],
      ),
      // its own probes and scrapes are no traffic it sent
      await exposition(
        'http_requests_total',
        ['method', 'route', 'status_code'],
        [[{ method: 'GET', route: '/products', status_code: '500' }, 7]],
      ),
      await exposition('load_generator_request_count', ['status'], [[{ status: '500' }, 9]]),
    ].join('\n');
    expect(trafficCounters(TOPOLOGY['load-generator-instabook'], page)).toEqual({
      requests: 14,
      errors: 4,
    });
  });

  it('reads a page without the counter, or a broken one, as no traffic', () => {
    expect(trafficCounters(TOPOLOGY.gateway, '')).toEqual({ requests: 0, errors: 0 });
    expect(
      trafficCounters(
        TOPOLOGY.gateway,
        'http_requests_total{route="/x",status_code="500"} NaN\nhttp_requests_totalx 5\n<html>',
      ),
    ).toEqual({ requests: 0, errors: 0 });
  });
});
