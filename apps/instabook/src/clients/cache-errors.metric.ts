import { makeCounterProvider } from '@app/metrics';

export const CACHE_ERRORS_METRIC = 'instabook_cache_errors';

export const CACHE_ERROR_TYPES = ['auth_failure', 'connection_error', 'cache_error'] as const;
export type CacheErrorType = (typeof CACHE_ERROR_TYPES)[number];

export const cacheErrorsCounter = makeCounterProvider({
  name: CACHE_ERRORS_METRIC,
  help: 'Failed calls from instabook to instabook-cache, by error_type',
  labelNames: ['error_type'],
});
