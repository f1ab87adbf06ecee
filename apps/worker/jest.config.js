const preset = require('../../jest.preset');

module.exports = {
  ...preset,
  displayName: 'worker',
  rootDir: __dirname,
  // Integration tests: one migrated template database per run, one fresh copy per test file.
  globalSetup: '<rootDir>/../../libs/testing/src/global-setup.js',
  globalTeardown: '<rootDir>/../../libs/testing/src/global-teardown.js',
  testTimeout: 30000,
};
