// Finds the system tools the test suites drive and records their absolute paths in
// .tools/system-tools.json, where test/support/system-tools.ts reads them. It is npm's
// `pretest`, so `npm ci && npm test` is all the set-up there is: as root on Debian/Ubuntu it
// installs what is missing with apt-get (the only source besides npm; no browser download),
// anyone else is told in one message what to run. It runs before every `npm test`, so when
// everything is there it only looks at files and starts nothing.
import { accessSync, constants, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { environment } from '../libs/config/environment.cjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RECORD = join(ROOT, '.tools', 'system-tools.json');

/**
 * One row per tool a suite spawns. `debian` is the package that provides it (several tools
 * may share one), `brew` / `brewCask` what macOS users install instead. `commands` are the
 * names looked up on PATH (default: the tool's name); `env` names a variable that, when set,
 * is the only place looked at; `paths` are install locations outside PATH, tried first;
 * `fallbacks` are tried last, when PATH has no such command.
 */
const TOOLS = [
  {
    name: 'chromium',
    debian: 'chromium',
    brewCask: 'chromium',
    env: 'CHROMIUM_PATH',
    // playwright-core drives any Chromium-based browser; these are where the Linux packages,
    // the snap and the macOS apps put one.
    paths: [
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/usr/bin/google-chrome',
      '/usr/bin/google-chrome-stable',
      '/opt/google/chrome/chrome',
      '/snap/bin/chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
    ],
    commands: ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'],
  },
  { name: 'shellcheck', debian: 'shellcheck', brew: 'shellcheck' },
  { name: 'docker-compose', debian: 'docker-compose', brew: 'docker-compose' },
  // One package holds both: the server the observability suites and `npm run observe` run,
  // and promtool, which checks its config, its rules and the services' /metrics. Debian's
  // lives in /usr/bin, which a trimmed PATH may lack.
  {
    name: 'prometheus',
    debian: 'prometheus',
    brew: 'prometheus',
    fallbacks: ['/usr/bin/prometheus'],
  },
  { name: 'promtool', debian: 'prometheus', brew: 'prometheus', fallbacks: ['/usr/bin/promtool'] },
];

const envErrors = TOOLS.flatMap((tool) => {
  const value = tool.env ? environment()[tool.env] : undefined;
  // An empty value counts as unset, as `CHROMIUM_PATH= npm test` means.
  return value && !isExecutableFile(resolve(value))
    ? [
        `${tool.env} is ${value}, which is not an executable file; point it at a ` +
          `${tool.name} binary or unset it to let \`npm test\` find or install one`,
      ]
    : [];
});
// A wrong setting is the user's to fix: installing a package would not change what it names.
if (envErrors.length) fail(envErrors.join('; '));

let found = findAll();
let missing = TOOLS.filter((tool) => !found[tool.name]);
let installedIn = '';

if (missing.length) {
  if (!canInstallDebianPackages()) fail(howToInstall(missing));
  const packages = unique(missing.map((tool) => tool.debian));
  process.stdout.write(
    `setup-tools: installing ${packages.join(', ')} with apt-get (first run only)\n`,
  );
  const started = Date.now();
  aptGet(['update']);
  aptGet(['install', '-y', '--no-install-recommends', ...packages]);
  installedIn = ` (installed in ${Math.round((Date.now() - started) / 1000)} s)`;
  found = findAll();
  missing = TOOLS.filter((tool) => !found[tool.name]);
  if (missing.length) {
    fail(
      `apt-get installed ${packages.join(', ')}, yet ${names(missing)} ` +
        `${missing.length > 1 ? 'are' : 'is'} still not found (PATH=${environment().PATH ?? ''})`,
    );
  }
}

mkdirSync(dirname(RECORD), { recursive: true });
writeFileSync(RECORD, `${JSON.stringify(found, null, 2)}\n`);
process.stdout.write(
  `setup-tools: ${TOOLS.map((tool) => `${tool.name} ${found[tool.name]}`).join(', ')}${installedIn}\n`,
);

function findAll() {
  return Object.fromEntries(TOOLS.map((tool) => [tool.name, find(tool)]));
}

/** The tool's absolute path, or undefined. */
function find(tool) {
  const fromEnv = tool.env ? environment()[tool.env] : undefined;
  if (fromEnv) return resolve(fromEnv);
  return (
    (tool.paths ?? []).find(isExecutableFile) ??
    (tool.commands ?? [tool.name]).map(onPath).find(Boolean) ??
    (tool.fallbacks ?? []).find(isExecutableFile)
  );
}

function onPath(command) {
  return (environment().PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => resolve(dir, command))
    .find(isExecutableFile);
}

function isExecutableFile(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function canInstallDebianPackages() {
  return process.getuid?.() === 0 && Boolean(onPath('apt-get'));
}

function aptGet(args) {
  const command = ['-qq', '-o', 'DPkg::Lock::Timeout=600', ...args];
  const result = spawnSync('apt-get', command, {
    env: { ...environment(), DEBIAN_FRONTEND: 'noninteractive' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error || result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-20);
    fail(
      `apt-get ${command.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n` +
        output.join('\n'),
    );
  }
}

function howToInstall(tools) {
  const browser = tools.find((tool) => tool.env);
  const orEnv = browser
    ? ` (for ${browser.name}, setting ${browser.env} to an installed Chrome or Chromium also works)`
    : '';
  return (
    `${names(tools)} ${tools.length > 1 ? 'are' : 'is'} not installed; the tests need ` +
    `${tools.length > 1 ? 'them' : 'it'}. Install with: ${installCommand(tools)}${orEnv}, ` +
    'then run `npm test` again.'
  );
}

function installCommand(tools) {
  if (process.platform === 'darwin') {
    const formulas = unique(tools.map((tool) => tool.brew).filter(Boolean));
    const casks = unique(tools.map((tool) => tool.brewCask).filter(Boolean));
    return [
      ...(formulas.length ? [`brew install ${formulas.join(' ')}`] : []),
      ...(casks.length ? [`brew install --cask ${casks.join(' ')}`] : []),
    ].join(' && ');
  }
  const packages = unique(tools.map((tool) => tool.debian));
  return `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

function names(tools) {
  return tools.map((tool) => tool.name).join(', ');
}

function unique(values) {
  return [...new Set(values)];
}

function fail(message) {
  process.stderr.write(`setup-tools: ${message}\n`);
  process.exit(1);
}
