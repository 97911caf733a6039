import type { LoggerOptions } from 'pino';
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

/** The ISO time of the current millisecond, formatted once however many lines share it. */
let lastMillisecond = 0;
let lastIso = '';

function isoTimestamp(): string {
  const now = Date.now();
  if (now !== lastMillisecond) {
    lastMillisecond = now;
    lastIso = new Date(now).toISOString();
  }
  return `,"timestamp":"${lastIso}"`;
}

/**
 * The log line of docs/LOGS.md#log-line: one JSON object with `timestamp`, `level` as a word,
 * `service_name`, `message`, the trace ids where known, and the event's own fields.
 * A credential never reaches a line, wherever a caller put it.
 */
export function loggerOptions(serviceName: string, level: LogLevel): LoggerOptions {
  return {
    level,
    messageKey: 'message',
    errorKey: 'err',
    base: { service_name: serviceName },
    timestamp: isoTimestamp,
    formatters: {
      level: (label) => ({ level: LEVEL_WORDS[label] ?? label.toUpperCase() }),
    },
    mixin: logCorrelation,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.authorization', '*.token'],
      censor: '[REDACTED]',
    },
  };
}
