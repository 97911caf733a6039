export * from './logging.module';
export * from './pino-options';
export * from './trace-context.middleware';
export * from './tracing';
