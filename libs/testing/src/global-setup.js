// Jest globalSetup: one migrated template database per run (see template-database.ts). Runs in
// Jest's parent process; the env it sets is inherited by the test workers. When one Jest run
// covers several projects (npm test), each project's globalSetup runs in this same process:
// the first creates the template, the others reuse it.
require('../../../scripts/register');
const { applyMigrations } = require('@switchyard/db/migrations');
const { createTemplateDatabase } = require('./template-database');
const { TEMPLATE_DB_ENV } = require('./postgres-server');

module.exports = async function globalSetup() {
  globalThis.__switchyardTemplate ??= createTemplateDatabase(applyMigrations);
  process.env[TEMPLATE_DB_ENV] = await globalThis.__switchyardTemplate;
};
