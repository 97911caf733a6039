export const AUTH_MESSAGES = {
  disabled: 'API token authentication is disabled',
  missingHeader: 'Missing Authorization header',
  badFormat: 'Invalid Authorization header format',
  badToken: 'Invalid API token',
} as const;
