const preset = require('../../jest.preset');

module.exports = {
  ...preset,
  displayName: 'service-config',
  rootDir: __dirname,
};
