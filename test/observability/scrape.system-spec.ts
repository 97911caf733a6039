import { SERVICE_NAMES } from '@app/config';
import { Demo, startDemo, waitFor } from '../support/processes';
import { Prometheus } from '../support/prometheus';

/**
 * A real Prometheus (Debian's, see scripts/setup-tools.mjs) with the shipped config and
 * rules, scraping the nine real services started the way `npm start` starts them, through
 * the same target file `npm run observe` writes.
 */

let demo: Demo;
let prometheus: Prometheus | undefined;

beforeAll(async () => {
  demo = await startDemo();
  await demo.process.waitForLine(/All 9 services are healthy/, 90_000);
  prometheus = await Prometheus.start({ targets: demo.ports });
}, 150_000);

afterAll(async () => {
  await prometheus?.stop();
  await demo?.process.kill();
}, 30_000);

it('scrapes all nine services, each up and labelled with its service name', async () => {
  const up = await waitFor(
    'all nine targets to be up',
    async () => {
      const samples = await prometheus!.vector('up');
      return samples.length === SERVICE_NAMES.length && samples.every((s) => s.value[1] === '1')
        ? samples
        : undefined;
    },
    30_000,
    1_000,
  );
  expect(up.map((sample) => [sample.metric.service, sample.metric.instance]).sort()).toEqual(
    SERVICE_NAMES.map((name) => [name, `127.0.0.1:${demo.ports[name]}`]).sort(),
  );
  for (const sample of up) expect(sample.metric.job).toBe('microservice-demo');
}, 60_000);
