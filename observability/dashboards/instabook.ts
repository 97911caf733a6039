import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import {
  newDashboard,
  note,
  query,
  quantile,
  rateBy,
  rateOrZero,
  statPanel,
  timeSeries,
} from './common';

const CACHE_CALLS = 'endpoint=~"/cache/.*"';

const STORY = `load-generator-instabook → instabook → instabook-cache. Open the cache's admin page
(\`:8086/admin\`) and click **Disable token auth** (or \`curl -X POST localhost:8086/admin/token\`):
the cache answers every \`/cache/*\` call with 401, instabook turns each into a 500 and counts
\`instabook_cache_errors{error_type="auth_failure"}\`, the booking load generator sees 500s.
Enable it again and every panel falls back to 0 within a rate window. *Token auth* shows the
switch itself; the 401 panel says why each call was refused (\`auth_disabled\` is the story;
\`missing_header\`, \`malformed_header\` and \`invalid_token\` are callers getting the token wrong).`;

/** The instabook token story, panel by panel along the chain of three services. */
export function instabook(): dashboard.DashboardBuilder {
  return newDashboard(
    'demo-instabook',
    'Demo / Instabook token story',
    'Follow one click on the instabook-cache admin page through instabook to the booking load generator.',
  )
    .withPanel(note('How to read this', STORY, 12, 6))
    .withPanel(
      statPanel(
        'Token auth',
        'instabook_cache_token_auth_enabled: On while the cache checks Bearer tokens, Off once the admin page switched the check off.',
        'bool_on_off',
        query('min(instabook_cache_token_auth_enabled)', 'token auth'),
        6,
      ).height(6),
    )
    .withPanel(
      statPanel(
        'Cache calls refused',
        'Share of /cache/* calls instabook-cache answered 401 (100 % while token auth is off).',
        'percentunit',
        query(
          `(${rateBy('instabook_cache_request_count', 'status="401"')} or vector(0)) / ${rateBy('instabook_cache_request_count', CACHE_CALLS)}`,
          'refused',
        ),
        6,
      ).height(6),
    )
    .withRow(new dashboard.RowBuilder('The chain'))
    .withPanel(
      timeSeries(
        'instabook-cache 401/s by reason',
        'Calls the Bearer-token guard refused, by reason (instabook_cache_auth_failures_total): auth_disabled is the token story. Every reason is exported from the start, so each reads 0 when nothing is refused.',
        'reqps',
        [query(rateBy('instabook_cache_auth_failures_total', '', ['reason']), '{{reason}}')],
        12,
      ),
    )
    .withPanel(
      timeSeries(
        'instabook → cache errors/s by error_type',
        'instabook_cache_errors: auth_failure (the cache said 401), connection_error, cache_error.',
        'reqps',
        [query(rateBy('instabook_cache_errors', '', ['error_type']), '{{error_type}}')],
        12,
      ),
    )
    .withPanel(
      timeSeries(
        'instabook 5xx/s',
        'Booking requests instabook failed; with token auth off every one is 500 "Internal service authentication failure". 0 when none.',
        'reqps',
        [query(rateOrZero('instabook_request_count', '', 'status=~"5.."'), '5xx')],
        12,
      ),
    )
    .withPanel(
      timeSeries(
        'Booking load generator results/s by status',
        'What the simulated booking clients got back from instabook (`error`: no answer at all).',
        'reqps',
        [query(rateBy('load_generator_instabook_request_count', '', ['status']), '{{status}}')],
        12,
      ),
    )
    .withPanel(
      timeSeries(
        'Latency seen by the booking clients',
        'p50 and p95 of load_generator_instabook_request_latency_seconds, by endpoint.',
        's',
        [0.5, 0.95].map((q) =>
          query(
            quantile(q, 'load_generator_instabook_request_latency_seconds', '', ['endpoint']),
            `p${Math.round(q * 100)} {{endpoint}}`,
          ),
        ),
        24,
      ),
    );
}
