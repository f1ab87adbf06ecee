const preset = require('../../jest.preset');

module.exports = {
  ...preset,
  displayName: 'e2e',
  rootDir: __dirname,
  // Integration tests: one migrated template database per run, one fresh copy per test file.
  globalSetup: '../../libs/testing/src/global-setup.js',
  globalTeardown: '../../libs/testing/src/global-teardown.js',
  testTimeout: 30000,
};
