export * from './auth.messages';
export * from './auth.module';
export * from './bearer-token.guard';
export * from './token-auth.state';
export * from './token-compare';
export * from './auth.metrics';
export * from './instabook-token.config';
