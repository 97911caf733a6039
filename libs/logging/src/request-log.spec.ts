import pino from 'pino';
import { Writable } from 'node:stream';
import { loggerOptions } from './pino-options';
import { logServedRequest, requestLogger, requestLogLevel } from './request-log';

function capture(level: 'debug' | 'info' = 'info') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino(loggerOptions('spec-service', level), stream), lines };
}

const IDS = { trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16), request_id: 'req-1' };

describe('request log', () => {
  it('writes one line with the fields of docs/LOGS.md#fields', () => {
    const { logger, lines } = capture();
    logServedRequest(requestLogger(logger), {
      method: 'GET',
      url: '/product/1?currency=EUR',
      status: 200,
      durationMs: 12,
      ids: IDS,
    });
    expect(lines).toEqual([
      {
        level: 'INFO',
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown,
        service_name: 'spec-service',
        ...IDS,
        req: { method: 'GET', url: '/product/1?currency=EUR' },
        res: { status_code: 200 },
        duration_ms: 12,
        message: 'GET /product/1?currency=EUR 200',
      },
    ]);
  });

  it.each([
    ['GET', '/checkout', 201, 'info'],
    ['POST', '/checkout', 400, 'warn'],
    ['GET', '/cache/session/x', 401, 'warn'],
    ['GET', '/booking/session/x', 500, 'error'],
    ['GET', '/health', 200, 'debug'],
    ['GET', '/metrics', 200, 'debug'],
    ['GET', '/healthz/ready', 503, 'debug'],
    ['GET', '/healthz/live', 500, 'error'],
    ['POST', '/admin/token', 200, 'info'],
  ])('%s %s %d is logged at %s', (method, url, status, level) => {
    expect(requestLogLevel(method, url, status)).toBe(level);
  });

  it('writes nothing for a probe at info, and the probe at debug', () => {
    const served = { method: 'GET', url: '/health', status: 200, durationMs: 0, ids: IDS };
    const info = capture('info');
    logServedRequest(requestLogger(info.logger), served);
    expect(info.lines).toEqual([]);
    const debug = capture('debug');
    logServedRequest(requestLogger(debug.logger), served);
    expect(debug.lines).toMatchObject([{ level: 'DEBUG', message: 'GET /health 200' }]);
  });

  it('leaves the redaction of every other line in place', () => {
    const { logger, lines } = capture();
    requestLogger(logger);
    logger.info({ headers: { authorization: 'Bearer secret' }, auth: { token: 'secret' } }, 'call');
    expect(JSON.stringify(lines)).not.toContain('secret');
  });
});
