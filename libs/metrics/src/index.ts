export * from './metrics.module';
export * from './metrics.options';
export * from './request-metrics';
export {
  InjectMetric,
  makeCounterProvider,
  makeGaugeProvider,
  makeHistogramProvider,
} from '@willsoto/nestjs-prometheus';
