const preset = require('../../jest.preset');

module.exports = {
  ...preset,
  displayName: 'cloud-providers',
  rootDir: __dirname,
};
