#!/usr/bin/env node
// Writes the Nx project files for one app or lib (used once per project; kept for new libs).
// usage: node scripts/scaffold-project.js <dir> <tag> [--integration]
const fs = require('node:fs');
const path = require('node:path');
const [dir, tag, flag] = process.argv.slice(2);
const name = path.basename(dir);
const isApp = dir.startsWith('apps/');
const up = dir.split('/').map(() => '..').join('/');
fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
const project = {
  name: isApp ? name : `lib-${name}`,
  $schema: `${up}/node_modules/nx/schemas/project-schema.json`,
  sourceRoot: `${dir}/src`,
  projectType: isApp ? 'application' : 'library',
  tags: [tag],
  targets: {
    lint: { executor: 'nx:run-commands', options: { command: `eslint ${dir} --max-warnings=0` } },
    typecheck: { executor: 'nx:run-commands', options: { command: `tsc -p ${dir}/tsconfig.json --noEmit` } },
    test: { executor: 'nx:run-commands', options: { command: `jest -c ${dir}/jest.config.js` } },
  },
};
fs.writeFileSync(path.join(dir, 'project.json'), JSON.stringify(project, null, 2) + '\n');
fs.writeFileSync(
  path.join(dir, 'tsconfig.json'),
  JSON.stringify({ extends: `${up}/tsconfig.base.json`, include: ['src/**/*.ts', 'test/**/*.ts'] }, null, 2) + '\n',
);
const integration = flag === '--integration';
fs.writeFileSync(
  path.join(dir, 'jest.config.js'),
  `const preset = require('${up}/jest.preset');\n\nmodule.exports = {\n  ...preset,\n  displayName: '${name}',\n  rootDir: __dirname,\n` +
    (integration
      ? `  // Integration tests: one migrated template database per run, one fresh copy per test file.\n  globalSetup: '${up}/libs/testing/src/global-setup.js',\n  globalTeardown: '${up}/libs/testing/src/global-teardown.js',\n  testTimeout: 30000,\n`
      : '') +
    `};\n`,
);
