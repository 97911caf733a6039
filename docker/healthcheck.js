// Container health check: GET http://127.0.0.1:<port>/health, exit 0 on 200 and 1 otherwise.
// Plain Node with no dependencies, because the runtime image has neither curl nor wget (and
// should not gain them just for this) and holds only the bundle. Copied beside each bundle
// as /app/healthcheck.js by scripts/bundle.mjs; Docker's HEALTHCHECK and docker-compose run it.
//
// Port: the first argument if given, else the port the app itself listens on — load
// generators prefer METRICS_PORT over PORT (see libs/config), every other service uses PORT.
'use strict';
const http = require('node:http');

const TIMEOUT_MS = 2000;

function fail(message) {
  process.stderr.write(`healthcheck: ${message}\n`);
  process.exit(1);
}

const isLoadGenerator = /^load-generator/.test(process.env.APP || '');
const port =
  process.argv[2] || (isLoadGenerator && process.env.METRICS_PORT) || process.env.PORT || '';
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
