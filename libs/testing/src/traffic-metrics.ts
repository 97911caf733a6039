import { Counter, Histogram } from 'prom-client';
import { TrafficMetrics } from '@app/load';

/** Traffic metrics in no registry, for a load generator's service built without Nest. */
export function detachedTrafficMetrics(): TrafficMetrics {
  return new TrafficMetrics(
    new Counter({
      name: 'test_request_count',
      help: 'unregistered',
      labelNames: ['method', 'endpoint', 'status'],
      registers: [],
    }),
    new Histogram({
      name: 'test_request_latency_seconds',
      help: 'unregistered',
      labelNames: ['method', 'endpoint'],
      registers: [],
    }),
  );
}
