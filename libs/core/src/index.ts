export { EmptyBodyMessage, InvalidBodyMessage } from '@app/contracts';
export * from './bootstrap';
export * from './contract-validation.pipe';
export * from './core.module';
export * from './http-error.filter';
export * from './http-server.setup';
export * from './integer-param.pipe';
export * from './unreadable-body';
export * from './unreadable-body.guard';
