export * from './e2e-app';
export * from './fake-downstream-http';
export * from './http-stub';
export * from './wait-for';
export * from './logger-spies';
export * from './prometheus-text';
export * from './raw-http';
export * from './traffic-metrics';
