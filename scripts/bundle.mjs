// Bundles one service (or all nine) into a self-contained folder that runs with plain Node and
// no node_modules: what the container image ships (docker/Dockerfile's runtime stage).
//
//   npm run build && node scripts/bundle.mjs <service> [<service> ...] | --all [--sourcemap]
//
// Input is tsc's output, dist/apps/<service>/src/main.js, not the TypeScript: tsc already
// emitted the decorator metadata Nest's dependency injection reads (esbuild cannot emit it).
// Output, dist/bundle/<service>/:
//   main.js            docker/start-service.js, bundled: runs service.js with its code cache
//   service.js         the service and every runtime dependency in one CommonJS file
//   service.js.cache   V8's code cache of service.js, made by starting the service once with
//                      the shipped heap flags (valid for this Node version and those flags)
//   healthcheck.js     docker/healthcheck.js, bundled: run by the image's HEALTHCHECK
//   public/            instabook-cache and gateway only: the cache's admin page or the
//                      gateway's console, the service's static files (scripts/copy-assets.mjs).
//                      Its module serves join(__dirname, 'public'), and in a bundle __dirname
//                      is the bundle's folder.
//   swagger-ui/        the Swagger UI files /docs serves (libs/core/src/api-docs.ts looks for
//                      them beside the bundle): only the five the page loads, so the folder
//                      it serves holds nothing else
//   service.js.map     only with --sourcemap (then run node --enable-source-maps main.js)
/* global fetch */
import { build } from 'esbuild';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, sep } from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { environment } from '../libs/config/environment.cjs';
import { staticFilesOf } from './copy-assets.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const OUT = join(DIST, 'bundle');

// Packages that Nest and its modules require lazily, only when a feature we do not use is
// switched on (microservices, websockets, Fastify, terminus's database indicators). They are
// not installed, so esbuild cannot resolve them: left external, the require() stays in the
// bundle and is only reached on those code paths, where Nest's loadPackage/optionalRequire
// (or terminus's checkPackages) turns a missing package into a clear error or a no-op.
// This is exactly the set esbuild reports as unresolved; a new one fails the bundle (below),
// so that nobody ships a require() that breaks at runtime without noticing.
const LAZY_OPTIONAL_PACKAGES = [
  '@nestjs/microservices', // @nestjs/core: NestFactory.createMicroservice, app.connectMicroservice
  '@nestjs/microservices/microservices-module', // @nestjs/core: optionalRequire at load
  '@nestjs/websockets/socket-module', // @nestjs/core: optionalRequire at load
  '@fastify/static', // @nestjs/serve-static: only with the Fastify adapter
  '@mikro-orm/core', // @nestjs/terminus database health indicators, unused
  '@nestjs/mongoose',
  '@nestjs/sequelize/dist/common/sequelize.utils',
  '@nestjs/typeorm/dist/common/typeorm.utils',
  // @nestjs/mapped-types (via @nestjs/swagger): the fallback of a try { require('class-transformer/cjs/storage') }
  'class-transformer/storage',
  // libs/core/src/api-docs.ts: require.resolve, only where swagger-ui/ is not beside the bundle
  'swagger-ui-dist/package.json',
];

/**
 * Copies the service's static files from where `npm run build` put them into the bundle. A
 * module finds its files relative to its own folder (join(__dirname, ...)), and in a bundle
 * every module's folder is the bundle's: each file goes to its path below the folder of the
 * nearest module above it (admin/public/index.html → public/index.html).
 */
function copyStaticFiles(service, outdir) {
  for (const { from, to, files } of staticFilesOf(service)) {
    for (const file of files) {
      const source = join(to, file);
      if (!existsSync(source)) fail(`${source} is missing: run \`npm run build\` first`);
      const parts = file.split(sep);
      let below = 0;
      for (let depth = 1; depth < parts.length; depth += 1) {
        const folder = join(from, ...parts.slice(0, depth));
        if (readdirSync(folder).some((name) => name.endsWith('.ts'))) below = depth;
      }
      cpSync(source, join(outdir, ...parts.slice(below)));
    }
  }
}

/** What @nestjs/swagger's /docs page loads from swagger-ui-dist (its swagger-ui/constants.js). */
const SWAGGER_UI_FILES = [
  'swagger-ui.css',
  'swagger-ui-bundle.js',
  'swagger-ui-standalone-preset.js',
  'favicon-32x32.png',
  'favicon-16x16.png',
];
const SWAGGER_UI_DIR = 'swagger-ui'; // libs/core/src/api-docs.ts: SWAGGER_UI_DIR

function usage(names) {
  return [
    'usage: node scripts/bundle.mjs <service> [<service> ...] | --all [--sourcemap]',
    `services: ${names.join(', ')}`,
    'Run `npm run build` first: the bundler reads tsc output from dist/.',
  ].join('\n');
}

function fail(message) {
  process.stderr.write(`bundle: ${message}\n`);
  process.exit(1);
}

function serviceNames() {
  // The one list of services (libs/config/src/topology.ts), compiled by `npm run build`.
  const topology = join(DIST, 'libs/config/src/topology.js');
  if (!existsSync(topology)) fail(`${topology} is missing: run \`npm run build\` first`);
  return [...createRequire(import.meta.url)(topology).SERVICE_NAMES];
}

/**
 * Escapes every non-ASCII character left in the bundle as `\\uXXXX`. esbuild escapes them in
 * strings and identifiers but leaves regular expression literals as they are (validator.js
 * has locale alphabets such as /^[А-Я]+$/i), and one such character makes V8 hold the whole
 * 4 MB source as a two-byte string: 8 MB of heap instead of 4, for the life of the process.
 * The escape means the same in a regex, string, template or identifier; only a regex's
 * `source` spells it differently. Lines stay where they are (a source map's columns move).
 */
function asciiOnly(file) {
  const code = readFileSync(file, 'utf8');
  // eslint-disable-next-line no-control-regex
  const escaped = code.replace(/[^\x00-\x7f]/g, (unit) => {
    return `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  if (escaped !== code) writeFileSync(file, escaped);
}

function folderSize(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + folderSize(join(path, name)), 0);
}

/** A port nothing listens on, for the service's downstreams while its code cache is made. */
const CLOSED_URL = 'http://127.0.0.1:9';
const CACHE_DEADLINE_MS = 60_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

/**
 * Starts the bundled service once, as the image and Compose run it (the shipped heap flags,
 * NODE_ENV=production, its downstreams at a closed port so nothing is called), waits for
 * /health, and has start-service.js write V8's code cache of everything compiled so far:
 * the next start skips parsing and compiling the bundle. The cache is only valid for this
 * Node and these V8 flags; elsewhere V8 refuses it and the service compiles as usual.
 * Returns the milliseconds this start took to answer /health.
 */
async function makeCodeCache(service, outdir) {
  const { TOPOLOGY } = createRequire(import.meta.url)(join(DIST, 'libs/config/src/topology.js'));
  const { heapLimitFlag } = createRequire(import.meta.url)(join(DIST, 'libs/config/src/memory.js'));
  const spec = TOPOLOGY[service];
  const port = await freePort();
  const env = {
    PATH: environment().PATH ?? '',
    NODE_ENV: 'production',
    CODE_CACHE_WRITE: '1',
    [spec.portEnv]: String(port),
    ...Object.fromEntries(Object.keys(spec.downstreams).map((name) => [name, CLOSED_URL])),
  };
  const started = Date.now();
  const child = spawn(process.execPath, [...heapLimitFlag().split(' '), 'main.js'], {
    cwd: outdir,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  let healthyAfter;
  while (Date.now() - started < CACHE_DEADLINE_MS && child.exitCode === null) {
    const status = await fetch(`http://127.0.0.1:${port}/health`).then(
      (res) => res.status,
      () => 0,
    );
    if (status === 200) {
      healthyAfter = Date.now() - started;
      break;
    }
    await sleep(20);
  }
  if (healthyAfter === undefined) {
    child.kill('SIGKILL');
    fail(`${service} did not answer /health while its code cache was made:\n${stderr}`);
  }
  child.kill('SIGUSR2');
  const code = await exited;
  if (code !== 0 || !existsSync(join(outdir, 'service.js.cache'))) {
    fail(`${service} did not write its code cache (exit ${code}):\n${stderr}`);
  }
  return healthyAfter;
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

/**
 * A plain-Node script of docker/ as one file: esbuild inlines what it requires from the
 * repository (libs/config/environment.cjs), which the image does not hold. Not minified: the
 * file stays readable in a running container.
 */
async function bundleScript(name, outfile) {
  await build({
    entryPoints: [join(ROOT, 'docker', name)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    banner: { js: `// docker/${name}, bundled by scripts/bundle.mjs` },
    logLevel: 'warning',
  }).catch(() => fail(`esbuild could not bundle docker/${name} (see above)`));
}

async function bundle(service, { sourcemap }) {
  const entry = join(DIST, 'apps', service, 'src', 'main.js');
  if (!existsSync(entry)) fail(`${entry} is missing: run \`npm run build\` first`);
  const outdir = join(OUT, service);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });

  // esbuild prints its own errors (logLevel); an unresolvable require() lands here
  const result = await build({
    entryPoints: [entry],
    outfile: join(outdir, 'service.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // whitespace and syntax only: identifiers stay readable in stack traces, and keepNames
    // preserves class names, which Nest uses as provider tokens and in its logs
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    sourcemap: sourcemap ? 'linked' : false,
    external: LAZY_OPTIONAL_PACKAGES,
    logLevel: 'warning',
    metafile: true,
  }).catch(() =>
    fail(
      `esbuild could not bundle ${service} (see above). A package that cannot be resolved is ` +
        'either a missing dependency or a new lazily loaded optional one for LAZY_OPTIONAL_PACKAGES.',
    ),
  );

  asciiOnly(join(outdir, 'service.js'));
  await bundleScript('start-service.js', join(outdir, 'main.js'));
  await bundleScript('healthcheck.js', join(outdir, 'healthcheck.js'));
  copyStaticFiles(service, outdir);
  const swaggerUi = join(ROOT, 'node_modules', 'swagger-ui-dist');
  mkdirSync(join(outdir, SWAGGER_UI_DIR));
  for (const file of SWAGGER_UI_FILES) {
    copyFileSync(join(swaggerUi, file), join(outdir, SWAGGER_UI_DIR, file));
  }
  const started = await makeCodeCache(service, outdir);
  return {
    service,
    main: statSync(join(outdir, 'service.js')).size,
    cache: statSync(join(outdir, 'service.js.cache')).size,
    started,
    total: folderSize(outdir),
    inputs: Object.keys(result.metafile.inputs).length,
  };
}

async function main() {
  const names = serviceNames();
  const args = process.argv.slice(2);
  const sourcemap = args.includes('--sourcemap');
  const rest = args.filter((arg) => arg !== '--sourcemap');
  if (rest.length === 0 || rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${usage(names)}\n`);
    process.exit(rest.length === 0 ? 1 : 0);
  }
  const all = rest.includes('--all');
  const wanted = all ? names : rest;
  for (const name of wanted) {
    if (!names.includes(name)) fail(`unknown service "${name}"\n${usage(names)}`);
  }

  const rows = [];
  for (const service of wanted) rows.push(await bundle(service, { sourcemap }));

  const width = Math.max(...rows.map((row) => row.service.length), 'service'.length);
  const lines = [
    `${'service'.padEnd(width)}  ${'service.js'.padStart(10)}  ${'code cache'.padStart(10)}  ${'folder'.padStart(9)}  modules  started in`,
    ...rows.map(
      (row) =>
        `${row.service.padEnd(width)}  ${mb(row.main).padStart(10)}  ${mb(row.cache).padStart(10)}  ${mb(row.total).padStart(9)}  ${String(row.inputs).padStart(7)}  ${row.started} ms`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\nbundles in ${OUT}\n`);
}

await main();
