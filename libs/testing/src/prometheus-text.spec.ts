import { metricSamples, metricType, metricValue, sampleValue, uncounted } from './prometheus-text';

const PAGE = [
  '# HELP req_total req_total by method, status',
  '# TYPE req_total counter',
  'req_total{method="GET",status="200"} 3',
  'req_total{method="GET",status="404"} 0',
  'req_total{method="POST",status="200"} 2',
  '# TYPE lat_seconds histogram',
  'lat_seconds_bucket{le="0.005",method="GET"} 0',
  'lat_seconds_bucket{le="+Inf",method="GET"} 3',
  'up 1',
].join('\n');

describe('Prometheus text helpers', () => {
  it('lists one value per series whose labels include the given ones, zeros included', () => {
    expect(metricSamples(PAGE, 'req_total', { method: 'GET' })).toEqual([3, 0]);
    expect(metricSamples(PAGE, 'lat_seconds_bucket', { le: '0.005', method: 'GET' })).toEqual([0]);
    expect(metricSamples(PAGE, 'up')).toEqual([1]);
    expect(metricSamples(PAGE, 'req_total', { method: 'PUT' })).toEqual([]);
    expect(metricSamples(PAGE, 'req')).toEqual([]);
  });

  it('sums the matching series, 0 when none', () => {
    expect(metricValue(PAGE, 'req_total')).toBe(5);
    expect(metricValue(PAGE, 'req_total', { status: '200' })).toBe(5);
    expect(metricValue(PAGE, 'req_total', { method: 'PUT' })).toBe(0);
  });

  it('names the series that are absent or at 0', () => {
    expect(
      uncounted(PAGE, [
        ['req_total', { method: 'GET', status: '200' }],
        ['req_total', { method: 'GET', status: '404' }],
        ['req_total', { method: 'PUT' }],
        ['up', {}],
      ]),
    ).toEqual(['req_total{"method":"GET","status":"404"}', 'req_total{"method":"PUT"}']);
  });

  it('reads one exact sample line', () => {
    expect(sampleValue(PAGE, 'req_total{method="POST",status="200"}')).toBe(2);
    expect(sampleValue(PAGE, 'req_total{method="POST"}')).toBe(0);
  });

  it('reads the declared type of a metric', () => {
    expect(metricType(PAGE, 'req_total')).toBe('counter');
    expect(metricType(PAGE, 'lat_seconds')).toBe('histogram');
    expect(metricType(PAGE, 'req')).toBeUndefined();
  });
});
