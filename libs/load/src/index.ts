export * from './random';
export * from './traffic-loop';
export * from './traffic-metrics';
