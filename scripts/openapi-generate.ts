// Writes openapi/openapi.json from the route catalog (the same function the API serves), and the
// typed client types of the CLI and of the console from that document (openapi-typescript): both
// clients are typed against the one document.
// `--check` exits 1 when a committed copy differs, for CI's drift check.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { openApiDocument } from '../apps/api/src/ops/openapi-document';

const root = path.join(__dirname, '..');
const documentPath = path.join(root, 'openapi', 'openapi.json');
const cliTypesPath = path.join(root, 'apps', 'cli', 'src', 'generated', 'api-types.ts');
const consoleTypesPath = path.join(root, 'apps', 'console', 'src', 'generated', 'api-types.ts');

async function main() {
  const document = openApiDocument();
  const documentText = JSON.stringify(document, null, 2) + '\n';
  const ast = await openapiTS(JSON.parse(documentText) as Parameters<typeof openapiTS>[0]);
  const cliTypes =
    '// Generated from openapi/openapi.json by scripts/openapi-generate.ts (openapi-typescript). Do not edit.\n' +
    astToString(ast);
  const outputs: [string, string, string][] = [
    [documentPath, documentText, 'openapi/openapi.json'],
    [cliTypesPath, cliTypes, 'apps/cli/src/generated/api-types.ts'],
    [consoleTypesPath, cliTypes, 'apps/console/src/generated/api-types.ts'],
  ];
  if (process.argv.includes('--check')) {
    let drift = false;
    for (const [file, fresh, label] of outputs) {
      let committed = '';
      try {
        committed = readFileSync(file, 'utf8');
      } catch {
        /* missing counts as drift */
      }
      if (committed !== fresh) {
        console.error(`${label} is out of date: run \`npm run openapi:generate\` and commit it`);
        drift = true;
      } else console.log(`${label} matches the code`);
    }
    if (drift) process.exit(1);
  } else {
    for (const [file, fresh, label] of outputs) {
      writeFileSync(file, fresh);
      console.log(`wrote ${label}`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
