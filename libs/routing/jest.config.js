const preset = require('../../jest.preset');

module.exports = {
  ...preset,
  displayName: 'routing',
  rootDir: __dirname,
};
