// Writes openapi/openapi.json from the route catalog (the same function the API serves).
// `--check` exits 1 when the committed copy differs, for CI's drift check.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openApiDocument } from '../apps/api/src/ops/openapi-document';

const target = path.join(__dirname, '..', 'openapi', 'openapi.json');
const fresh = JSON.stringify(openApiDocument(), null, 2) + '\n';

if (process.argv.includes('--check')) {
  const committed = readFileSync(target, 'utf8');
  if (committed !== fresh) {
    console.error('openapi/openapi.json is out of date: run `npm run openapi:generate` and commit it');
    process.exit(1);
  }
  console.log('openapi/openapi.json matches the code');
} else {
  writeFileSync(target, fresh);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
