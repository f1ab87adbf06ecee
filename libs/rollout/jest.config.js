const preset = require('../../jest.preset');

module.exports = {
  ...preset,
  displayName: 'rollout',
  rootDir: __dirname,
};
