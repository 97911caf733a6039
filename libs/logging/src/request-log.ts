import type { Level, Logger } from 'pino';

/**
 * Probes, scrapes and the admin page's state polling arrive every few seconds; at info
 * they would drown the story.
 */
const QUIET_PATHS =
  /^\/(health|healthz\/(live|ready)|metrics|admin\/token|admin\/scenarios|console\/api\/services)(\?|$)/;

function isQuietRequest(method: string | undefined, url: string | undefined): boolean {
  return method === 'GET' && QUIET_PATHS.test(url ?? '');
}

/** One served request, as its log line tells it. */
export interface ServedRequest {
  method: string;
  url: string;
  status: number;
  durationMs: number;
  /** The ids of the request's server span and its request id. */
  ids: Record<string, string>;
}

/** INFO for a success, WARN for a 4xx, ERROR for a 5xx; probes and scrapes only at DEBUG. */
export function requestLogLevel(method: string, url: string, status: number): Level {
  // a draining service answers its probes 503 on purpose: not an error worth a page
  if (isQuietRequest(method, url) && (status < 400 || status === 503)) return 'debug';
  if (status >= 500) return 'error';
  if (status >= 400) return 'warn';
  return 'info';
}

/**
 * The logger for request lines: `logger` without redaction. A request line is built only
 * from the method, URL, status, duration and ids — there is nothing in it to redact — and
 * scanning every line for `*.token` and `*.authorization` was a sixth of its cost.
 */
export function requestLogger(logger: Logger): Logger {
  return logger.child({}, { redact: [] });
}

/**
 * The one line each request leaves when it ends: `GET /product/1 200` with `req`, `res`,
 * `duration_ms` and the trace ids. Its fields are built once, from the request's own
 * values, and only when the level is on.
 */
export function logServedRequest(logger: Logger, served: ServedRequest): void {
  const level = requestLogLevel(served.method, served.url, served.status);
  if (!logger.isLevelEnabled(level)) return;
  logger[level](
    {
      ...served.ids,
      req: { method: served.method, url: served.url },
      res: { status_code: served.status },
      duration_ms: served.durationMs,
    },
    `${served.method} ${served.url} ${served.status}`,
  );
}
