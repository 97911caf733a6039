export * from './environment';
export * from './load-env';
export * from './service.config';
export * from './topology';
export * from './memory';
export * from './tracing.config';
