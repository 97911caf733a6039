import { Counter, Histogram, Registry } from 'prom-client';
import { samplesOf } from './exposition';

describe('samplesOf', () => {
  it('reads the series of one metric from a page prom-client wrote, labels unescaped', async () => {
    const registry = new Registry();
    const counter = new Counter({
      name: 'demo_total',
      help: 'h',
      labelNames: ['route', 'status'],
      registers: [registry],
    });
    new Counter({ name: 'demo_total_other', help: 'h', registers: [registry] }).inc(7);
    counter.inc({ route: '/a', status: '200' }, 3);
    counter.inc({ route: 'say "hi"\\\n', status: '500' });
    const page = await registry.metrics();
    expect(samplesOf(page, 'demo_total')).toEqual([
      { labels: { route: '/a', status: '200' }, value: 3 },
      { labels: { route: 'say "hi"\\\n', status: '500' }, value: 1 },
    ]);
    expect(samplesOf(page, 'demo_total_other')).toEqual([{ labels: {}, value: 7 }]);
    expect(samplesOf(page, 'demo')).toEqual([]);
  });

  it('keeps a histogram’s series apart and reads +Inf, NaN and a timestamp', async () => {
    const registry = new Registry();
    new Histogram({ name: 'lat', help: 'h', buckets: [1], registers: [registry] }).observe(2);
    const page = await registry.metrics();
    expect(samplesOf(page, 'lat_bucket')).toEqual([
      { labels: { le: '1' }, value: 0 },
      { labels: { le: '+Inf' }, value: 1 },
    ]);
    expect(samplesOf(page, 'lat_count')).toEqual([{ labels: {}, value: 1 }]);
    const odd = 'x{a="1"} +Inf\nx -Inf 1700000000000\nx NaN\n# x 5\nx{broken 4\n';
    expect(samplesOf(odd, 'x').map((sample) => sample.value)).toEqual([Infinity, -Infinity, NaN]);
  });
});
