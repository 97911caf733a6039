export * from './currency';
export * from './error-body';
export * from './instabook';
export * from './shop';
