const preset = require('../../jest.preset');

module.exports = {
  ...preset,
  displayName: 'gateway',
  rootDir: __dirname,
  // No database: the gateway never touches Postgres. Tests use real Redis and loopback servers.
  testTimeout: 30000,
};
