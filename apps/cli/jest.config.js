const preset = require('../../jest.preset');

module.exports = {
  ...preset,
  displayName: 'cli',
  rootDir: __dirname,
  // Integration tests (test/): the real API (and worker) as processes on a database of their
  // own, copied from one migrated template per run.
  globalSetup: '<rootDir>/../../libs/testing/src/global-setup.js',
  globalTeardown: '<rootDir>/../../libs/testing/src/global-teardown.js',
  testTimeout: 30000,
};
