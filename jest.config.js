const { common, testTimeout } = require('./test/jest.common');

// The soak (`npm run test:soak`, jest.soak.config.js) matches *.soak-spec.ts, which no
// pattern below picks up: it takes minutes, so `npm test` leaves it out.
/** @type {import('jest').Config} */
module.exports = {
  testTimeout,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  projects: [
    {
      ...common,
      displayName: 'unit+e2e',
      testMatch: [
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/apps/**/test/*.e2e-spec.ts',
        '<rootDir>/test/*.e2e-spec.ts',
        '<rootDir>/test/**/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'system',
      testMatch: ['<rootDir>/test/**/*.system-spec.ts'],
    },
  ],
};
