#!/usr/bin/env node
// usage: node scripts/run-ts.js path/to/script.ts [args...]
require('./register');
const path = require('node:path');
const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node scripts/run-ts.js <script.ts> [args...]');
  process.exit(2);
}
process.argv = [process.argv[0], path.resolve(script), ...args];
require(path.resolve(script));
