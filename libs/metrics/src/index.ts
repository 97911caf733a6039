export * from './exposition';
export * from './metrics.module';
export * from './metrics.options';
export * from './request-metrics';
export * from './traffic-metric-names';
export {
  InjectMetric,
  getToken,
  makeCounterProvider,
  makeGaugeProvider,
} from '@willsoto/nestjs-prometheus';
