// A require hook that runs the repo's TypeScript directly (scripts, jest global setup):
// SWC strips types (keeping decorator metadata for Nest) and tsconfig path aliases resolve
// to their source files. Apps in production run the compiled output of scripts/build.js.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '..');
const { compilerOptions } = require(path.join(root, 'tsconfig.base.json'));
const aliases = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [alias, path.join(root, target)]),
);
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;

if (!globalThis.__switchyardRegistered) {
  globalThis.__switchyardRegistered = true;
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, parent, ...rest) {
    return resolve.call(this, aliases[request] ?? request, parent, ...rest);
  };
  require.extensions['.ts'] = (module, filename) => {
    const source = fs.readFileSync(filename, 'utf8');
    const { code } = swc.transformSync(source, { ...swcrc, filename, sourceMaps: 'inline', swcrc: false });
    module._compile(code, filename);
  };
}
