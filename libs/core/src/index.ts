export { EmptyBodyMessage, InvalidBodyMessage } from '@app/contracts';
export * from './bootstrap';
export * from './contract-validation.pipe';
export * from './core.module';
export * from './http-error.filter';
export * from './integer-param.pipe';
