import type { ServiceSpec } from '@app/config';

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

/** One sample line: `name{label="value",...} value [timestamp]`. */
const SAMPLE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\S+)?$/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

interface Series {
  labels: Record<string, string>;
  value: number;
}

/** The series of one metric on a Prometheus text page, with their labels (escapes kept). */
function seriesOf(exposition: string, metric: string): Series[] {
  const found: Series[] = [];
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(metric)) continue;
    const match = SAMPLE.exec(line.trim());
    if (!match || match[1] !== metric) continue;
    const value = Number(match[3]);
    if (!Number.isFinite(value)) continue;
    const labels: Record<string, string> = {};
    for (const [, key, text] of (match[2] ?? '').matchAll(LABEL)) labels[key] = text;
    found.push({ labels, value });
  }
  return found;
}

const isServerError = (status: string | undefined) => Number(status) >= 500;

/**
 * The cumulative request and error counts of one service (docs/METRICS.md): an API service's
 * `http_requests_total` outside {@link NOT_TRAFFIC}, errors being 5xx; a load generator's
 * `<prefix>_request_count` of the requests it sent, errors being 5xx or `error` (no answer).
 */
export function trafficCounters(spec: ServiceSpec, exposition: string): TrafficCounters {
  const counters: TrafficCounters = { requests: 0, errors: 0 };
  if (spec.kind === 'load-generator') {
    for (const { labels, value } of seriesOf(
      exposition,
      `${spec.name.replace(/-/g, '_')}_request_count`,
    )) {
      counters.requests += value;
      if (labels.status === 'error' || isServerError(labels.status)) counters.errors += value;
    }
    return counters;
  }
  for (const { labels, value } of seriesOf(exposition, HTTP_REQUESTS)) {
    if (NOT_TRAFFIC.test(labels.route ?? '')) continue;
    counters.requests += value;
    if (isServerError(labels.status_code)) counters.errors += value;
  }
  return counters;
}
