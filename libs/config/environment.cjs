'use strict';
// The process environment for plain-Node code outside the TypeScript build: scripts/*.mjs and
// the image's healthcheck.js (scripts/bundle.mjs bundles this file into it). TypeScript reads
// it through src/environment.ts; an ESLint rule keeps `process.env` inside libs/config.
exports.environment = () => process.env;
