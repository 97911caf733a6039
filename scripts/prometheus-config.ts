/**
 * The scrape targets of docker/prometheus/prometheus.yml, derived from the topology table so
 * that Compose, `npm run observe` and the tests scrape the same nine services with the same
 * `service` label. The config itself is shared verbatim; only the file_sd target file
 * differs: Compose reads the committed targets/compose.json (service DNS names), local runs
 * get a copy of the config folder with a targets/local.json for their ports.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_NAMES, ServiceName, TOPOLOGY } from '@app/config';

/** One file_sd target group: https://prometheus.io/docs/prometheus/latest/configuration/configuration/#file_sd_config */
export interface TargetGroup {
  targets: string[];
  labels: { service: string };
}

/** Where the shared config lives, relative to the repository root. */
export const PROMETHEUS_CONFIG_DIR = join('docker', 'prometheus');
export const COMPOSE_TARGETS_FILE = join(PROMETHEUS_CONFIG_DIR, 'targets', 'compose.json');

/** Every service's /metrics address (load generators: their METRICS_PORT), labelled by name. */
export function scrapeTargets(address: (name: ServiceName) => string): TargetGroup[] {
  return SERVICE_NAMES.map((name) => ({ targets: [address(name)], labels: { service: name } }));
}

/** The targets inside Compose: each service by its DNS name and topology port. */
export function composeTargets(): TargetGroup[] {
  return scrapeTargets((name) => `${name}:${TOPOLOGY[name].port}`);
}

/** The targets of services running on this machine, on the given ports (default: topology). */
export function localTargets(
  ports: Partial<Record<ServiceName, number>> = {},
  services: readonly ServiceName[] = SERVICE_NAMES,
): TargetGroup[] {
  return scrapeTargets((name) => `127.0.0.1:${ports[name] ?? TOPOLOGY[name].port}`).filter(
    (group) => services.includes(group.labels.service as ServiceName),
  );
}

/** The text of a target file: what compose.json must contain, byte for byte. */
export function targetFileText(groups: TargetGroup[]): string {
  return `${JSON.stringify(groups, null, 2)}\n`;
}

/**
 * Copies prometheus.yml and rules/ from `<root>/docker/prometheus` into `dest` and writes
 * `dest/targets/local.json`; returns the path of the copied prometheus.yml. The copy has no
 * compose.json, so its `targets/*.json` matches the local targets only.
 */
export function writeLocalConfig(root: string, dest: string, groups: TargetGroup[]): string {
  const source = join(root, PROMETHEUS_CONFIG_DIR);
  mkdirSync(join(dest, 'targets'), { recursive: true });
  cpSync(join(source, 'prometheus.yml'), join(dest, 'prometheus.yml'));
  cpSync(join(source, 'rules'), join(dest, 'rules'), { recursive: true });
  writeFileSync(join(dest, 'targets', 'local.json'), targetFileText(groups));
  return join(dest, 'prometheus.yml');
}

/** The command line of a Prometheus running a config written by `writeLocalConfig`. */
export function prometheusArgs({
  config,
  data,
  listen,
}: {
  config: string;
  data: string;
  listen: string;
}): string[] {
  return [
    `--config.file=${config}`,
    `--storage.tsdb.path=${data}`,
    `--web.listen-address=${listen}`,
    // a demo's history: enough to look back at the last story, small on disk
    '--storage.tsdb.retention.time=1d',
    '--log.level=warn',
  ];
}
