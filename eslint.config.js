// ESLint flat config. Module-boundary tags enforce DESIGN.md's layering:
//   scope:pure  (libs/rollout, libs/billing) — no I/O, no SDK, no Nest, no clock of its own
//   scope:shared (contracts, platform, db, cloud-providers, testing) — may do I/O
//   scope:app   (apps/*) — wire libraries to I/O; nothing imports an app
const nx = require('@nx/eslint-plugin');
const tseslint = require('typescript-eslint');
const prettier = require('eslint-config-prettier');

/** Packages and node modules that do I/O or own a clock: banned in scope:pure. */
const ioModules = [
  '@prisma/*', 'prisma', 'pg', 'ioredis', 'bullmq', '@nestjs/*', '@aws-sdk/*', '@google-cloud/*',
  'undici', 'axios', 'pino', 'prom-client',
  'fs', 'fs/*', 'node:fs', 'node:fs/*', 'net', 'node:net', 'http', 'node:http', 'https', 'node:https',
  'child_process', 'node:child_process', 'dgram', 'node:dgram', 'tls', 'node:tls', 'dns', 'node:dns',
  'os', 'node:os', 'process', 'node:process', 'worker_threads', 'node:worker_threads',
  'timers', 'node:timers', 'timers/*', 'node:timers/*', 'perf_hooks', 'node:perf_hooks',
];

module.exports = [
  { ignores: ['**/node_modules/**', 'dist/**', '.nx/**', 'libs/db/src/generated/**', 'coverage/**', 'tmp/**'] },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            {
              sourceTag: 'scope:pure',
              onlyDependOnLibsWithTags: ['scope:pure'],
              bannedExternalImports: ioModules,
            },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:pure', 'scope:shared'] },
            { sourceTag: 'scope:app', onlyDependOnLibsWithTags: ['scope:pure', 'scope:shared'] },
          ],
        },
      ],
    },
  },
  {
    // Config files and scripts are CommonJS.
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests read untyped JSON responses.
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The pure core takes time as an argument: a clock of its own is a lint error.
    files: ['libs/rollout/src/**/*.ts', 'libs/billing/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.test.ts'],
    rules: {
      // Nx's bannedExternalImports only knows packages in the project graph (installed npm
      // packages); Node built-ins and SDKs not yet installed need this pattern guard too.
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: [...ioModules, 'node:*'], message: 'libs/rollout and libs/billing are pure: no I/O, no SDK, no framework.' }] },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Pure libs take `now` as an argument.' },
        { object: 'performance', property: 'now', message: 'Pure libs take `now` as an argument.' },
        { object: 'Math', property: 'random', message: 'Pure libs are deterministic.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Pure libs take `now` as an argument.' },
        { selector: "Identifier[name='process']", message: 'Pure libs do not read the process environment.' },
        { selector: "CallExpression[callee.name=/^(setTimeout|setInterval|setImmediate|fetch)$/]", message: 'Pure libs do no I/O and keep no timers.' },
      ],
    },
  },
];
