#!/usr/bin/env node
// Compiles apps/ and libs/ to dist/ with SWC (decorator metadata kept for Nest). tsconfig
// path aliases are rewritten to relative paths at compile time, so `node dist/apps/api/src/main.js`
// runs with no loader. Type checking is the `typecheck` target's job (tsc --noEmit).
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '..');
// `--out DIR`: a private build (tools/e2e, bench/demo), so that a test run never deletes the
// dist/ another process is running from.
const outFlag = process.argv.indexOf('--out');
const out = outFlag > 0 && process.argv[outFlag + 1] ? path.resolve(root, process.argv[outFlag + 1]) : path.join(root, 'dist');
const { compilerOptions } = require(path.join(root, 'tsconfig.base.json'));
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;

function* sources(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      // apps/console is a browser app: Vite builds it below.
      if (entry.name !== 'node_modules' && entry.name !== 'test' && full !== path.join(root, 'apps', 'console')) yield* sources(full);
    } else if (entry.name.endsWith('.ts') && !/\.(spec|test)\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      yield full;
    }
  }
}

const started = Date.now();
fs.rmSync(out, { recursive: true, force: true });
let count = 0;
for (const top of ['apps', 'libs']) {
  for (const file of sources(path.join(root, top))) {
    const { code, map } = swc.transformFileSync(file, {
      ...swcrc,
      swcrc: false,
      sourceMaps: true,
      jsc: { ...swcrc.jsc, baseUrl: root, paths: compilerOptions.paths },
    });
    const target = path.join(out, path.relative(root, file)).replace(/\.ts$/, '.js');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map`);
    if (map) fs.writeFileSync(`${target}.map`, map);
    count++;
  }
}
console.log(`built ${count} files into ${path.relative(root, out) || out}/ in ${Date.now() - started} ms`);
// `--server-only`: api, worker and gateway without the console (tools/e2e, bench/demo).
if (process.argv.includes('--server-only')) process.exit(0);

// The console's static build, which the API serves at `/` (CONSOLE_DIR, default dist/console).
// Vite is ESM-only, hence the dynamic import.
(async () => {
  const consoleStarted = Date.now();
  const vite = await import('vite');
  const consoleOut = path.join(out, 'console');
  await vite.build({
    configFile: path.join(root, 'apps', 'console', 'vite.config.mjs'),
    build: { outDir: consoleOut, emptyOutDir: true },
    logLevel: 'warn',
  });
  console.log(`built the console into ${path.relative(root, consoleOut) || consoleOut}/ in ${Date.now() - consoleStarted} ms`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
