import type { ServiceSpec } from '@app/config';
import { samplesOf, trafficMetricNamesOf } from '@app/metrics';

/** A service's requests so far and how many of them failed, from its `/metrics` page. */
export interface TrafficCounters {
  requests: number;
  errors: number;
}

/** The HTTP counter every service shares (docs/METRICS.md#http-metrics). */
const HTTP_REQUESTS = 'http_requests_total';

/**
 * Routes that are not the service's own traffic: probes, scrapes, the admin switches, the
 * console and the API docs. Their requests would hide a service's error rate behind the
 * console's own polls.
 */
const NOT_TRAFFIC = /^\/(metrics|health|healthz|admin|console|docs)(\/|$|-)/;

/** A counter's series with a usable value: a NaN or infinite sample would poison the sums. */
const counted = (exposition: string, metric: string) =>
  samplesOf(exposition, metric).filter(({ value }) => Number.isFinite(value));

const isServerError = (status: string | undefined) => Number(status) >= 500;

/**
 * The cumulative request and error counts of one service (docs/METRICS.md): an API service's
 * `http_requests_total` outside {@link NOT_TRAFFIC}, errors being 5xx; a load generator's
 * `<prefix>_request_count` of the requests it sent, errors being 5xx or `error` (no answer).
 */
export function trafficCounters(spec: ServiceSpec, exposition: string): TrafficCounters {
  const counters: TrafficCounters = { requests: 0, errors: 0 };
  if (spec.kind === 'load-generator') {
    for (const { labels, value } of counted(exposition, trafficMetricNamesOf(spec.name).count)) {
      counters.requests += value;
      if (labels.status === 'error' || isServerError(labels.status)) counters.errors += value;
    }
    return counters;
  }
  for (const { labels, value } of counted(exposition, HTTP_REQUESTS)) {
    if (NOT_TRAFFIC.test(labels.route ?? '')) continue;
    counters.requests += value;
    if (isServerError(labels.status_code)) counters.errors += value;
  }
  return counters;
}
