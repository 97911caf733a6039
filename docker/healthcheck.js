// Container health check: GET http://127.0.0.1:<port>/health, exit 0 on 200 and 1 otherwise.
// Plain Node with no dependencies, because the runtime image has neither curl nor wget (and
// should not gain them just for this) and holds only the bundle. Bundled by scripts/bundle.mjs
// (with esbuild, so the environment() it requires is inlined) into /app/healthcheck.js beside
// each service bundle; Docker's HEALTHCHECK and docker-compose run it.
//
// Port: the first argument if given, else the port the app itself listens on — load
// generators prefer METRICS_PORT over PORT (see libs/config), every other service uses PORT.
'use strict';
const http = require('node:http');
const { environment } = require('../libs/config/environment.cjs');

const TIMEOUT_MS = 2000;

function fail(message) {
  process.stderr.write(`healthcheck: ${message}\n`);
  process.exit(1);
}

const { APP, METRICS_PORT, PORT } = environment();
const isLoadGenerator = /^load-generator/.test(APP || '');
const port = process.argv[2] || (isLoadGenerator && METRICS_PORT) || PORT || '';
if (!/^\d+$/.test(port)) fail(`no port: pass one as an argument or set PORT (got "${port}")`);

const req = http.get(
  { host: '127.0.0.1', port: Number(port), path: '/health', timeout: TIMEOUT_MS },
  (res) => {
    res.resume();
    if (res.statusCode === 200) process.exit(0);
    fail(`GET /health on port ${port} answered ${res.statusCode}`);
  },
);
req.on('timeout', () => {
  req.destroy();
  fail(`GET /health on port ${port} took longer than ${TIMEOUT_MS} ms`);
});
req.on('error', (error) => fail(`GET /health on port ${port} failed: ${error.message}`));
