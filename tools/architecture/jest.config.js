const preset = require('../../jest.preset');

module.exports = {
  ...preset,
  displayName: 'architecture',
  rootDir: __dirname,
};
