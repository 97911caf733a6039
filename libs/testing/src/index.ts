export * from './e2e-app';
export * from './http-stub';
