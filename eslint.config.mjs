import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// The process environment is read in libs/config and nowhere else: TypeScript calls
// environment() from @app/config, plain-Node scripts the same function in
// libs/config/environment.cjs, and tests change config through providers (createE2eApp),
// never by writing the environment.
const ENV_MESSAGE =
  'Read the environment with environment() from @app/config (libs/config/environment.cjs in ' +
  'plain-Node scripts): only libs/config reads the process environment.';
const PROCESS_MODULE = '/^(node:)?process$/';
const REQUIRE_PROCESS = `CallExpression[callee.name='require'][arguments.0.value=${PROCESS_MODULE}]`;
/** `env` of `process`, also as `process['env']` and `const { env } = process`. */
const ENV_PROPERTY = [{ object: 'process', property: 'env', message: ENV_MESSAGE }];
/** `import { env } from 'node:process'` (or 'process'), and `import * as proc` from them. */
const ENV_IMPORTS = ['process', 'node:process'].map((name) => ({
  name,
  importNames: ['env'],
  message: ENV_MESSAGE,
}));
/** The ways round the two rules above: through globalThis or require. */
const ENV_SYNTAX = [
  // env of globalThis.process or global.process
  "MemberExpression[property.name='env'][object.property.name='process']",
  // const { env } = globalThis.process
  "VariableDeclarator[init.property.name='process'] > ObjectPattern > Property[key.name='env']",
  // require('node:process').env
  `MemberExpression[property.name='env'] > ${REQUIRE_PROCESS}.object`,
  // const { env } = require('node:process')
  `VariableDeclarator:has(> ${REQUIRE_PROCESS}.init) > ObjectPattern > Property[key.name='env']`,
].map((selector) => ({ selector, message: ENV_MESSAGE }));
/** Shared code is imported through its alias, and apps never import from each other. */
const LIB_BOUNDARIES = [
  {
    group: ['../../libs/*', '**/libs/*/src/*'],
    message: 'Import shared code through its @app/<lib> alias.',
  },
  { group: ['**/apps/*'], message: 'Apps never import from each other.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-artifacts/**', '**/public/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // every file ESLint lints (.ts, .js, .mjs, .cjs: apps, libs, tests, scripts, docker)
    rules: {
      'no-restricted-properties': ['error', ...ENV_PROPERTY],
      'no-restricted-syntax': ['error', ...ENV_SYNTAX],
      'no-restricted-imports': ['error', { paths: ENV_IMPORTS }],
    },
  },
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ENV_IMPORTS, patterns: LIB_BOUNDARIES }],
    },
  },
  {
    // the one place that reads the environment
    files: ['libs/config/**'],
    rules: {
      'no-restricted-properties': 'off',
      'no-restricted-syntax': 'off',
      'no-restricted-imports': ['error', { patterns: LIB_BOUNDARIES }],
    },
  },
  {
    // the API services serve users; only the load generators drive traffic with @app/load
    files: ['apps/**/*.ts'],
    ignores: ['apps/load-generator/**', 'apps/load-generator-instabook/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@app/load', '@app/load/*', '**/libs/load/**'],
              message: "API services do not import the load generators' lib.",
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      '**/*.spec.ts',
      '**/*.e2e-spec.ts',
      '**/*.system-spec.ts',
      'libs/testing/**/*.ts',
      'test/**/*.ts',
    ],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        module: 'writable',
        require: 'readonly',
        process: 'readonly',
        __dirname: 'readonly',
      },
    },
    // CommonJS files (the Jest configs share their options through require)
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
