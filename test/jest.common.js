/**
 * What every Jest config of the repository shares: TypeScript through swc (with the
 * decorator metadata Nest needs) and the @app/<lib> aliases of tsconfig.json.
 */
const { join } = require('node:path');

const rootDir = join(__dirname, '..');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const moduleNameMapper = {
  '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
  '^@app/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
};

/** The options of one project: spread it and add displayName and testMatch. */
const common = {
  rootDir,
  setupFiles: ['<rootDir>/test/jest.setup.ts'],
  moduleFileExtensions: ['js', 'json', 'ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testEnvironment: 'node',
};

/**
 * Tests are not timers: on a loaded 2-core machine a 100-run property test through a real
 * HTTP stack took over Jest's 5 s default. A global option (not a project one): each config
 * sets it at its root. Tests that wait for something longer pass their own.
 */
const testTimeout = 30_000;

module.exports = { common, testTimeout };
