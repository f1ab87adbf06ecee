const preset = require('../../jest.preset');

module.exports = {
  ...preset,
  displayName: 'cli',
  rootDir: __dirname,
};
