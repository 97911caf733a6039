export * from './metrics.module';
export * from './metrics.options';
export * from './request-metrics';
export {
  InjectMetric,
  getToken,
  makeCounterProvider,
  makeGaugeProvider,
} from '@willsoto/nestjs-prometheus';
