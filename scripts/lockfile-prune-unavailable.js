#!/usr/bin/env node
// The npm registry reachable from our machines does not serve every platform's optional native
// package (e.g. @swc/core-darwin-arm64 answers 404). `npm install` then records the optional
// edge but not the package, and `npm ci` refuses the lockfile ("Missing: … from lock file").
// This removes optional edges whose package is absent from the lockfile. Run it after any
// `npm install` that changes package-lock.json; `npm ci` then installs cleanly here.
const fs = require('node:fs');
const path = require('node:path');

const file = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(file, 'utf8'));
const present = new Set(Object.keys(lock.packages).map((key) => key.replace(/^.*node_modules\//, '')));
let pruned = 0;
for (const [key, entry] of Object.entries(lock.packages)) {
  if (!entry.optionalDependencies) continue;
  for (const name of Object.keys(entry.optionalDependencies)) {
    if (!present.has(name)) {
      delete entry.optionalDependencies[name];
      pruned++;
      console.log(`pruned ${name} (optional dependency of ${key || 'the root'}, not served by the registry)`);
    }
  }
  if (Object.keys(entry.optionalDependencies).length === 0) delete entry.optionalDependencies;
}
fs.writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`${pruned} optional edge(s) pruned`);
