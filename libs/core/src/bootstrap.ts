import {
  INestApplication,
  Logger as NestLogger,
  NestApplicationOptions,
  Type,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { SERVICE_CONFIG, ServiceConfig } from '@app/config';
import { ApiDocs } from './api-docs';

/**
 * How every app is created, in production and in tests: Express's own body parser is off
 * because ours runs inside Nest (see RequestParsingMiddleware).
 */
export const APP_OPTIONS: NestApplicationOptions = { bodyParser: false };

export function configureApp(app: NestExpressApplication): NestExpressApplication {
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // no ETag on API answers: nothing here is cached by clients, and hashing every body costs
  // (the admin page's files keep theirs: serve-static sets them itself)
  app.set('etag', false);
  // its routes are added during init, behind the API's (see ApiDocs)
  app.get(ApiDocs).attach(app);
  return app;
}

/** Seconds after the drain that close() may take before we give up and exit non-zero. */
const CLOSE_DEADLINE_MS = 10_000;

/**
 * Starts a service: JSON logging from the first line, listening on the configured port,
 * and a graceful stop on SIGTERM/SIGINT — readiness turns 503, in-flight requests finish,
 * then the process exits 0. We handle the signals ourselves because Nest's shutdown hooks
 * re-raise the signal after closing, which makes a clean stop look like a crash (exit 143).
 */
export async function bootstrapService(appModule: Type): Promise<INestApplication> {
  // Until the app exists there is nothing to drain; as PID 1 in a container an unhandled
  // SIGTERM would be ignored and `docker stop` would wait for its kill timeout.
  const stopWhileBooting = () => process.exit(0);
  process.once('SIGTERM', stopWhileBooting);
  process.once('SIGINT', stopWhileBooting);
  const app = configureApp(
    await NestFactory.create<NestExpressApplication>(appModule, {
      ...APP_OPTIONS,
      bufferLogs: true,
      abortOnError: false,
    }),
  );
  app.useLogger(app.get(Logger));
  app.flushLogs();
  const logger = new NestLogger('Bootstrap');
  const config = app.get<ServiceConfig>(SERVICE_CONFIG);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`Received ${signal}, shutting down`);
    const deadline = setTimeout(() => {
      logger.error(
        `Shutdown did not finish within ${config.shutdownDrainMs + CLOSE_DEADLINE_MS} ms`,
      );
      process.exit(1);
    }, config.shutdownDrainMs + CLOSE_DEADLINE_MS);
    deadline.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`Shutdown failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: Ctrl-C reaches a service twice (from the terminal and forwarded by the
  // runner), and a second signal without a listener would kill it mid-drain
  process.off('SIGTERM', stopWhileBooting);
  process.off('SIGINT', stopWhileBooting);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  // before listening, so that a start-up refusal (a bad SCENARIOS) is reported as itself
  await app.init();
  try {
    await app.listen(config.port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      logger.error(
        `Port ${config.port} is already in use: stop whatever holds it or set PORT for ${config.service}`,
      );
    } else {
      logger.error(`Could not listen on port ${config.port}: ${String(error)}`);
    }
    process.exit(1);
  }
  logger.log(`${config.service} listening on http://localhost:${config.port}`);
  return app;
}

/** Entry point of each app's main.ts: a boot failure (e.g. a bad env var) is printed and exits 1. */
export function runService(appModule: Type): void {
  bootstrapService(appModule).catch((error: unknown) => {
    // the logger may not exist yet when config validation fails, so write plainly
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
