// Jest globalTeardown: drops this run's template and every test database copied from it,
// including those of test files that crashed before calling drop(). Teardowns run after every
// test of the run has finished, so the first project's teardown may drop it for all.
require('../../../scripts/register');
const { dropRunDatabases } = require('./template-database');
const { TEMPLATE_DB_ENV } = require('./postgres-server');

module.exports = async function globalTeardown() {
  const template = process.env[TEMPLATE_DB_ENV];
  if (!template || globalThis.__switchyardTemplateDropped) return;
  globalThis.__switchyardTemplateDropped = true;
  await dropRunDatabases(template);
};
