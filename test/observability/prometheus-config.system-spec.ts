import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { SERVICE_NAMES, TOPOLOGY } from '@app/config';
import {
  COMPOSE_TARGETS_FILE,
  PROMETHEUS_CONFIG_DIR,
  TargetGroup,
  composeTargets,
  localTargets,
  targetFileText,
  writeLocalConfig,
} from '../../scripts/prometheus-config';
import { ROOT } from '../support/processes';
import { systemTool } from '../support/system-tools';

/**
 * docker/prometheus as promtool (Debian's, the Prometheus 2.42 line) reads it: the config in
 * both of its variants (Compose's committed targets, the local ones `npm run observe` writes),
 * and the alerting rules against their unit tests in docker/prometheus/tests/.
 */

const SOURCE = join(ROOT, PROMETHEUS_CONFIG_DIR);

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
}
interface RuleFile {
  groups: { name: string; rules: Rule[] }[];
}
interface RuleTestFile {
  rule_files: string[];
  tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
}

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'prometheus-config-spec-'));
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function promtool(args: string[]): { status: number | null; output: string } {
  const result = spawnSync(systemTool('promtool'), args, { encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const readYaml = <T>(path: string) => parse(readFileSync(path, 'utf8')) as T;
const ruleFiles = () => readdirSync(join(SOURCE, 'rules')).filter((f) => f.endsWith('.yml'));
const testFiles = () => readdirSync(join(SOURCE, 'tests')).filter((f) => f.endsWith('.yml'));

describe('prometheus.yml', () => {
  it('is valid with the Compose targets, and loads every rule file', () => {
    const { status, output } = promtool(['check', 'config', join(SOURCE, 'prometheus.yml')]);
    expect({ status, output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    expect(output).toContain(`SUCCESS: ${ruleFiles().length} rule files found`);
  });

  it('is valid as the copy `npm run observe` runs, with local targets', () => {
    const config = writeLocalConfig(ROOT, join(scratch, 'local'), localTargets());
    const { status, output } = promtool(['check', 'config', config]);
    expect({ status, output }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    expect(readdirSync(join(scratch, 'local', 'targets'))).toEqual(['local.json']);
  });

  it('fails the check when a target file is broken (the check reads the targets too)', () => {
    const dir = join(scratch, 'broken');
    writeLocalConfig(ROOT, dir, localTargets());
    writeFileSync(join(dir, 'targets', 'local.json'), '[{"targets": "not-a-list"}]');
    expect(promtool(['check', 'config', join(dir, 'prometheus.yml')]).status).not.toBe(0);
  });
});

describe('the scrape targets', () => {
  it('targets/compose.json is what the topology gives: every service by DNS name and port', () => {
    const committed = JSON.parse(readFileSync(join(ROOT, COMPOSE_TARGETS_FILE), 'utf8')) as unknown;
    // On failure, regenerate with the text printed here as the file's content.
    expect({ file: COMPOSE_TARGETS_FILE, groups: committed }).toEqual({
      file: COMPOSE_TARGETS_FILE,
      groups: JSON.parse(targetFileText(composeTargets())),
    });
    expect(composeTargets()).toContainEqual({
      targets: ['instabook-cache:8086'],
      labels: { service: 'instabook-cache' },
    });
  });

  it('local and Compose targets name the same nine services with the same labels', () => {
    const labelsOf = (groups: TargetGroup[]) => groups.map((group) => group.labels);
    expect(labelsOf(localTargets())).toEqual(labelsOf(composeTargets()));
    expect(labelsOf(composeTargets())).toEqual(SERVICE_NAMES.map((service) => ({ service })));
    expect(localTargets({ gateway: 9080 }).map((group) => group.targets[0])).toEqual(
      SERVICE_NAMES.map((name) => `127.0.0.1:${name === 'gateway' ? 9080 : TOPOLOGY[name].port}`),
    );
  });
});

describe('alerting rules', () => {
  it('pass promtool check rules', () => {
    const files = ruleFiles().map((file) => join(SOURCE, 'rules', file));
    const { status, output } = promtool(['check', 'rules', ...files]);
    expect({ status, output }).toEqual({ status: 0, output: expect.any(String) });
  });

  it('pass their unit tests (promtool test rules)', () => {
    const files = testFiles().map((file) => join(SOURCE, 'tests', file));
    expect(files.length).toBeGreaterThan(0);
    const { status, output } = promtool(['test', 'rules', ...files]);
    expect({ status, output }).toEqual({ status: 0, output: expect.any(String) });
    expect(output.match(/SUCCESS/g)).toHaveLength(files.length);
  });

  it('each alert is tested both firing and silent', () => {
    const alerts = ruleFiles().flatMap((file) =>
      readYaml<RuleFile>(join(SOURCE, 'rules', file)).groups.flatMap((group) =>
        group.rules.flatMap((rule) => (rule.alert ? [rule.alert] : [])),
      ),
    );
    const checks = testFiles().flatMap((file) =>
      readYaml<RuleTestFile>(join(SOURCE, 'tests', file)).tests.flatMap(
        (test) => test.alert_rule_test ?? [],
      ),
    );
    expect(alerts.sort()).toEqual([
      'DemoScenarioActive',
      'EventLoopLagHigh',
      'HighHttpErrorRatio',
      'HighHttpLatencyP99',
      'InstabookCacheAuthFailures',
      'InstabookCacheRejectsRequests',
      'ProcessCpuSaturated',
      'ProcessMemoryNearLimit',
      'ProcessRestarted',
      'TargetDown',
    ]);
    for (const alert of alerts) {
      const mine = checks.filter((check) => check.alertname === alert);
      expect({ alert, fires: mine.some((check) => check.exp_alerts.length > 0) }).toEqual({
        alert,
        fires: true,
      });
      expect({ alert, silent: mine.some((check) => check.exp_alerts.length === 0) }).toEqual({
        alert,
        silent: true,
      });
    }
  });

  // The unit tests must be able to fail: an alert that never fires, or one that always fires
  // (same labels, no threshold), must each break them. Every alert is broken both ways in a
  // copy of docker/prometheus, one at a time.
  const ALERTS = ruleFiles().flatMap((file) =>
    readYaml<RuleFile>(join(SOURCE, 'rules', file)).groups.flatMap((group, g) =>
      group.rules.flatMap((rule, r) => (rule.alert ? [{ file, g, r, alert: rule.alert }] : [])),
    ),
  );
  const MUTANTS: [string, (expr: string) => string][] = [
    ['never fire', (expr) => `(${expr}) > Inf`],
    // drops the final comparison: every series of the expression fires, labels unchanged
    ['always fire', (expr) => `${expr.replace(/\s*(>|<|==)\s*[\d.]+\s*$/, '')} >= -Inf`],
  ];

  it.each(ALERTS.flatMap((a) => MUTANTS.map(([how, mutate]) => ({ ...a, how, mutate }))))(
    '$alert, made to $how, fails its unit tests',
    ({ file, g, r, alert, how, mutate }) => {
      const dir = join(scratch, `mutant-${alert}-${how.replace(/\W/g, '-')}`);
      cpSync(SOURCE, dir, { recursive: true });
      const rules = readYaml<RuleFile>(join(dir, 'rules', file));
      const rule = rules.groups[g].rules[r];
      const mutated = mutate(rule.expr.trim());
      expect(mutated).not.toBe(rule.expr.trim());
      rule.expr = mutated;
      writeFileSync(join(dir, 'rules', file), stringify(rules));
      expect(promtool(['check', 'rules', join(dir, 'rules', file)]).status).toBe(0);

      const tests = testFiles().map((test) => join(dir, 'tests', test));
      const { status, output } = promtool(['test', 'rules', ...tests]);
      expect(status).not.toBe(0);
      expect(output).toContain(`alertname: ${alert}`);
    },
  );
});
