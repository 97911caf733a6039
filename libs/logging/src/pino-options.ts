import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Options } from 'pino-http';
import type { LogLevel } from '@app/config';
import { logCorrelation } from './tracing';

const LEVEL_WORDS: Record<string, string> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'FATAL',
};

/**
 * Probes, scrapes and the admin page's state polling arrive every few seconds; at info
 * they would drown the story.
 */
const QUIET_PATHS = /^\/(health|healthz\/(live|ready)|metrics|admin\/token)(\?|$)/;

export function isQuietRequest(method: string | undefined, url: string | undefined): boolean {
  return method === 'GET' && QUIET_PATHS.test(url ?? '');
}

/** pino-http invents an Error for every 5xx; its stack points into pino-http, not at the cause. */
const SYNTHETIC_ERROR = /^failed with status code \d+$/;

/**
 * The contract's log line: one JSON object with `timestamp`, `level` as a word,
 * `service_name`, `message`, the trace ids where known, and the event's own fields.
 */
export function pinoHttpOptions(serviceName: string, level: LogLevel): Options {
  return {
    level,
    messageKey: 'message',
    errorKey: 'err',
    base: { service_name: serviceName },
    timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
    formatters: {
      level: (label) => ({ level: LEVEL_WORDS[label] ?? label.toUpperCase() }),
    },
    mixin: logCorrelation,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.authorization', '*.token'],
      censor: '[REDACTED]',
    },
    serializers: {
      req: (req: { method?: string; url?: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode?: number }) => ({ status_code: res.statusCode }),
    },
    customLogLevel: (req: IncomingMessage, res: ServerResponse, error?: Error) => {
      // a draining service answers its probes 503 on purpose: not an error worth a page
      const quiet = isQuietRequest(req.method, req.url);
      if (quiet && (res.statusCode < 400 || res.statusCode === 503)) return 'debug';
      if (error || res.statusCode >= 500) return 'error';
      if (res.statusCode >= 400) return 'warn';
      return 'info';
    },
    customSuccessMessage: (req, res) => `${req.method} ${req.url} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${req.url} ${res.statusCode}`,
    customAttributeKeys: { responseTime: 'duration_ms' },
    customErrorObject: (_req, _res, error: Error, value: Record<string, unknown>) => {
      if (!SYNTHETIC_ERROR.test(error.message)) return value;
      const { err: _synthetic, ...rest } = value;
      return rest;
    },
  };
}
