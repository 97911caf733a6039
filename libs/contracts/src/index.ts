export * from './api-schemas';
export * from './body-messages';
export * from './currency';
export * from './error-body';
export * from './instabook';
export * from './session-input.dto';
export * from './shop';
