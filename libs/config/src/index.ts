export * from './apps.config';
export * from './load-env';
export * from './service.config';
export * from './topology';
export * from './memory';
