const preset = require('../../jest.preset');

module.exports = {
  ...preset,
  displayName: 'platform',
  rootDir: __dirname,
};
