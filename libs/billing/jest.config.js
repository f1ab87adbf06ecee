const preset = require('../../jest.preset');

module.exports = {
  ...preset,
  displayName: 'billing',
  rootDir: __dirname,
};
