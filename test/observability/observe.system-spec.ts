import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICE_NAMES } from '@app/config';
import {
  Demo,
  RunningProcess,
  freePorts,
  getJson,
  startDemo,
  startNode,
  waitFor,
} from '../support/processes';

/**
 * `npm run observe` (dist/scripts/observe.js) against the demo started as `npm start` starts
 * it, on free ports passed the way `npm start -- --port` takes them, with its folder in a
 * temporary directory instead of the checkout's .observe/.
 */

let demo: Demo;
let dir: string;
let observe: RunningProcess | undefined;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'observe-spec-'));
  demo = await startDemo();
  await demo.process.waitForLine(/All 9 services are healthy/, 90_000);
  [port] = await freePorts(1);
  observe = startNode(
    'dist/scripts/observe.js',
    [
      ...SERVICE_NAMES.flatMap((name) => ['--port', `${name}=${demo.ports[name]}`]),
      ...['--prometheus-port', String(port), '--dir', dir],
    ],
    {},
  );
  await observe.waitForLine(/is ready on http:\/\/localhost:\d+/, 40_000);
}, 150_000);

afterAll(async () => {
  await observe?.kill();
  await demo?.process.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);

it('prints where Prometheus is and every target it scrapes', () => {
  const output = observe!.output();
  expect(output).toContain(`ready on http://localhost:${port}`);
  for (const name of SERVICE_NAMES) {
    expect(output).toMatch(new RegExp(`^  ${name} +127\\.0\\.0\\.1:${demo.ports[name]}$`, 'm'));
  }
});

it('runs the shipped config with its rules, and sees all nine services up', async () => {
  const url = `http://127.0.0.1:${port}`;
  const up = await waitFor(
    'all nine targets up',
    async () => {
      const { body } = await getJson(`${url}/api/v1/query?query=${encodeURIComponent('up == 1')}`);
      const result = (body as { data: { result: { metric: { service: string } }[] } }).data.result;
      return result.length === SERVICE_NAMES.length ? result : undefined;
    },
    30_000,
    1_000,
  );
  expect(up.map((sample) => sample.metric.service).sort()).toEqual([...SERVICE_NAMES].sort());

  const { body } = await getJson(`${url}/api/v1/rules`);
  const groups = (body as { data: { groups: { name: string }[] } }).data.groups;
  // every group of every shipped rule file is loaded
  const rulesDir = join(__dirname, '..', '..', 'docker', 'prometheus', 'rules');
  const shipped = readdirSync(rulesDir).flatMap((file) =>
    [...readFileSync(join(rulesDir, file), 'utf8').matchAll(/^ {2}- name: (\S+)$/gm)].map(
      (match) => match[1],
    ),
  );
  expect(shipped).toEqual(expect.arrayContaining(['http', 'instabook', 'runtime', 'scenarios']));
  expect(groups.map((group) => group.name).sort()).toEqual(shipped.sort());
  expect(readFileSync(join(dir, 'config', 'prometheus.yml'), 'utf8')).toBe(
    readFileSync(join(__dirname, '..', '..', 'docker', 'prometheus', 'prometheus.yml'), 'utf8'),
  );
}, 60_000);

it('refuses a taken port with one message saying what to do', async () => {
  const second = startNode(
    'dist/scripts/observe.js',
    ['--prometheus-port', String(port), '--dir', join(dir, 'second')],
    {},
  );
  expect(await second.exited).toEqual({ code: 1, signal: null });
  expect(second.lines).toEqual([
    expect.stringMatching(
      new RegExp(`^observe: port ${port} is already in use .*--prometheus-port`),
    ),
  ]);
}, 30_000);

it('stops Prometheus on Ctrl-C, exits 0 and keeps its data in --dir', async () => {
  observe!.signalGroup('SIGINT');
  const exit = await Promise.race([
    observe!.exited,
    new Promise<'hung'>((resolve) => setTimeout(resolve, 15_000, 'hung').unref()),
  ]);
  expect(exit).toEqual({ code: 0, signal: null });
  expect(observe!.groupAlive()).toBe(false);
  expect(existsSync(join(dir, 'data'))).toBe(true);
  expect(readdirSync(join(dir, 'data')).length).toBeGreaterThan(0);
}, 30_000);
