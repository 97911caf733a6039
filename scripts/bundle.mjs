// Bundles one service (or all nine) into a self-contained folder that runs with plain Node and
// no node_modules: what the container image ships (docker/Dockerfile's runtime stage).
//
//   npm run build && node scripts/bundle.mjs <service> [<service> ...] | --all [--sourcemap]
//
// Input is tsc's output, dist/apps/<service>/src/main.js, not the TypeScript: tsc already
// emitted the decorator metadata Nest's dependency injection reads (esbuild cannot emit it).
// Output, dist/bundle/<service>/:
//   main.js          the service and every runtime dependency in one CommonJS file
//   healthcheck.js   docker/healthcheck.js, run by the image's HEALTHCHECK
//   public/          instabook-cache only: the admin page. Its module serves
//                    join(__dirname, 'public'), and in a bundle __dirname is the bundle's folder.
//   main.js.map      only with --sourcemap (then run node --enable-source-maps main.js)
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
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

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
];

/** Extra files beside main.js, per service: [source, destination inside the bundle folder]. */
const ASSETS = {
  'instabook-cache': [['dist/apps/instabook-cache/src/admin/public', 'public']],
};

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

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

async function bundle(service, { sourcemap }) {
  const entry = join(DIST, 'apps', service, 'src', 'main.js');
  if (!existsSync(entry)) fail(`${entry} is missing: run \`npm run build\` first`);
  const outdir = join(OUT, service);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });

  // esbuild prints its own errors (logLevel); an unresolvable require() lands here
  const result = await build({
    entryPoints: [entry],
    outfile: join(outdir, 'main.js'),
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

  asciiOnly(join(outdir, 'main.js'));
  copyFileSync(join(ROOT, 'docker', 'healthcheck.js'), join(outdir, 'healthcheck.js'));
  for (const [from, to] of ASSETS[service] ?? []) {
    const source = join(ROOT, from);
    if (!existsSync(source)) fail(`${source} is missing: run \`npm run build\` first`);
    cpSync(source, join(outdir, to), { recursive: true });
  }
  return {
    service,
    main: statSync(join(outdir, 'main.js')).size,
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
    `${'service'.padEnd(width)}  ${'main.js'.padStart(9)}  ${'folder'.padStart(9)}  modules`,
    ...rows.map(
      (row) =>
        `${row.service.padEnd(width)}  ${mb(row.main).padStart(9)}  ${mb(row.total).padStart(9)}  ${row.inputs}`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\nbundles in ${OUT}\n`);
}

await main();
