import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { newDashboard, query, RATE, serviceVariable, timeSeries } from './common';

const SERVICE = 'service=~"$service"';

/** One Node.js process per service: prom-client's default process and runtime metrics. */
export function runtime(): dashboard.DashboardBuilder {
  return newDashboard(
    'demo-runtime',
    'Demo / Runtime',
    "CPU, memory, event-loop lag and garbage collection of each service's Node.js process.",
  )
    .withVariable(serviceVariable())
    .withPanel(
      timeSeries('CPU', 'CPU time used per second (1 = one core).', 'percentunit', [
        query(
          `sum by (service) (rate(process_cpu_seconds_total{${SERVICE}}[${RATE}]))`,
          '{{service}}',
        ),
      ]),
    )
    .withPanel(
      timeSeries(
        'Resident memory',
        'RSS of the process; the containers are limited to 256 MiB.',
        'bytes',
        [query(`sum by (service) (process_resident_memory_bytes{${SERVICE}})`, '{{service}}')],
      ),
    )
    .withPanel(
      timeSeries(
        'Heap used',
        "V8's used heap; old space is capped at half the memory limit.",
        'bytes',
        [query(`sum by (service) (nodejs_heap_size_used_bytes{${SERVICE}})`, '{{service}}')],
      ),
    )
    .withPanel(
      timeSeries(
        'Event-loop lag p99',
        "99th percentile of the event loop's delay, as prom-client samples it.",
        's',
        [query(`max by (service) (nodejs_eventloop_lag_p99_seconds{${SERVICE}})`, '{{service}}')],
        12,
      ),
    )
    .withPanel(
      timeSeries(
        'Garbage collection',
        'Time spent in GC per second, all kinds together.',
        'percentunit',
        [
          query(
            `sum by (service) (rate(nodejs_gc_duration_seconds_sum{${SERVICE}}[${RATE}]))`,
            '{{service}}',
          ),
        ],
        12,
      ),
    );
}
