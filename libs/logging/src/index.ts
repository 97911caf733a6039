export * from './logging.module';
export * from './pino-options';
export * from './request-log';
export * from './server-span';
export * from './tracing';
