#!/usr/bin/env node
// Compiles apps/ and libs/ to dist/ with SWC (decorator metadata kept for Nest). tsconfig
// path aliases are rewritten to relative paths at compile time, so `node dist/apps/api/src/main.js`
// runs with no loader. Type checking is the `typecheck` target's job (tsc --noEmit).
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'dist');
const { compilerOptions } = require(path.join(root, 'tsconfig.base.json'));
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;

function* sources(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'test') yield* sources(full);
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
console.log(`built ${count} files into dist/ in ${Date.now() - started} ms`);
