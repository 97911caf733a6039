/**
 * The soak: a million session writes to the cache and a hundred thousand orders to
 * checkout, on the built services. Minutes long, so apart from `npm test`:
 * `npm run test:soak` (counts: SOAK_SESSIONS, SOAK_ORDERS).
 * @type {import('jest').Config}
 */
const { common } = require('./test/jest.common');

module.exports = {
  ...common,
  displayName: 'soak',
  testMatch: ['<rootDir>/test/soak/**/*.soak-spec.ts'],
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
