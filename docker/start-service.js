'use strict';
// The entry point of a service bundle (dist/bundle/<service>/main.js, the image's CMD): runs
// service.js, the bundled service, with V8's code cache from service.js.cache when the cache
// was made by this Node with these V8 flags (scripts/bundle.mjs makes it by starting the
// service once with the shipped heap flags). V8 then skips parsing and compiling the 4 MB
// bundle and the functions start-up runs. When the cache is missing or V8 refuses it (another
// Node version, other flags), the bundle is compiled as usual: slower to start, same service.
//
// For scripts/bundle.mjs and its test only: with CODE_CACHE_WRITE=1, on SIGUSR2 (sent once the
// service is healthy) the code compiled so far is written to service.js.cache and the process
// exits; with CODE_CACHE_CHECK=1 it prints whether V8 takes the cache (used, refused, none)
// and exits without starting the service.
//
// scripts/bundle.mjs bundles this file with esbuild into main.js, so that the environment()
// it requires is inlined: the image holds no libs/ folder to require it from.
const { readFileSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');
const { environment } = require('../libs/config/environment.cjs');

const file = join(__dirname, 'service.js');
const cacheFile = `${file}.cache`;

let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}

// The CommonJS wrapper on a line of its own, which lineOffset takes back out, so that line
// and column numbers in stack traces (and source maps) are those of service.js.
const script = new Script(
  `(function (exports, require, module, __filename, __dirname) {\n${readFileSync(file, 'utf8')}\n})`,
  { filename: file, lineOffset: -1, cachedData },
);

const { CODE_CACHE_CHECK, CODE_CACHE_WRITE } = environment();

if (CODE_CACHE_CHECK === '1') {
  process.stdout.write(
    cachedData === undefined ? 'none\n' : script.cachedDataRejected ? 'refused\n' : 'used\n',
  );
  process.exit(0);
}

if (CODE_CACHE_WRITE === '1') {
  process.once('SIGUSR2', () => {
    writeFileSync(cacheFile, script.createCachedData());
    process.exit(0);
  });
}

const service = new Module(file, module);
service.filename = file;
script.runInThisContext()(service.exports, Module.createRequire(file), service, file, __dirname);
