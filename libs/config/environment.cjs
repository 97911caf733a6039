'use strict';
// environment() for plain Node, where TypeScript cannot be imported: scripts/*.mjs import it,
// and scripts/bundle.mjs bundles it into docker/start-service.js and docker/healthcheck.js.
// The same function as src/environment.ts (which TypeScript imports through @app/config);
// with it, process.env is read inside libs/config and nowhere else (an ESLint rule).

/** @returns {Readonly<Record<string, string | undefined>>} the process environment */
function environment() {
  return process.env;
}

module.exports = { environment };
