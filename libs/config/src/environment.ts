import type { Env } from './load-env';

/**
 * The process environment, read here and nowhere else in TypeScript (an ESLint rule keeps
 * `process.env` inside libs/config): config factories validate it, and scripts and tests
 * that start processes pass it on. Plain-Node scripts, which cannot import TypeScript, call
 * the same function in libs/config/environment.cjs.
 */
export function environment(): Env {
  return process.env;
}
