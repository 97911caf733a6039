import { makeCounterProvider, makeGaugeProvider } from '@app/metrics';

/** Refusals of the cache's gate by reason: the token story is `auth_disabled`. */
export const AUTH_FAILURES_METRIC = 'instabook_cache_auth_failures_total';
/** 1 while the cache checks tokens, 0 after the admin page switched the check off. */
export const TOKEN_AUTH_ENABLED_METRIC = 'instabook_cache_token_auth_enabled';

export const AUTH_FAILURE_REASONS = {
  disabled: 'auth_disabled',
  missingHeader: 'missing_header',
  badFormat: 'malformed_header',
  badToken: 'invalid_token',
} as const;

export const authFailuresCounter = makeCounterProvider({
  name: AUTH_FAILURES_METRIC,
  help: "Requests instabook-cache's token check refused, by reason",
  labelNames: ['reason'],
});

export const tokenAuthEnabledGauge = makeGaugeProvider({
  name: TOKEN_AUTH_ENABLED_METRIC,
  help: 'Whether instabook-cache checks API tokens (1) or the admin page switched it off (0)',
});
